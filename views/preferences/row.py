"""One choice on the Pengaturan screen (a radio or a switch with its label) in a row
at least 48 px high that answers a tap anywhere on it.

Flutter shrinks Material radios and switches to 40 px on desktop platforms (a
browser on a Linux kiosk or PC); the padding keeps every target at 48 px or more.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft


@ft.component
def PreferenceRow(identifier: str, control: ft.Control, on_tap: Callable[[], Awaitable[None]]) -> ft.Control:
    async def tapped() -> None:
        await on_tap()

    return ft.Semantics(
        identifier=identifier,
        content=ft.Container(
            content=control,
            on_click=tapped,
            padding=ft.Padding.symmetric(vertical=4),
            border_radius=8,
        ),
    )
