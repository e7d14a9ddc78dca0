"""Data saya (in Pengaturan): a person sees the data the service holds about them,
at every facility, or has it deleted. They prove it is theirs with a booking code and
the phone number used for it; a wrong pair answers the same as an unknown code.
What opens is only the visits booked with that booking's NIK *and* that phone number
(a NIK alone proves nothing: anyone can type it), and the screen says so: every visit
of a NIK is for Dinkes, who checks the KTP at a desk. Deleting asks once more: it
cannot be undone (the queue numbers stay, for statistics, with no one behind them).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar, cast

import flet as ft

from api_client import ApiError, NotFound
from api_client.models import Anonymisation, PersonalDataExport
from components.booking_proof import proof_errors
from components.message_line import message_line
from session.context import use_session
from session.i18n import error_message
from views.preferences.privacy_visit import PrivacyVisit
from views.preferences.section import PreferenceSection

Answer = TypeVar("Answer")


@ft.component
def PrivacyData() -> ft.Control:
    session = use_session()
    t, client = session.t, session.deps.client
    _ = t.gettext
    code, set_code = ft.use_state("")
    phone, set_phone = ft.use_state("")
    errors, set_errors = ft.use_state(dict[str, str]())
    problem, set_problem = ft.use_state("")
    export, set_export = ft.use_state(cast(PersonalDataExport | None, None))
    confirming, set_confirming = ft.use_state(False)
    deleted, set_deleted = ft.use_state("")
    busy, set_busy = ft.use_state(False)


    async def ask(act: Callable[..., Awaitable[Answer]], done: Callable[[Answer], None]) -> None:
        set_problem("")
        set_deleted("")
        found = proof_errors(t, code, phone)
        set_errors(found)
        if found:
            return
        set_busy(True)
        try:
            result = await act(booking_code=code.strip(), phone=phone)
        except NotFound:
            set_problem(_("Data tidak ditemukan. Periksa lagi kode booking dan nomor HP "
                          "yang dipakai saat mendaftar."))
        except ApiError as exc:
            set_problem(error_message(t, exc.code))
        else:
            done(result)
        finally:
            set_busy(False)

    async def show() -> None:
        set_confirming(False)
        await ask(client.privacy.export, set_export)

    async def delete() -> None:
        def forgotten(result: Anonymisation) -> None:
            set_export(None)
            set_confirming(False)
            set_code("")
            set_phone("")
            set_deleted(t.ngettext(
                "Data pribadi Anda di {n} kunjungan sudah dihapus.",
                "Data pribadi Anda di {n} kunjungan sudah dihapus.",
                result.visits,
            ).format(n=result.visits))

        await ask(client.privacy.anonymise, forgotten)

    def typed(setter: Callable[[str], None], field: str) -> Callable[[ft.Event], None]:
        def on_change(e: ft.Event) -> None:
            setter(e.control.value or "")
            if field in errors:
                set_errors({k: v for k, v in errors.items() if k != field})
        return on_change

    found: PersonalDataExport | None = export
    controls: list[ft.Control] = [
        ft.Semantics(identifier="privacy-scope", content=ft.Text(
            _("Yang ditampilkan hanya kunjungan yang didaftarkan dengan nomor HP ini. Untuk semua "
              "kunjungan atas satu NIK, datanglah ke Dinas Kesehatan atau loket puskesmas dengan "
              "membawa KTP."),
            theme_style=ft.TextThemeStyle.BODY_MEDIUM,
        )),
        ft.Semantics(identifier="privacy-code", content=ft.TextField(
            label=_("Kode booking"), value=code, hint_text="K7QD-2M9F-XH3TA",
            capitalization=ft.TextCapitalization.CHARACTERS, autocorrect=False,
            error=errors.get("code"), error_max_lines=3, on_change=typed(set_code, "code"),
        )),
        ft.Semantics(identifier="privacy-phone", content=ft.TextField(
            label=_("Nomor HP"), value=phone, hint_text="0812 3456 7890",
            keyboard_type=ft.KeyboardType.PHONE, error=errors.get("phone"), error_max_lines=3,
            on_change=typed(set_phone, "phone"),
        )),
        ft.Row(wrap=True, spacing=12, run_spacing=8, controls=[
            ft.Semantics(identifier="privacy-export", content=ft.OutlinedButton(
                _("Lihat data saya"), icon=ft.Icons.VISIBILITY, on_click=show,
                disabled=busy,
            )),
            ft.Semantics(identifier="privacy-delete", content=ft.OutlinedButton(
                _("Hapus data saya"), icon=ft.Icons.DELETE_FOREVER,
                on_click=lambda: set_confirming(True), disabled=busy,
            )),
        ]),
    ]
    if confirming:
        controls += [
            ft.Text(_("Nama, NIK, nomor HP, nomor BPJS, dan tanggal lahir Anda di semua kunjungan "
                      "yang didaftarkan dengan nomor HP ini akan dihapus dan tidak bisa dikembalikan. "
                      "Pendaftaran yang belum dilayani akan dibatalkan. Nomor antrean tetap disimpan "
                      "tanpa nama untuk statistik.")),
            ft.Semantics(identifier="privacy-delete-confirm", content=ft.FilledButton(
                _("Ya, hapus data saya"), icon=ft.Icons.DELETE_FOREVER,
                on_click=delete, disabled=busy,
                style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR),
            )),
        ]
    if problem:
        controls.append(message_line(problem, identifier="privacy-problem", error=True))
    if deleted:
        controls.append(message_line(deleted, identifier="privacy-deleted"))
    if found is not None:
        controls += [PrivacyVisit(visit) for visit in found.visits]
    return PreferenceSection(
        _("Data saya"),
        [ft.Column(spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH, controls=controls)],
        help_text=_("Lihat atau hapus data pribadi yang disimpan layanan ini. Masukkan kode booking "
                    "dan nomor HP yang dipakai saat mendaftar."),
    )
