"""An on/off preference: a switch named by its label (tapping the label toggles it
too), and a plain sentence saying what it does."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from session.theme import text_size
from views.preferences.row import PreferenceRow


@ft.component
def PreferenceSwitch(
    identifier: str,
    label: str,
    help_text: str,
    value: bool,
    text_scale: float,
    on_toggle: Callable[[bool], Awaitable[None]],
) -> ft.Control:
    async def changed(e: ft.Event[ft.Switch]) -> None:
        await on_toggle(bool(e.control.value))

    return ft.Column(
        spacing=0,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,  # the whole row answers a tap
        controls=[
            PreferenceRow(
                identifier,
                ft.Switch(
                    label=ft.Container(
                        padding=ft.Padding.only(left=12),
                        content=ft.Text(label, size=text_size("body_large", text_scale)),
                    ),
                    value=value,
                    on_change=changed,
                ),
                lambda: on_toggle(not value),
            ),
            ft.Container(
                padding=ft.Padding.only(left=72),
                content=ft.Text(
                    help_text,
                    theme_style=ft.TextThemeStyle.BODY_MEDIUM,
                    color=ft.Colors.ON_SURFACE_VARIANT,
                ),
            ),
        ],
    )
