"""Staff console (to be built)."""

from __future__ import annotations

import flet as ft

from views.context import use_t


@ft.component
def StaffConsoleView() -> ft.View:
    _ = use_t().gettext
    return ft.View(route="/staff", appbar=ft.AppBar(title=ft.Text(_("Konsol Petugas"))), controls=[])
