"""Send the patient on (loket → Poli Umum, poli → Apotek, …): a dialog listing the
facility's other services, each with a digit key (1–9) as well as a tap."""

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
            height=52,
            tooltip=_("{service} (tombol {key})").format(service=service.name, key=key)
            if key else service.name,
            on_click=_picker(on_pick, service),
            content=ft.Row(spacing=12, controls=[
                key_cap(key) if key else ft.Container(width=24),
                ft.Text(service.name, size=16, expand=True),
            ]),
        )))
    return ft.AlertDialog(
        title=ft.Text(_("Pindahkan {number} ke:").format(number=number)),
        content=ft.Column(rows, spacing=8, scroll=ft.ScrollMode.AUTO, width=420,
                          height=min(len(rows) * 60, 540),
                          horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        actions=[ft.TextButton(content=_("Batal (Esc)"), on_click=lambda: on_cancel())],
    )


def _picker(on_pick: Callable[[Service], Awaitable[None]], service: Service) -> Callable[[], Awaitable[None]]:
    async def click() -> None:
        await on_pick(service)

    return click
