"""The kiosk's start screen: two big choices and which services are open now."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from session.context import use_t
from views.kiosk.problem import kiosk_message
from views.kiosk.services import ServiceTile, TileState
from views.kiosk.style import BIG, BODY, INK, MUTED, OK, PRIMARY, KioskButton, KioskTile, line, screen


def _open_chip(name: str) -> ft.Control:
    return ft.Container(
        content=ft.Row(
            [ft.Icon(ft.Icons.CHECK_CIRCLE, color=OK, size=32),
             ft.Text(name, size=BODY, weight=ft.FontWeight.BOLD, color=INK)],
            tight=True, spacing=8,
        ),
        border=ft.Border.all(2, OK),
        border_radius=30,
        padding=ft.Padding.symmetric(horizontal=18, vertical=10),
    )


@ft.component
def StartScreen(
    tiles: list[ServiceTile],
    loaded: bool,
    load_problem: str,
    on_walkin: Callable[[], Any],
    on_checkin: Callable[[], Any],
    on_retry: Callable[[], Any],
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    open_names = [tile.service.name for tile in tiles if tile.state is TileState.open]
    choices = ft.ResponsiveRow(
        [
            KioskTile(
                _("Ambil Nomor Antrean"), ft.Icons.CONFIRMATION_NUMBER, on_walkin,
                identifier="kiosk-walkin", note=_("Untuk pasien yang datang langsung"),
                primary=True, large=True, col={"xs": 12, "xl": 6},
            ),
            KioskTile(
                _("Check-in Pendaftaran Online"), ft.Icons.QR_CODE_SCANNER, on_checkin,
                identifier="kiosk-checkin",
                note=_("Sudah daftar lewat aplikasi atau web? Pindai kode QR Anda"),
                primary=True, large=True, col={"xs": 12, "xl": 6},
            ),
        ],
        spacing=28, run_spacing=28,
    )
    if load_problem:
        status: list[ft.Control] = [
            ft.Semantics(identifier="kiosk-load-problem", content=line(
                kiosk_message(t, load_problem), color="#8C0009", bold=True)),
            KioskButton(_("Coba lagi"), ft.Icons.REFRESH, on_retry, identifier="kiosk-load-retry",
                        primary=False),
        ]
    elif not loaded:
        status = [ft.ProgressRing(width=48, height=48, semantics_label=_("Memuat layanan…"))]
    elif open_names:
        status = [
            line(_("Layanan yang buka sekarang:"), size=BIG, color=PRIMARY, bold=True),
            ft.Semantics(identifier="kiosk-open-services", content=ft.Row(
                [_open_chip(name) for name in open_names],
                wrap=True, spacing=14, run_spacing=14, alignment=ft.MainAxisAlignment.CENTER,
            )),
        ]
    else:
        status = [ft.Semantics(identifier="kiosk-open-services", content=line(
            _("Saat ini tidak ada layanan yang buka."), color=MUTED, bold=True))]
    help_line = ft.Row(
        [ft.Icon(ft.Icons.DESK, size=40, color=PRIMARY),
         ft.Text(_("Butuh bantuan? Silakan ke loket pendaftaran."), size=BODY, color=PRIMARY,
                 weight=ft.FontWeight.BOLD)],
        alignment=ft.MainAxisAlignment.CENTER, wrap=True, spacing=12,
    )
    return screen(
        ft.Container(height=8),
        choices,
        ft.Container(height=8),
        ft.Column(status, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.CENTER),
        ft.Container(height=8),
        help_line,
        spacing=24,
    )
