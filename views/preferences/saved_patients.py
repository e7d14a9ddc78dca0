"""Pasien tersimpan (in Pengaturan): the patients this device keeps for quick booking,
what is kept and where, and a way to forget each one (asked once more)."""

from __future__ import annotations

from functools import partial

import flet as ft

from api_client.identity import mask_nik
from components.kept_patients import unreadable_notice
from components.secondary_button import SecondaryButton
from session.context import save_wallet, use_session
from session.i18n import Translator
from views.preferences.section import PreferenceSection


@ft.component
def SavedPatients() -> ft.Control:
    session = use_session()
    _ = session.t.gettext
    profiles = session.wallet.profiles
    forgetting, set_forgetting = ft.use_state("")  # the NIK asked about

    async def forget(nik: str) -> None:
        session.wallet.forget_profile(nik)
        set_forgetting("")
        await save_wallet(session)

    rows: list[ft.Control] = []
    for i, p in enumerate(reversed(profiles)):
        rows.append(ft.Semantics(identifier=f"saved-patient-{i}", content=ft.Column(spacing=2, controls=[
            ft.Text(p.name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.BOLD),
            ft.Text(_("NIK {nik}").format(nik=mask_nik(p.nik)), theme_style=ft.TextThemeStyle.BODY_LARGE),
        ])))
        if forgetting == p.nik:
            rows.append(ft.Text(_("Hapus {name} dari perangkat ini? Tiket yang sudah diambil tetap "
                                  "berlaku.").format(name=p.name), theme_style=ft.TextThemeStyle.BODY_LARGE))
            rows.append(ft.Row(wrap=True, spacing=12, run_spacing=8, controls=[
                SecondaryButton(f"saved-patient-forget-yes-{i}", _("Ya, hapus"), ft.Icons.DELETE,
                                partial(forget, p.nik)),
                SecondaryButton(f"saved-patient-forget-no-{i}", _("Batal"), ft.Icons.CLOSE,
                                lambda: set_forgetting("")),
            ]))
        else:
            rows.append(SecondaryButton(f"saved-patient-forget-{i}",
                                        _("Hapus {name}").format(name=p.name), ft.Icons.DELETE_OUTLINE,
                                        partial(set_forgetting, p.nik)))
    if not rows:
        rows.append(ft.Text(_("Belum ada. Data pasien disimpan saat Anda mengambil nomor, jika "
                              "Anda mau."), theme_style=ft.TextThemeStyle.BODY_LARGE))
    if session.wallet.patients_unreadable:
        rows.insert(0, unreadable_notice(session.t))
    return PreferenceSection(_("Pasien tersimpan"), rows,
                             help_text=what_is_kept(session.t, web=ft.context.page.web))


def what_is_kept(t: Translator, *, web: bool) -> str:
    if web:
        return t.gettext(
            "Nama, NIK, tanggal lahir, nomor HP, nomor BPJS dan cara bayar terakhir, terkunci "
            "(terenkripsi) di browser ini saja, tidak di server kami; kuncinya disimpan terpisah di "
            "browser ini. Siapa pun yang memakai browser ini bisa memakainya untuk mengambil nomor.")
    return t.gettext(
        "Nama, NIK, tanggal lahir, nomor HP, nomor BPJS dan cara bayar terakhir, terkunci "
        "(terenkripsi) di HP ini saja, tidak di server kami, dengan kunci yang hanya bisa dibaca "
        "aplikasi ini. Siapa pun yang memakai HP ini bisa memakainya untuk mengambil nomor.")
