"""The kiosk's start screen: two big choices, and the services open now with how many
people wait at each (what an older patient wants to know before taking a number). On a
portrait kiosk the choices grow into the room the list leaves: no empty lower third."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import flet as ft

from session.context import use_t
from session.i18n import Translator
from views.kiosk.problem import kiosk_message
from views.kiosk.service_grid import WIDE
from views.kiosk.service_icons import icon_control, service_icon
from views.kiosk.services import ServiceTile, TileState
from views.kiosk.style import (
    BIG,
    BODY,
    INK,
    MUTED,
    OK,
    PRIMARY,
    SMALL,
    KioskButton,
    KioskTile,
    line,
    screen,
)

CHOICE_MIN, CHOICE_MAX = 330, 560  # px of each big choice (330: what it needs)
ROW = 84  # px of one open service's line, with its gap
ROOM_LEFT = 200  # px for the heading of the list, the help line and the gaps


def waiting_note(t: Translator, waiting: int | None) -> str:
    if waiting is None:
        return ""
    if waiting == 0:
        return t.gettext("Belum ada antrean")
    return t.ngettext("{n} orang menunggu", "{n} orang menunggu", waiting).format(n=t.format_number(waiting))


def choice_height(room: tuple[float, float] | None, open_count: int) -> float | None:
    """Each big choice's height: the screen's room left by the list of open services
    (two a line), shared by the two choices stacked in portrait or side by side in
    landscape, at most 560 px; None (their natural height) before the screen's size is
    known or when the share is less than they need."""
    if room is None:
        return None
    width, height = room
    portrait = width < WIDE
    list_height = ROW * math.ceil(open_count / 2)
    left = height - ROOM_LEFT - list_height
    share = (left - 28) / 2 if portrait else left
    return min(CHOICE_MAX, share) if share >= CHOICE_MIN else None


def _open_service(t: Translator, tile: ServiceTile) -> ft.Control:
    """"✓ UGD — 4 orang menunggu", large."""
    return ft.Container(
        col={"xs": 12, "md": 6},
        content=ft.Row(
            [ft.Icon(ft.Icons.CHECK_CIRCLE, color=OK, size=36),
             icon_control(service_icon(tile.service), size=40, color=PRIMARY),
             ft.Text(tile.service.name, size=BODY, weight=ft.FontWeight.BOLD, color=INK, expand=True),
             ft.Text(waiting_note(t, tile.waiting), size=SMALL, color=MUTED, text_align=ft.TextAlign.END)],
            spacing=12, vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        border=ft.Border.all(2, OK),
        border_radius=20,
        height=ROW - 14,
        padding=ft.Padding.symmetric(horizontal=18),
    )


@ft.component
def StartScreen(
    tiles: list[ServiceTile],
    loaded: bool,
    load_problem: str,
    on_walkin: Callable[[], Any],
    on_checkin: Callable[[], Any],
    on_retry: Callable[[], Any],
    room: tuple[float, float] | None = None,
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    open_now = [tile for tile in tiles if tile.state is TileState.open]
    height = choice_height(room, len(open_now))
    choices = ft.ResponsiveRow(
        [
            KioskTile(
                _("Ambil Nomor Antrean"), ft.Icons.CONFIRMATION_NUMBER, on_walkin,
                identifier="kiosk-walkin", note=_("Untuk pasien yang datang langsung"),
                primary=True, large=True, col={"xs": 12, "xl": 6}, height=height,
            ),
            KioskTile(
                _("Check-in Pendaftaran Online"), ft.Icons.QR_CODE_SCANNER, on_checkin,
                identifier="kiosk-checkin",
                note=_("Sudah daftar lewat aplikasi atau web? Pindai kode QR Anda"),
                primary=True, large=True, col={"xs": 12, "xl": 6}, height=height,
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
        status = [ft.ProgressRing(width=48, semantics_label=_("Memuat layanan…"))]
    elif open_now:
        status = [
            line(_("Layanan yang buka sekarang:"), size=BIG, color=PRIMARY, bold=True),
            ft.Semantics(identifier="kiosk-open-services", content=ft.ResponsiveRow(
                [_open_service(t, tile) for tile in open_now], spacing=14, run_spacing=14,
                alignment=ft.MainAxisAlignment.CENTER,
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
        ft.Column(status, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        ft.Container(height=8),
        help_line,
        spacing=24,
    )
