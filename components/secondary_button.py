"""An outlined button beside the main choice (a way out, a change), a thumb high:
the booking steps and Pengaturan."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

ROUNDED = ft.RoundedRectangleBorder(radius=12)


def SecondaryButton(
    identifier: str, text: str, icon: ft.IconData, on_click: Callable[[], object]
) -> ft.Control:
    """A way out or a change beside the main choice: outlined, a thumb high."""
    return ft.Semantics(
        identifier=identifier,
        content=ft.OutlinedButton(content=text, icon=icon, on_click=on_click,
                                  style=ft.ButtonStyle(shape=ROUNDED)),
    )
