"""Pengaduan written offline on this phone and sent later by the outbox: their
tracking codes, which the person never saw when they pressed Kirim."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from api_client.identity import format_booking_code
from api_client.outbox import Outbox
from session.context import Connectivity, use_t


@ft.component
def ComplaintsSentLater(connectivity: Connectivity, outbox: Outbox | None) -> ft.Control:
    """``connectivity`` is an argument so that the outbox sending re-renders this."""
    _ = use_t().gettext
    codes = outbox.sent_complaints() if outbox is not None and connectivity.sent >= 0 else []
    page = ft.context.page

    def open_code(code: str) -> Callable[[], Awaitable[None]]:
        async def go() -> None:
            await page.push_route(f"/pengaduan/{code}")
        return go

    return ft.Semantics(identifier="complaints-sent-later", visible=bool(codes), content=ft.Column(
        [
            ft.Text(_("Terkirim dari HP ini"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                    weight=ft.FontWeight.BOLD),
            ft.Text(_("Pengaduan yang Anda tulis saat tidak ada koneksi. Simpan kodenya untuk "
                      "melihat tanggapan petugas.")),
            *(
                ft.Semantics(identifier=f"sent-complaint-{code}", content=ft.OutlinedButton(
                    format_booking_code(code), icon=ft.Icons.MARK_EMAIL_READ_OUTLINED,
                    on_click=open_code(code),
                ))
                for code in codes
            ),
        ],
        spacing=8,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    ))
