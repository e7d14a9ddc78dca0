"""The kiosk face (Anjungan Pasien Mandiri), to be built: its own route table."""

from __future__ import annotations

import flet as ft

from views.context import use_t


@ft.component
def KioskStartView() -> ft.View:
    _ = use_t().gettext
    return ft.View(route="/", controls=[ft.Text(_("Ambil Nomor Antrean"))])


KIOSK_ROUTES = [ft.Route(component=KioskStartView)]
