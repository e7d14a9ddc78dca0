"""Tiket (to be built)."""

from __future__ import annotations

import flet as ft

from views.context import use_t


@ft.component
def TicketScreen() -> ft.View:
    _ = use_t().gettext
    return ft.View(
        route=ft.use_view_path(),
        appbar=ft.AppBar(title=ft.Text(_("Tiket"))),
        controls=[],
    )
