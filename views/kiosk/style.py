"""The kiosk's look, for a lobby: one finger, old eyes, bright light.

Touch targets are at least 72 px, text is large, colours are the high-contrast
theme's (session/theme.py, checked for contrast there), and every choice has an
icon *and* words. Layouts work from 1080×1920 portrait to 1920×1080 landscape:
`ResponsiveRow` columns stack in portrait (width < 1200, breakpoint "xl") and sit
side by side in landscape.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft

from views.kiosk.service_icons import ServiceIcon, icon_control

TOUCH = 72  # the smallest touch target, px (padding + large text give every button more)
TITLE = 44  # screen titles
BIG = 34  # button labels, tile names
BODY = 28  # sentences
SMALL = 24  # secondary lines (still large)
NUMBER = 200  # the queue number on the result screen
GAP = 24

INK = "#000000"  # hex: a BorderSide in ft.Colors.BLACK renders grey in flet 1.0.5's web client
PAPER = "#FFFFFF"
PRIMARY = "#003D33"  # white on it: 12.6:1
MUTED = "#424242"  # grey text on white: 10:1
CLOSED_BG = "#E0E0E0"
ERROR = "#8C0009"  # on white: 9.6:1
OK = "#0B5D1E"  # on white: 7.8:1

# Two columns in landscape, one in portrait.
HALF: ft.ResponsiveNumber = {"xs": 12, "xl": 6}


def tap(handler: Callable[..., Any], *args: Any) -> Callable[[], Awaitable[None]]:
    """An event handler that calls `handler(*args)` and awaits it when it is async.

    (flet awaits an async handler, but not the coroutine a plain lambda returns.)"""

    async def run() -> None:
        result = handler(*args)
        if inspect.isawaitable(result):
            await result

    return run


def title(text: str, *, size: int = TITLE, color: str = INK) -> ft.Text:
    return ft.Text(text, size=size, weight=ft.FontWeight.BOLD, color=color,
                   text_align=ft.TextAlign.CENTER)


def line(text: str, *, size: int = BODY, color: str = INK, bold: bool = False) -> ft.Text:
    return ft.Text(text, size=size, color=color, text_align=ft.TextAlign.CENTER,
                   weight=ft.FontWeight.BOLD if bold else None)


def _style(*, primary: bool, danger: bool = False) -> ft.ButtonStyle:
    fill = ERROR if danger else PRIMARY
    return ft.ButtonStyle(
        bgcolor={ft.ControlState.DISABLED: CLOSED_BG, ft.ControlState.DEFAULT: fill if primary else PAPER},
        color={ft.ControlState.DISABLED: MUTED, ft.ControlState.DEFAULT: PAPER if primary else INK},
        side=ft.BorderSide(3, INK if not primary else fill),
        shape=ft.RoundedRectangleBorder(radius=20),
        padding=ft.Padding.symmetric(horizontal=28, vertical=20),
    )


@ft.component
def KioskButton(
    label: str,
    icon: ft.IconData,
    on_click: Callable[[], Any],
    *,
    identifier: str,
    primary: bool = True,
    danger: bool = False,
    disabled: bool = False,
    size: int = BIG,
    col: ft.ResponsiveNumber = 12,  # a ResponsiveRow's whole width (flet's default)
    expand: bool | int | None = None,
) -> ft.Control:
    """A wide button: icon and words side by side, the words wrap."""
    return ft.Semantics(
        identifier=identifier,
        container=True,
        col=col,
        expand=expand,
        content=ft.Button(
            content=ft.Row(
                [ft.Icon(icon, size=round(size * 1.3)),
                 ft.Text(label, size=size, weight=ft.FontWeight.BOLD, text_align=ft.TextAlign.CENTER)],
                alignment=ft.MainAxisAlignment.CENTER,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
                wrap=True,
                spacing=16,
            ),
            style=_style(primary=primary, danger=danger),
            disabled=disabled,
            on_click=on_click,
        ),
    )


@ft.component
def KioskTile(
    label: str,
    icon: ServiceIcon,
    on_click: Callable[[], Any],
    *,
    identifier: str,
    note: str | None = None,
    disabled: bool = False,
    primary: bool = False,
    col: ft.ResponsiveNumber = 12,  # a ResponsiveRow's whole width (flet's default)
    large: bool = False,
    height: float | None = None,
) -> ft.Control:
    """A big square-ish choice: a large icon over its name, and a short note under it
    ("Buka", "Tutup", "Penuh"). `large` for the start screen's two choices; `height`
    makes a tile that tall (the screen's room shared out), its picture growing with it."""
    icon_size = 120 if large else 72
    if height is not None:
        icon_size = max(icon_size, min(160, round(height * 0.38)))
    color = MUTED if disabled else PAPER if primary else INK
    parts: list[ft.Control] = [
        icon_control(icon, size=icon_size, color=None if isinstance(icon, ft.IconData) else color),
        ft.Text(label, size=TITLE if large else BIG, weight=ft.FontWeight.BOLD,
                text_align=ft.TextAlign.CENTER),
    ]
    if note:
        parts.append(ft.Text(note, size=BODY if large else SMALL, text_align=ft.TextAlign.CENTER))
    return ft.Semantics(
        identifier=identifier,
        container=True,
        col=col,
        content=ft.Button(
            height=height,
            content=ft.Container(
                padding=ft.Padding.symmetric(vertical=48 if large and height is None else 16),
                content=ft.Column(
                    parts,
                    horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                    alignment=ft.MainAxisAlignment.CENTER,
                    spacing=8,
                    tight=True,
                ),
            ),
            style=_style(primary=primary),
            disabled=disabled,
            on_click=on_click,
        ),
    )


def screen(*children: ft.Control, spacing: int = GAP) -> ft.Column:
    """A screen's body: centred, full width."""
    return ft.Column(
        list(children),
        spacing=spacing,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
