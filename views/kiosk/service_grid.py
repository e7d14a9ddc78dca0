"""Step 1 of a walk-in: one tile per service that takes walk-ins. A closed or full
service says so on its tile and cannot be chosen."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import flet as ft

from session.context import use_t
from session.i18n import Translator
from views.kiosk.service_icons import service_icon
from views.kiosk.services import ServiceTile, TileState
from views.kiosk.style import GAP, KioskTile, line, screen, tap, title


def tile_note(t: Translator, tile: ServiceTile) -> str:
    """"Buka · 12 orang menunggu", "Tutup · buka pukul 07.30", "Kuota hari ini penuh"."""
    if tile.state is TileState.full:
        return t.gettext("Kuota hari ini penuh")
    if tile.state is TileState.closed:
        if tile.opens:
            hour, minute = (int(part) for part in tile.opens.split(":"))
            return t.gettext("Tutup · buka pukul {time}").format(time=t.format_time(dt.time(hour, minute)))
        return t.gettext("Tutup")
    if tile.waiting is None:
        return t.gettext("Buka")
    if tile.waiting == 0:
        return t.gettext("Buka · belum ada antrean")
    return t.ngettext("Buka · {n} orang menunggu", "Buka · {n} orang menunggu", tile.waiting).format(
        n=t.format_number(tile.waiting))


WIDE = 1200  # px: from here (landscape) four tiles a row, below (portrait) two
HEADING = 160  # px of the title and its line above the tiles
TILE_MIN, TILE_MAX = 290, 400  # px: a tile with a two-line name needs 290


def tile_height(n: int, room: tuple[float, float] | None) -> float | None:
    """The screen's height shared out among the rows of `n` tiles (no empty lower third
    on a portrait kiosk), at most 400 px; None (each tile its natural height) before the
    screen's size is known or when the share is less than a tile needs."""
    if room is None or n == 0:
        return None
    width, height = room
    rows = math.ceil(n / (4 if width >= WIDE else 2))
    share = (height - HEADING - GAP * (rows - 1)) / rows
    return min(TILE_MAX, share) if share >= TILE_MIN else None


@ft.component
def ServicesStep(
    tiles: list[ServiceTile], loaded: bool, on_choose: Callable[[ServiceTile], Any],
    room: tuple[float, float] | None = None,
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    height = tile_height(len(tiles), room)
    if not loaded:
        grid: ft.Control = ft.ProgressRing(width=48, semantics_label=_("Memuat layanan…"))
    else:
        grid = ft.ResponsiveRow(
            [
                KioskTile(
                    tile.service.name, service_icon(tile.service), tap(on_choose, tile),
                    identifier=f"service-{tile.service.code}", note=tile_note(t, tile),
                    disabled=tile.state is not TileState.open, col={"xs": 6, "xl": 3}, height=height,
                )
                for tile in tiles
            ],
            spacing=GAP, run_spacing=GAP,
        )
    return screen(
        title(_("Pilih layanan yang Anda tuju")),
        line(_("Sentuh salah satu kotak di bawah.")),
        grid,
    )
