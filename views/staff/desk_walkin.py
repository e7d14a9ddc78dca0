"""The walk-in form of the desk (key W; while it is open it owns the keys): the
service, the lane with its reason (keys 1–5), an optional NIK, "Ambil nomor" (Enter);
then the number, large, printed on the desk's receipt printer or written down when
there is none or it fails. (A form in the desk, not a dialog: flet 1.0.5 renders a
component only inside the page's tree, and a dialog shown with `page.show_dialog` is
outside it.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from components.lanes import lane_label
from components.printing import PrintStatus
from session.context import use_t
from session.i18n import Translator, error_message
from views.staff.current import key_cap
from views.staff.typed_text import use_typed_text
from views.staff.walkin_model import LANES, DeskWalkin


def print_sentence(t: Translator, walkin: DeskWalkin) -> str:
    _ = t.gettext
    if walkin.printed is PrintStatus.printing:
        return _("Mencetak di printer meja ini…")
    if walkin.printed is PrintStatus.printed:
        return _("Tiket sudah dicetak. Berikan kepada pasien.")
    if not walkin.has_printer:
        return _("Meja ini tidak punya printer: tuliskan nomor ini untuk pasien.")
    return _("Printer tidak bisa mencetak (mati atau kertas habis). Nomor tetap berlaku: "
             "tuliskan nomor ini untuk pasien.")


@ft.component
def WalkinForm(
    walkin: DeskWalkin, on_close: Callable[[], object], on_focus: Callable[[bool], Any]
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    # The NIK as typed (views/staff/typed_text.py); the model clears it once a number is out.
    nik = use_typed_text(walkin.nik, on_typed=walkin.type_nik)
    nik.follow(walkin.nik)
    close = ft.Semantics(identifier="walkin-close", content=ft.TextButton(
        content=_("Tutup (Esc)"), on_click=lambda: on_close(), disabled=walkin.busy))
    if walkin.issued is not None:
        ticket = walkin.issued.ticket
        failed = walkin.printed is PrintStatus.failed
        return _framed(ft.Column(tight=True, spacing=12,
                         horizontal_alignment=ft.CrossAxisAlignment.CENTER, controls=[
            ft.Text(_("Nomor antrean"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            ft.Semantics(identifier="walkin-number", content=ft.Text(
                ticket.display_number, size=96, weight=ft.FontWeight.BOLD, color=ft.Colors.PRIMARY)),
            ft.Text(f"{ticket.service_name} · {lane_label(t, ticket.lane, walkin.lane.reason)}", size=18),
            ft.Semantics(identifier="walkin-print", live_region=True, content=ft.Container(
                padding=12, border_radius=8,
                bgcolor=ft.Colors.ERROR_CONTAINER if failed else ft.Colors.SECONDARY_CONTAINER,
                content=ft.Text(print_sentence(t, walkin), size=16, color=ft.Colors.ON_ERROR_CONTAINER
                                if failed else ft.Colors.ON_SECONDARY_CONTAINER),
            )),
            ft.Row(alignment=ft.MainAxisAlignment.END, controls=[
                ft.Semantics(identifier="walkin-next", content=ft.FilledButton(
                    on_click=walkin.next_patient,
                    content=ft.Row(tight=True, spacing=8, controls=[
                        ft.Text(_("Nomor berikutnya")), key_cap("W")]))),
                close,
            ]),
        ]))

    def service_button(index: int) -> ft.Control:
        service = walkin.services[index]
        chosen = service is walkin.service or (walkin.service is not None and service.id == walkin.service.id)
        button = ft.FilledButton if chosen else ft.OutlinedButton
        return ft.Semantics(identifier=f"walkin-service-{service.code}", selected=chosen, content=button(
            content=service.name, on_click=lambda: walkin.choose_service(service)))

    def lane_button(index: int) -> ft.Control:
        choice = LANES[index]
        chosen = choice == walkin.lane
        button = ft.FilledButton if chosen else ft.OutlinedButton
        key = choice.reason.value if choice.reason else "umum"
        return ft.Semantics(identifier=f"walkin-lane-{key}", selected=chosen, content=button(
            on_click=lambda: walkin.choose_lane(choice),
            content=ft.Row(tight=True, spacing=8, controls=[
                ft.Icon(choice.icon), ft.Text(_(choice.label)), key_cap(str(index + 1))]),
        ))

    async def submit(_e: object) -> None:
        await walkin.issue()

    rows: list[ft.Control] = [
        ft.Text(_("Nomor antrean di loket"), theme_style=ft.TextThemeStyle.TITLE_LARGE),
        ft.Text(_("Layanan")),
        ft.Row(wrap=True, spacing=8, run_spacing=8,
               controls=[service_button(i) for i in range(len(walkin.services))]),
        ft.Text(_("Jenis antrean")),
        ft.Row(wrap=True, spacing=8, run_spacing=8, controls=[lane_button(i) for i in range(len(LANES))]),
        ft.Semantics(identifier="walkin-nik", content=ft.TextField(
            label=_("NIK pasien (boleh dikosongkan)"), value=nik.shown(), max_length=24,
            keyboard_type=ft.KeyboardType.NUMBER,
            error=error_message(t, walkin.nik_error[0], walkin.nik_error[1]) if walkin.nik_error else None,
            on_change=nik.typed, on_submit=submit,
            on_focus=lambda: on_focus(True), on_blur=lambda: on_focus(False),
        )),
    ]
    if walkin.error:
        rows.append(ft.Semantics(identifier="walkin-error", live_region=True, content=ft.Text(
            error_message(t, walkin.error), color=ft.Colors.ERROR)))
    rows.append(ft.Row(alignment=ft.MainAxisAlignment.END, controls=[
        ft.Semantics(identifier="walkin-issue", content=ft.FilledButton(
            disabled=walkin.busy or walkin.service is None, on_click=walkin.issue,
            content=ft.Row(tight=True, spacing=8, controls=[
                ft.ProgressRing(width=18, height=18, stroke_width=2) if walkin.busy
                else ft.Icon(ft.Icons.CONFIRMATION_NUMBER),
                ft.Text(_("Ambil nomor")), key_cap("Enter")]))),
        close,
    ]))
    return _framed(ft.Column(rows, tight=True, spacing=12))


def _framed(content: ft.Control) -> ft.Control:
    return ft.Container(padding=16, border_radius=12, border=ft.Border.all(2, ft.Colors.PRIMARY),
                        content=content)


@ft.component
def DeskPrinter(
    setting: str, on_save: Callable[[str], Any], on_focus: Callable[[bool], Any],
    on_walkin: Callable[[], object],
) -> ft.Control:
    """"Nomor untuk pasien (W)", and this console's receipt printer at this counter
    (kept in this browser, like the kiosk's printer setting on the kiosk PC)."""
    t = use_t()
    _ = t.gettext

    async def save(e: ft.Event[ft.TextField]) -> None:
        await on_save(e.control.value or "")

    async def leave(e: ft.Event[ft.TextField]) -> None:
        on_focus(False)
        await save(e)

    return ft.Row(wrap=True, spacing=12, run_spacing=12, vertical_alignment=ft.CrossAxisAlignment.CENTER,
                  controls=[
        ft.Semantics(identifier="action-walkin", content=ft.FilledTonalButton(
            height=56, on_click=lambda: on_walkin(),
            tooltip=_("{action} (tombol {key})").format(action=_("Nomor untuk pasien"), key="W"),
            content=ft.Row(tight=True, spacing=8, controls=[
                ft.Icon(ft.Icons.CONFIRMATION_NUMBER),
                ft.Text(_("Nomor untuk pasien"), size=16, weight=ft.FontWeight.W_600), key_cap("W")]),
        )),
        ft.Semantics(identifier="desk-printer", content=ft.TextField(
            label=_("Printer struk meja ini"), value=setting, width=250, dense=True, helper_max_lines=2,
            hint_text="network:192.168.1.50:9100",
            helper=_("Kosong: nomor ditampilkan besar untuk ditulis."),
            on_submit=save, on_blur=leave, on_focus=lambda: on_focus(True),
        )),
    ])
