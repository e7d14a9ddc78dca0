"""The TV's big parts, for a 1920×1080 screen read from 5 m (a smaller one gets the
same picture, smaller: `unit`): a grid with each service's number now called, where
to go and a counter on a break; the services closed today; the last numbers called.
Every text on a tile is whole: names wrap on two lines, never cut (views/display/fit.py).

The TV has its own fixed dark palette (whatever the session's theme): light text
on dark cards, the called numbers in the same amber as a called ticket in the app.
"""

from __future__ import annotations

from typing import cast

import flet as ft

from session.context import use_t
from session.i18n import Translator
from session.typed import keyed
from views.display import fit
from views.display.board_model import Called, Calling
from views.display.fit import (
    CLOSED_TEXT,
    GAP,
    GRID_HEIGHT,
    GRID_WIDTH,
    TileText,
    closed_line_height,
    grid_shape,
    roomy,
)

BACKGROUND = "#0E1513"
CARD = "#1B2120"
CARD_FLASH = "#005048"
TEXT = "#F2F5F3"
MUTED = "#BEC9C6"
NUMBER = "#FFB300"  # amber, as components.ticket_status.CALLED_BG
CLOSED_COLOR = "#FF8A80"  # a light red: 7:1 on CARD
BAR = "#00201C"
WEEKLY_CLOSED = "weekly_closed"  # the service's reason for its weekly day off


def destination(t: Translator, tile: Calling) -> str:
    _ = t.gettext
    if tile.number is None:
        return _("Belum ada panggilan")
    return _("Silakan ke {counter}").format(counter=tile.counter or tile.service.name)


def closed_reason_text(t: Translator, reason: str) -> str:
    """Why a service is closed today, for its tile: a weekly day off, or the holiday's
    or closure's own words."""
    if reason == WEEKLY_CLOSED:
        return t.gettext("Libur mingguan")
    return reason


def closed_today_text(t: Translator, closed: list[tuple[str, str]]) -> str:
    """"Tutup hari ini: Gizi, Laboratorium · Poli Gigi & Mulut (dokter gigi pelatihan)":
    the services closed today (name, reason), those of one reason together."""
    by_reason: dict[str, list[str]] = {}
    for name, reason in closed:
        by_reason.setdefault(reason, []).append(name)
    parts = [
        ", ".join(names) if reason == WEEKLY_CLOSED else f"{', '.join(names)} ({reason})"
        for reason, names in by_reason.items()
    ]
    return t.gettext("Tutup hari ini: {services}").format(services=" · ".join(parts))


def paused_text(t: Translator, counters: tuple[str, ...]) -> str:
    """"Loket 2 istirahat"."""
    return t.gettext("{counters} istirahat").format(counters=", ".join(counters))


def waiting_text(t: Translator, tile: Calling) -> str:
    return t.ngettext("{n} menunggu", "{n} menunggu", tile.waiting).format(n=t.format_number(tile.waiting))


def tile_text(t: Translator, tile: Calling, closed: str | None) -> TileText:
    """What `tile` shows, for fitting it (views/display/fit.py)."""
    return TileText(
        name=tile.service.name,
        waiting="" if closed else waiting_text(t, tile),
        where=closed_reason_text(t, closed) if closed else destination(t, tile),
        note=paused_text(t, tile.paused) if tile.paused and not closed else "",
        closed=closed is not None,
    )


def shown_tiles(tiles: list[Calling], closed: dict[int, str]) -> list[Calling]:
    """The tiles on the grid: every service open today, and a service closed today that
    issued numbers today (it closed early: its waiting patients read why on its tile).
    The others are folded into one "Tutup hari ini" line."""
    return [tile for tile in tiles if tile.service.id not in closed or tile.total > 0]


@ft.component
def ServiceGrid(
    tiles: list[Calling], flashing: frozenset[int], closed: dict[int, str], unit: float = 1.0
) -> ft.Control:
    """The tiles, sized so that every text fits whole, and under them the services
    closed today in one line."""
    t = use_t()
    _ = t.gettext
    area, set_area = ft.use_state(cast(tuple[float, float] | None, None))
    shown = shown_tiles(tiles, closed)
    folded = [(tile.service.name, closed[tile.service.id]) for tile in tiles if tile not in shown]
    texts = [tile_text(t, tile, closed.get(tile.service.id)) for tile in shown]
    line_text = closed_today_text(t, folded) if folded else ""
    below = closed_line_height(line_text) if folded else 0
    width, height = area or (GRID_WIDTH * unit, (GRID_HEIGHT - below) * unit)
    columns, scale = grid_shape(len(shown), width=width / unit, height=height / unit, texts=texts)
    rows: list[ft.Control] = []
    for start in range(0, len(shown), columns):
        chunk = shown[start:start + columns]
        cells: list[ft.Control] = [
            keyed(tile.service.id, ServiceTile)(
                tile, tile.service.id in flashing, scale * unit, unit, closed.get(tile.service.id),
                roomy(scale),
            )
            for tile in chunk
        ]
        cells += [ft.Container(expand=True) for _ in range(columns - len(chunk))]
        rows.append(ft.Row(cells, expand=True, spacing=GAP * unit,
                           vertical_alignment=ft.CrossAxisAlignment.STRETCH))
    if not shown:
        rows.append(ft.Container(expand=True, alignment=ft.Alignment.CENTER, content=ft.Text(
            _("Hari ini tidak ada layanan yang buka."), size=48 * unit, weight=ft.FontWeight.BOLD,
            color=MUTED, text_align=ft.TextAlign.CENTER,
        )))

    def measured(e: ft.LayoutSizeChangeEvent[ft.LayoutControl]) -> None:
        set_area((e.width, e.height))

    grid = ft.Container(expand=True, on_size_change=measured, content=ft.Column(
        rows, expand=True, spacing=GAP * unit))
    if not folded:
        return ft.Column([grid], expand=True, spacing=0)
    line = ft.Semantics(identifier="closed-today", content=ft.Container(
        border_radius=12 * unit, bgcolor=CARD, alignment=ft.Alignment.CENTER_LEFT,
        padding=ft.Padding.symmetric(horizontal=20 * unit, vertical=10 * unit),
        content=ft.Row(spacing=12 * unit, vertical_alignment=ft.CrossAxisAlignment.START, controls=[
            ft.Icon(ft.Icons.DO_NOT_DISTURB_ON, color=CLOSED_COLOR, size=32 * unit),
            ft.Text(line_text, size=CLOSED_TEXT * unit, color=TEXT, expand=True),  # whole, wrapped
        ]),
    ))
    return ft.Column([grid, line], expand=True, spacing=GAP * unit)


