"""Right after sending: the tracking code, very big, with a copy button, and the way
to its status page. The code is the only key to the complaint: nothing else finds it."""

from __future__ import annotations

import flet as ft

from api_client.identity import format_booking_code
from api_client.models import Complaint
from session.context import use_session, use_t
from session.theme import code_size


@ft.component
def ComplaintSent(complaint: Complaint) -> ft.Control:
    t = use_t()
    _ = t.gettext
    page = ft.context.page
    copied, set_copied = ft.use_state(False)
    grouped = format_booking_code(complaint.tracking_code)

    async def copy() -> None:
        await ft.Clipboard().set(grouped)
        set_copied(True)

    return ft.Card(content=ft.Container(padding=20, content=ft.Column(
        horizontal_alignment=ft.CrossAxisAlignment.CENTER, spacing=12,
        controls=[
            ft.Icon(ft.Icons.MARK_EMAIL_READ, size=56, color=ft.Colors.PRIMARY),
            ft.Text(_("Pengaduan Anda sudah kami terima"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                    weight=ft.FontWeight.BOLD, text_align=ft.TextAlign.CENTER),
            ft.Text(_("Kode pengaduan"), theme_style=ft.TextThemeStyle.LABEL_LARGE),
            ft.Semantics(identifier="complaint-code", content=ft.Text(
                grouped, size=code_size("display_small", use_session().prefs.text_scale),
                weight=ft.FontWeight.BOLD,
                color=ft.Colors.PRIMARY, text_align=ft.TextAlign.CENTER,
            )),
            ft.Text(_("Simpan atau catat kode ini. Hanya dengan kode ini Anda bisa melihat balasan "
                      "petugas. Petugas akan menanggapi paling lambat {date}.").format(
                        date=t.format_date(complaint.respond_by, "full")),
                    text_align=ft.TextAlign.CENTER, theme_style=ft.TextThemeStyle.BODY_LARGE),
            ft.Row(wrap=True, alignment=ft.MainAxisAlignment.CENTER, spacing=12, run_spacing=12, controls=[
                ft.Semantics(identifier="copy-code", content=ft.OutlinedButton(
                    _("Kode disalin") if copied else _("Salin kode"),
                    icon=ft.Icons.CHECK if copied else ft.Icons.COPY, on_click=copy,
                )),
                ft.Semantics(identifier="open-complaint", content=ft.FilledButton(
                    _("Lihat status pengaduan"), icon=ft.Icons.ARROW_FORWARD,
                    on_click=lambda: page.navigate(f"/pengaduan/{complaint.tracking_code}"),
                )),
            ]),
        ],
    )))
