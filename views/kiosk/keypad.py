"""On-screen keypads for the kiosk: digits for a NIK, and the booking-code letters.

Booking codes are Crockford base-32 (api_client/identity.py): digits and the
letters without I, L, O and U, so the keypad has no key that could be misread.
Every key is at least 72 px tall and named by its own character. "⌫ Hapus" (grey, the
keys' bottom right) removes the last character; "Kosongkan semua" (red, a line of its
own below the keys, only once two characters are typed) removes everything, and
"Kembalikan" in its place gives it back: the two cannot be taken for each other, and
a slip costs one tap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from api_client.identity import BOOKING_CODE_ALPHABET
from session.context import use_t
from views.kiosk.style import ERROR, INK, PAPER, PRIMARY, SMALL, tap

DIGITS = "123456789"
CODE_KEYS = BOOKING_CODE_ALPHABET


KEY_HEIGHT = 88  # every key the same height, well above the 72 px minimum
SEPARATION = 36  # px between the keys and "Kosongkan semua"


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
            col: ft.ResponsiveNumber, color: str = INK, bgcolor: str = "#E8E8E8") -> ft.Control:
    return ft.Semantics(
        identifier=identifier,
        col=col,
        container=True,
        content=ft.Button(
            content=ft.Row(
                [ft.Icon(icon, size=40, color=color),
                 ft.Text(label, size=SMALL + 4, weight=ft.FontWeight.BOLD, color=color)],
                alignment=ft.MainAxisAlignment.CENTER, spacing=8, wrap=True,
            ),
            height=KEY_HEIGHT,
            style=ft.ButtonStyle(
                bgcolor=bgcolor, color=color, side=ft.BorderSide(3, color),
                shape=ft.RoundedRectangleBorder(radius=14), padding=ft.Padding.symmetric(horizontal=4),
            ),
            on_click=on_click,
        ),
    )


def _backspace(on_backspace: Callable[[], Any], *, prefix: str, col: ft.ResponsiveNumber) -> ft.Control:
    """"⌫ Hapus": the last character, at the keys' bottom right (as on a phone)."""
    _ = use_t().gettext
    return _action(_("Hapus"), ft.Icons.BACKSPACE, on_backspace, identifier=f"{prefix}-backspace", col=col)


@ft.component
def ClearAll(
    typed: int, cleared: bool, on_clear: Callable[[], Any], on_restore: Callable[[], Any], *, prefix: str
) -> ft.Control:
    """Under the keys, apart from them, a line of its own: "Kosongkan semua" in red once
    two or more characters are typed; right after, "Kembalikan" gives them back (until
    the next key). Its room is always kept, so the keys never move."""
    _ = use_t().gettext
    if cleared:
        control: ft.Control = _action(
            _("Kembalikan"), ft.Icons.UNDO, on_restore, identifier=f"{prefix}-restore", col=12,
            color=PRIMARY, bgcolor=PAPER)
    elif typed >= 2:
        control = _action(_("Kosongkan semua"), ft.Icons.DELETE_SWEEP, on_clear,
                          identifier=f"{prefix}-clear", col=12, color=ERROR, bgcolor=PAPER)
    else:
        control = ft.Container(height=KEY_HEIGHT, col=12)
    return ft.ResponsiveRow([control], columns=12)


@ft.component
def NumberKeypad(
    on_key: Callable[[str], Any], on_backspace: Callable[[], Any], on_clear: Callable[[], Any],
    typed: int = 0, cleared: bool = False, on_restore: Callable[[], Any] | None = None,
) -> ft.Control:
    """1–9 in three rows, then 0 and "⌫ Hapus" (like a phone); "Kosongkan semua" apart,
    below."""
    keys: list[ft.Control] = [_key(d, on_key, prefix="nik", size=44, col=1) for d in DIGITS]
    keys += [
        ft.Container(col=1),
        _key("0", on_key, prefix="nik", size=44, col=1),
        _backspace(on_backspace, prefix="nik", col=1),
    ]
    return ft.Column([
        ft.ResponsiveRow(keys, columns=3, spacing=14, run_spacing=14),
        ClearAll(typed, cleared, on_clear, on_restore or (lambda: None), prefix="nik"),
    ], spacing=SEPARATION, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


@ft.component
def CodeKeypad(
    on_key: Callable[[str], Any], on_backspace: Callable[[], Any], on_clear: Callable[[], Any],
    typed: int = 0, cleared: bool = False, on_restore: Callable[[], Any] | None = None,
) -> ft.Control:
    """The 32 booking-code characters, 8 a row, "⌫ Hapus" under their right end, and
    "Kosongkan semua" apart, below."""
    col = 3  # 8 keys a row: the keypad has a half screen of its own in landscape
    keys: list[ft.Control] = [_key(c, on_key, prefix="code", size=36, col=col) for c in CODE_KEYS]
    backspace = ft.ResponsiveRow(
        [ft.Container(col=6), _backspace(on_backspace, prefix="code", col=6)],
        columns=12, spacing=14, run_spacing=14,
    )
    return ft.Column(
        [ft.ResponsiveRow(keys, columns=24, spacing=10, run_spacing=10), backspace,
         ft.Container(height=SEPARATION - 14),
         ClearAll(typed, cleared, on_clear, on_restore or (lambda: None), prefix="code")],
        spacing=14,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
