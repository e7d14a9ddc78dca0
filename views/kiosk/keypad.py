"""On-screen keypads for the kiosk: digits for a NIK, and the booking-code letters.

Booking codes are Crockford base-32 (api_client/identity.py): digits and the
letters without I, L, O and U, so the keypad has no key that could be misread.
Every key is at least 72 px tall and named by its own character. "⌫ Hapus" (grey, the
keys' bottom right) removes the last character; "Kosongkan semua" (red on white, at
the other end of the row, only once two characters are typed) removes everything, and
"Kembalikan" in its place gives it back: the two cannot be taken for each other, and
a slip costs one tap. (A line of its own under the keys pushed "Lewati, tanpa NIK" off
a 768×1366 screen.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from api_client.identity import BOOKING_CODE_ALPHABET
from session.context import use_t
from session.i18n import Translator
from views.kiosk.style import ERROR, INK, PAPER, PRIMARY, SMALL, tap

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
            col: ft.ResponsiveNumber, color: str = INK, bgcolor: str = "#E8E8E8",
            wraps: bool = False) -> ft.Control:
    """A key that acts; `wraps`: its words may take two lines beside the icon (a narrow
    portrait keypad has 220 px a key)."""
    return ft.Semantics(
        key=identifier,  # a new node when "Kembalikan" takes the place of "Kosongkan semua"
        identifier=identifier,
        col=col,
        container=True,
        content=ft.Button(
            content=ft.Row(
                [ft.Icon(icon, size=40, color=color),
                 ft.Text(label, size=SMALL + 2, weight=ft.FontWeight.BOLD, color=color,
                         text_align=ft.TextAlign.CENTER, expand=wraps)],
                alignment=ft.MainAxisAlignment.CENTER, spacing=6, tight=not wraps,
            ),
            height=KEY_HEIGHT,
            style=ft.ButtonStyle(
                bgcolor=bgcolor, color=color, side=ft.BorderSide(3, color),
                shape=ft.RoundedRectangleBorder(radius=14), padding=ft.Padding.symmetric(horizontal=6),
            ),
            on_click=on_click,
        ),
    )


def _backspace(t: Translator, on_backspace: Callable[[], Any], *, prefix: str,
               col: ft.ResponsiveNumber) -> ft.Control:
    """"⌫ Hapus": the last character, grey, at the keys' bottom right (as on a phone)."""
    return _action(t.gettext("Hapus"), ft.Icons.BACKSPACE, on_backspace, identifier=f"{prefix}-backspace",
                   col=col)


def _clear_all(t: Translator, typed: int, cleared: bool, on_clear: Callable[[], Any],
               on_restore: Callable[[], Any] | None, *, prefix: str, col: ft.ResponsiveNumber) -> ft.Control:
    """At the far end from "Hapus": "Kosongkan semua", red on white, once two or more
    characters are typed; right after a clear, "Kembalikan" gives them back (until the
    next key); otherwise an empty place, so that no key ever moves."""
    _ = t.gettext
    if cleared and on_restore is not None:
        return _action(_("Kembalikan"), ft.Icons.UNDO, on_restore, identifier=f"{prefix}-restore", col=col,
                       color=PRIMARY, bgcolor=PAPER, wraps=True)
    if typed >= 2:
        return _action(_("Kosongkan semua"), ft.Icons.DELETE_SWEEP, on_clear, identifier=f"{prefix}-clear",
                       col=col, color=ERROR, bgcolor=PAPER, wraps=True)
    return ft.Container(height=KEY_HEIGHT, col=col)


@ft.component
def NumberKeypad(
    on_key: Callable[[str], Any], on_backspace: Callable[[], Any], on_clear: Callable[[], Any],
    typed: int = 0, cleared: bool = False, on_restore: Callable[[], Any] | None = None,
) -> ft.Control:
    """1–9 in three rows, then "Kosongkan semua", 0 and "⌫ Hapus" (like a phone)."""
    t = use_t()
    keys: list[ft.Control] = [_key(d, on_key, prefix="nik", size=44, col=1) for d in DIGITS]
    keys += [
        _clear_all(t, typed, cleared, on_clear, on_restore, prefix="nik", col=1),
        _key("0", on_key, prefix="nik", size=44, col=1),
        _backspace(t, on_backspace, prefix="nik", col=1),
    ]
    return ft.ResponsiveRow(keys, columns=3, spacing=14, run_spacing=14)


@ft.component
def CodeKeypad(
    on_key: Callable[[str], Any], on_backspace: Callable[[], Any], on_clear: Callable[[], Any],
    typed: int = 0, cleared: bool = False, on_restore: Callable[[], Any] | None = None,
) -> ft.Control:
    """The 32 booking-code characters, 8 a row; under them "Kosongkan semua" at the
    left and "⌫ Hapus" at the right."""
    t = use_t()
    col = 3  # 8 keys a row: the keypad has a half screen of its own in landscape
    keys: list[ft.Control] = [_key(c, on_key, prefix="code", size=36, col=col) for c in CODE_KEYS]
    actions = ft.ResponsiveRow(
        [
            _clear_all(t, typed, cleared, on_clear, on_restore, prefix="code", col=5),
            ft.Container(col=2),
            _backspace(t, on_backspace, prefix="code", col=5),
        ],
        columns=12, spacing=14, run_spacing=14,
    )
    return ft.Column(
        [ft.ResponsiveRow(keys, columns=24, spacing=10, run_spacing=10), actions],
        spacing=14,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
