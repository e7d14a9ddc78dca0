"""One line of news under a form or a set of buttons ("Pembatalan akan dikirim …",
an error), announced by screen readers when it appears."""

from __future__ import annotations

import flet as ft


def message_line(text: str, *, identifier: str, error: bool = False) -> ft.Control:
    return ft.Semantics(identifier=identifier, live_region=True, content=ft.Text(
        text, color=ft.Colors.ERROR if error else None, theme_style=ft.TextThemeStyle.BODY_LARGE,
    ))
