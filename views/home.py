"""Beranda (to be built out): quick actions."""

from __future__ import annotations

import flet as ft

from views.context import use_t


@ft.component
def HomeView() -> ft.View:
    _ = use_t().gettext
    page = ft.context.page
    return ft.View(
        route="/",
        appbar=ft.AppBar(title=ft.Text(_("Layanan Sehat Rembang"))),
        controls=[
            ft.Button(_("Cari Faskes"), on_click=lambda: page.navigate("/faskes")),
            ft.Button(_("Tiket Saya"), on_click=lambda: page.navigate("/tiket")),
            ft.Button(_("Pengaturan"), on_click=lambda: page.navigate("/pengaturan")),
        ],
    )
