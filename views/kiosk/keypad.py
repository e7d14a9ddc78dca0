"""On-screen keypads for the kiosk: digits for a NIK, and the booking-code letters.

Booking codes are Crockford base-32 (api_client/identity.py): digits and the
letters without I, L, O and U, so the keypad has no key that could be misread.
Every key is at least 72 px tall and named by its own character; "Hapus" removes
the last character and "Kosongkan" everything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from api_client.identity import BOOKING_CODE_ALPHABET
from session.context import use_t
from views.kiosk.style import INK, PAPER, PRIMARY, SMALL, tap

DIGITS = "123456789"
CODE_KEYS = BOOKING_CODE_ALPHABET


KEY_HEIGHT = 88  # every key the same height, well above the 72 px minimum


def _key_style(bgcolor: str = PAPER) -> ft.ButtonStyle:
    return ft.ButtonStyle(
        bgcolor=bgcolor,
        color=INK,
        side=ft.BorderSide(3, INK),
        shape=ft.RoundedRectangleBorder(radius=14),
        padding=ft.Padding.symmetric(horizontal=4),
    )


def _key(char: str, on_key: Callable[[str], Any], *, prefix: str, size: int,
         col: ft.ResponsiveNumber) -> ft.Control:
    return ft.Semantics(
        identifier=f"{prefix}-key-{char}",
        col=col,
        container=True,
        content=ft.Button(
            content=ft.Text(char, size=size, weight=ft.FontWeight.BOLD, color=PRIMARY),
            height=KEY_HEIGHT,
            style=_key_style(),
            on_click=tap(on_key, char),
        ),
    )


def _action(label: str, icon: ft.IconData, on_click: Callable[[], Any], *, identifier: str,
            col: ft.ResponsiveNumber) -> ft.Control:
    return ft.Semantics(
        identifier=identifier,
        col=col,
        container=True,
        content=ft.Button(
            content=ft.Row(
                [ft.Icon(icon, size=40), ft.Text(label, size=SMALL + 4, weight=ft.FontWeight.BOLD,
                                                 no_wrap=True)],
                alignment=ft.MainAxisAlignment.CENTER, spacing=8,
            ),
            height=KEY_HEIGHT,
            style=_key_style("#E8E8E8"),
            on_click=on_click,
        ),
    )


@ft.component
def NumberKeypad(
    on_key: Callable[[str], Any], on_backspace: Callable[[], Any], on_clear: Callable[[], Any]
) -> ft.Control:
    """1–9 in three rows, then Kosongkan, 0, Hapus (like a phone)."""
    _ = use_t().gettext
    keys: list[ft.Control] = [_key(d, on_key, prefix="nik", size=44, col=1) for d in DIGITS]
    keys += [
        _action(_("Kosongkan"), ft.Icons.CLEAR_ALL, on_clear, identifier="nik-clear", col=1),
        _key("0", on_key, prefix="nik", size=44, col=1),
        _action(_("Hapus"), ft.Icons.BACKSPACE_OUTLINED, on_backspace, identifier="nik-backspace", col=1),
    ]
    return ft.ResponsiveRow(keys, columns=3, spacing=14, run_spacing=14)


@ft.component
def CodeKeypad(
    on_key: Callable[[str], Any], on_backspace: Callable[[], Any], on_clear: Callable[[], Any]
) -> ft.Control:
    """The 32 booking-code characters, 8 a row."""
    _ = use_t().gettext
    col = 3  # 8 keys a row: the keypad has a half screen of its own in landscape
    keys: list[ft.Control] = [_key(c, on_key, prefix="code", size=36, col=col) for c in CODE_KEYS]
    wide = 6
    actions = ft.ResponsiveRow(
        [
            _action(_("Kosongkan"), ft.Icons.CLEAR_ALL, on_clear, identifier="code-clear", col=wide),
            _action(_("Hapus"), ft.Icons.BACKSPACE_OUTLINED, on_backspace,
                    identifier="code-backspace", col=wide),
        ],
        columns=12, spacing=14, run_spacing=14,
    )
    return ft.Column(
        [ft.ResponsiveRow(keys, columns=24, spacing=10, run_spacing=10), actions],
        spacing=14,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
