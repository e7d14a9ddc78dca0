"""Finish here and send the patient on (loket → Poli Umum, poli → Lab or Apotek, …): one
step, from a dialog listing the services of this facility that may be the visit's next
stage (`api_client.stages`), each with a digit key (1–9) as well as a tap. The visit
keeps its booking code, so the patient's ticket and QR follow them; they get a new
number at the next service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from api_client.models import Service
from session.i18n import Translator
from views.staff.current import key_cap


def transfer_dialog(
    t: Translator,
    number: str,
    targets: list[Service],
    on_pick: Callable[[Service], Awaitable[None]],
    on_cancel: Callable[[], object],
) -> ft.AlertDialog:
    _ = t.gettext
    rows: list[ft.Control] = []
    for i, service in enumerate(targets, start=1):
        key = str(i) if i <= 9 else None
        rows.append(ft.Semantics(identifier=f"transfer-to-{service.code}", content=ft.OutlinedButton(
            height=56,
            tooltip=_("{service} (tombol {key})").format(service=service.name, key=key)
            if key else service.name,
            on_click=_picker(on_pick, service),
            content=ft.Row(spacing=12, controls=[
                key_cap(key) if key else ft.Container(width=24),
                ft.Text(service.name, size=18, weight=ft.FontWeight.W_500, expand=True),
                ft.Icon(ft.Icons.ARROW_FORWARD, size=20),
            ]),
        )))
    if not rows:
        rows.append(ft.Text(_("Tidak ada layanan berikutnya di sini. Tekan Selesai (D).")))
    return ft.AlertDialog(
        title=ft.Semantics(identifier="transfer-title", content=ft.Text(
            _("Selesai dan kirim {number} ke:").format(number=number))),
        content=ft.Column([
            ft.Semantics(identifier="transfer-note", content=ft.Text(
                _("Pasien mendapat nomor baru di sana; kode booking dan tiketnya tetap sama."),
                color=ft.Colors.ON_SURFACE_VARIANT)),
            *rows,
        ], spacing=8, scroll=ft.ScrollMode.AUTO, width=440, height=min(56 + len(rows) * 64, 560),
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        actions=[ft.TextButton(content=_("Batal (Esc)"), on_click=lambda: on_cancel())],
    )


def _picker(on_pick: Callable[[Service], Awaitable[None]], service: Service) -> Callable[[], Awaitable[None]]:
    async def click() -> None:
        await on_pick(service)

    return click
