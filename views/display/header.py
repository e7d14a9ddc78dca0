"""The TV's top line: the facility, the date and a clock in Indonesian, the sound
state ("Aktifkan suara" when the browser refuses to play), and a lost connection."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

import flet as ft

from session import rembang_clock
from session.context import use_t
from session.follow import use_task
from session.typed import keyed, use_state_from
from views.display.board_model import Called
from views.display.tiles import MUTED, NUMBER, TEXT


def now_in_rembang() -> dt.datetime:
    """The TV's clock (tests replace it)."""
    return rembang_clock.now()


@ft.component
def Clock(unit: float = 1.0) -> ft.Control:
    t = use_t()
    now, set_now = use_state_from(now_in_rembang)

    async def tick() -> None:
        while True:
            moment = now_in_rembang()
            await asyncio.sleep(60 - moment.second - moment.microsecond / 1e6 + 0.05)
            set_now(now_in_rembang())

    use_task(tick, [])
    return ft.Column(spacing=0, horizontal_alignment=ft.CrossAxisAlignment.END, controls=[
        ft.Semantics(identifier="display-time", content=ft.Text(
            t.format_time(now, "short"), size=64 * unit, weight=ft.FontWeight.BOLD, color=TEXT,
        )),
        ft.Semantics(identifier="display-date", content=ft.Text(
            t.format_date(now, "full"), size=28 * unit, color=MUTED,
        )),
    ])


@ft.component
def DisplayHeader(
    title: str,
    *,
    offline: bool,
    blocked: bool,
    speaking: Called | None,
    on_enable_sound: Callable[[], None],
    unit: float = 1.0,
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    middle: list[ft.Control] = []
    if blocked:
        middle.append(ft.Semantics(identifier="enable-sound", content=ft.FilledButton(
            content=ft.Text(_("Aktifkan suara"), size=28 * unit, weight=ft.FontWeight.BOLD),
            icon=ft.Icon(ft.Icons.VOLUME_OFF, size=36 * unit),
            height=72 * unit, bgcolor=NUMBER, color="#000000",
            tooltip=_(
                "Browser ini belum boleh memutar suara. Ketuk sekali untuk mengaktifkan suara panggilan."
            ),
            on_click=lambda: on_enable_sound(),
        )))
    if speaking is not None:
        middle.append(ft.Semantics(identifier="speaking", label=speaking.display_number, content=ft.Row(
            tight=True, spacing=8, controls=[
                ft.Icon(ft.Icons.VOLUME_UP, size=40 * unit, color=NUMBER),
                ft.Text(speaking.display_number, size=36 * unit, weight=ft.FontWeight.BOLD, color=NUMBER),
            ],
        )))
    if offline:
        middle.append(ft.Semantics(identifier="display-offline", content=ft.Container(
            padding=ft.Padding.symmetric(horizontal=16, vertical=8), border_radius=12, bgcolor="#93000A",
            content=ft.Text(_("Koneksi terputus — mencoba lagi…"), size=26 * unit, color="#FFDAD6"),
        )))
    return ft.Row(vertical_alignment=ft.CrossAxisAlignment.CENTER, spacing=24 * unit, controls=[
        ft.Column(spacing=0, expand=True, controls=[
            ft.Semantics(identifier="display-facility", content=ft.Text(
                title, size=42 * unit, weight=ft.FontWeight.BOLD, color=TEXT, max_lines=1,
                overflow=ft.TextOverflow.ELLIPSIS,
            )),
            ft.Text(_("Nomor antrean yang dipanggil"), size=24 * unit, color=MUTED),
        ]),
        *middle,
        keyed("clock", Clock)(unit),  # keyed: the parts before it come and go with each call
    ])
