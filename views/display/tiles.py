"""The TV's big parts, for a 1920×1080 screen read from 5 m: a grid with each
service's number now called and where to go, and the last numbers called.

The TV has its own fixed dark palette (whatever the session's theme): light text
on dark cards, the called numbers in the same amber as a called ticket in the app.
"""

from __future__ import annotations

import math

import flet as ft

from session.context import use_t
from session.i18n import Translator
from session.typed import keyed
from views.display.board_model import Called, Calling

BACKGROUND = "#0E1513"
CARD = "#1B2120"
CARD_FLASH = "#005048"
TEXT = "#F2F5F3"
MUTED = "#BEC9C6"
NUMBER = "#FFB300"  # amber, as components.ticket_status.CALLED_BG
BAR = "#00201C"


GRID_HEIGHT = 800  # px of a 1080-line screen left between the top line and the running text
GRID_WIDTH = 1420  # px left beside "the last called"
GAP = 16
TILE_CONTENT = 215  # px of a tile's text at full size (name, number, where to go, padding)
NUMBER_WIDTH = 330  # px of "A-012" at full size


def grid_shape(n: int) -> tuple[int, float]:
    """(columns, text scale) for `n` services, the columns that allow the largest text:
    9 fit 3×3 at full size; a hospital's 26 fit 5×6 at about 60 % (one TV per wing
    reads better)."""
    def scale(columns: int) -> float:
        rows = max(1, math.ceil(n / columns))
        height = (GRID_HEIGHT - GAP * (rows - 1)) / rows
        width = (GRID_WIDTH - GAP * (columns - 1)) / columns - 40
        fit = min(1.0, (height - 20) / TILE_CONTENT, width / NUMBER_WIDTH)
        return math.floor(fit * 20) / 20  # in steps of 5 %

    columns = max(range(1, 8), key=lambda c: (scale(c), -c))
    return columns, scale(columns)


def destination(t: Translator, tile: Calling) -> str:
    _ = t.gettext
    if tile.number is None:
        return _("Belum ada panggilan")
    return _("Silakan ke {counter}").format(counter=tile.counter or tile.service.name)


@ft.component
def ServiceGrid(tiles: list[Calling], flashing: frozenset[int]) -> ft.Control:
    columns, scale = grid_shape(len(tiles))
    rows: list[ft.Control] = []
    for start in range(0, len(tiles), columns):
        chunk = tiles[start:start + columns]
        cells: list[ft.Control] = [
            keyed(tile.service.id, ServiceTile)(tile, tile.service.id in flashing, scale) for tile in chunk
        ]
        cells += [ft.Container(expand=True) for _ in range(columns - len(chunk))]
        rows.append(ft.Row(cells, expand=True, spacing=16,
                           vertical_alignment=ft.CrossAxisAlignment.STRETCH))
    return ft.Column(rows, expand=True, spacing=16)


@ft.component
def ServiceTile(tile: Calling, flash: bool, scale: float) -> ft.Control:
    t = use_t()
    _ = t.gettext
    code = tile.service.code
    roomy = scale >= 0.75
    return ft.Container(
        expand=True, border_radius=16, padding=ft.Padding.symmetric(horizontal=20, vertical=8),
        bgcolor=CARD_FLASH if flash else CARD,
        border=ft.Border.all(4, NUMBER) if flash else None,
        animate=ft.Animation(400, ft.AnimationCurve.EASE_OUT),
        content=ft.Column(
            spacing=0, alignment=ft.MainAxisAlignment.CENTER,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            controls=[
                ft.Row([
                    ft.Text(tile.service.name, size=32 * scale, weight=ft.FontWeight.BOLD, color=TEXT,
                            max_lines=1, overflow=ft.TextOverflow.ELLIPSIS, expand=True,
                            text_align=ft.TextAlign.LEFT if roomy else ft.TextAlign.CENTER),
                    *([ft.Semantics(identifier=f"waiting-{code}", content=ft.Text(
                        t.ngettext("{n} menunggu", "{n} menunggu", tile.waiting).format(
                            n=t.format_number(tile.waiting)),
                        size=24 * scale, color=MUTED,
                    ))] if roomy else []),  # small tiles keep the room for the name
                ]),
                ft.Semantics(identifier=f"now-{code}", content=ft.Text(
                    tile.number or "—", size=108 * scale, weight=ft.FontWeight.BOLD,
                    color=NUMBER if tile.number else MUTED, no_wrap=True,
                )),
                ft.Semantics(identifier=f"where-{code}", content=ft.Text(
                    destination(t, tile), size=34 * scale, color=TEXT if tile.number else MUTED,
                    max_lines=1, overflow=ft.TextOverflow.ELLIPSIS, text_align=ft.TextAlign.CENTER,
                )),
            ],
        ),
    )


@ft.component
def RecentCalls(recent: list[Called]) -> ft.Control:
    t = use_t()
    _ = t.gettext
    rows: list[ft.Control] = [
        ft.Text(_("Panggilan terakhir"), size=30, weight=ft.FontWeight.BOLD, color=TEXT),
    ]
    if not recent:
        rows.append(ft.Text(_("Belum ada nomor yang dipanggil hari ini."), size=24, color=MUTED))
    for i, call in enumerate(recent):
        rows.append(ft.Semantics(identifier=f"recent-{i}", content=ft.Container(
            padding=ft.Padding.symmetric(vertical=8), border=ft.Border.only(top=ft.BorderSide(1, "#3F4947")),
            content=ft.Column(spacing=0, controls=[
                ft.Text(call.display_number, size=52, weight=ft.FontWeight.BOLD, color=NUMBER),
                ft.Text(" · ".join(filter(None, (call.service_name, call.counter))),
                        size=22, color=MUTED, max_lines=1, overflow=ft.TextOverflow.ELLIPSIS),
            ]),
        )))
    return ft.Container(
        width=430, padding=20, border_radius=16, bgcolor=CARD,
        content=ft.Column(rows, spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
    )