@ft.component
def ServiceTile(
    tile: Calling, flash: bool, scale: float, unit: float, closed: str | None, roomy: bool
) -> ft.Control:
    """One service: its name (whole, on two lines if it must), the number now called,
    where to go, and a counter on a break; or, closed today, "Tutup" and why."""
    t = use_t()
    _ = t.gettext
    code = tile.service.code
    header: list[ft.Control] = [ft.Semantics(identifier=f"name-{code}", content=ft.Text(
        tile.service.name, size=fit.NAME * scale, weight=ft.FontWeight.BOLD, color=TEXT,
        expand=True,  # never cut: ServiceGrid sized it to fit on fit.MAX_NAME_LINES
        text_align=ft.TextAlign.LEFT if roomy else ft.TextAlign.CENTER,
    ), expand=True)]
    if roomy and not closed:  # small tiles keep the room for the name
        header.append(ft.Semantics(identifier=f"waiting-{code}", content=ft.Text(
            waiting_text(t, tile), size=fit.NOTE * scale, color=MUTED)))
    middle: list[ft.Control]
    if closed:
        middle = [
            ft.Semantics(identifier=f"now-{code}", content=ft.Text(
                _("Tutup"), size=fit.CLOSED * scale, weight=ft.FontWeight.BOLD, color=CLOSED_COLOR,
                no_wrap=True)),
            ft.Semantics(identifier=f"where-{code}", content=ft.Text(
                closed_reason_text(t, closed), size=fit.NOTE * scale, color=TEXT,
                text_align=ft.TextAlign.CENTER)),
        ]
    else:
        middle = [
            ft.Semantics(identifier=f"now-{code}", content=ft.Text(
                tile.number or "—", size=fit.NUMBER * scale, weight=ft.FontWeight.BOLD,
                color=NUMBER if tile.number else MUTED, no_wrap=True,
            )),
            ft.Semantics(identifier=f"where-{code}", content=ft.Text(
                destination(t, tile), size=fit.WHERE * scale, color=TEXT if tile.number else MUTED,
                text_align=ft.TextAlign.CENTER,
            )),
        ]
        if tile.paused:
            middle.append(ft.Semantics(identifier=f"paused-{code}", content=ft.Row(
                tight=True, spacing=6 * scale, controls=[
                    ft.Icon(ft.Icons.PAUSE_CIRCLE, size=fit.NOTE * scale, color=NUMBER),
                    ft.Text(paused_text(t, tile.paused), size=fit.NOTE * scale, color=NUMBER,
                            weight=ft.FontWeight.BOLD, text_align=ft.TextAlign.CENTER),
                ],
            )))
    return ft.Semantics(identifier=f"tile-{code}", container=True, expand=True, content=ft.Container(
        expand=True, border_radius=16 * unit, bgcolor=CARD_FLASH if flash else CARD,
        padding=ft.Padding.symmetric(horizontal=(fit.PAD_X - 4) * unit, vertical=(fit.PAD_Y - 4) * unit),
        border=ft.Border.all(4 * unit, NUMBER if flash else CARD),  # always there: nothing jumps
        animate=ft.Animation(400, ft.AnimationCurve.EASE_OUT),
        content=ft.Column(
            spacing=0, alignment=ft.MainAxisAlignment.CENTER,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            controls=[
                ft.Row(header, vertical_alignment=ft.CrossAxisAlignment.START),
                *middle,
            ],
        ),
    ))


@ft.component
def RecentCalls(recent: list[Called], unit: float = 1.0) -> ft.Control:
    t = use_t()
    _ = t.gettext
    rows: list[ft.Control] = [
        ft.Text(_("Panggilan terakhir"), size=30 * unit, weight=ft.FontWeight.BOLD, color=TEXT),
    ]
    if not recent:
        rows.append(ft.Text(_("Belum ada nomor yang dipanggil hari ini."), size=24 * unit, color=MUTED))
    for i, call in enumerate(recent):
        rows.append(ft.Semantics(identifier=f"recent-{i}", content=ft.Container(
            padding=ft.Padding.symmetric(vertical=8 * unit),
            border=ft.Border.only(top=ft.BorderSide(1, "#3F4947")),
            content=ft.Column(spacing=0, controls=[
                ft.Text(call.display_number, size=52 * unit, weight=ft.FontWeight.BOLD, color=NUMBER),
                ft.Text(" · ".join(filter(None, (call.service_name, call.counter))),
                        size=22 * unit, color=MUTED, max_lines=1, overflow=ft.TextOverflow.ELLIPSIS),
            ]),
        )))
    return ft.Container(
        width=430 * unit, padding=20 * unit, border_radius=16 * unit, bgcolor=CARD,
        clip_behavior=ft.ClipBehavior.HARD_EDGE,
        content=ft.Column(rows, spacing=8 * unit, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
    )
