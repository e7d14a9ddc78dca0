"""The language picker: every language named in itself ("Basa Jawa", "English"), so
someone who cannot read the current language still finds their own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

import flet as ft

from session.i18n import LANGUAGE_NAMES, SUPPORTED
from session.theme import text_size
from views.preferences.row import PreferenceRow


@ft.component
def LanguageChoice(
    language: str, text_scale: float, on_choose: Callable[[str], Awaitable[None]]
) -> ft.Control:
    async def changed(e: ft.Event[ft.RadioGroup]) -> None:
        if e.control.value in SUPPORTED:
            await on_choose(e.control.value)

    return ft.RadioGroup(
        value=language,
        on_change=changed,
        content=ft.Column(
            spacing=0,
            controls=[
                PreferenceRow(
                    f"language-{code}",
                    ft.Radio(
                        value=code,
                        label=LANGUAGE_NAMES[code],
                        label_style=ft.TextStyle(size=text_size("body_large", text_scale)),
                    ),
                    partial(on_choose, code),
                )
                for code in SUPPORTED
            ],
        ),
    )
