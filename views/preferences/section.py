"""One group on the Pengaturan screen: a heading (a heading for screen readers too),
then its controls."""

from __future__ import annotations

import flet as ft

from components.heading import Heading


@ft.component
def PreferenceSection(title: str, controls: list[ft.Control], *, help_text: str | None = None) -> ft.Control:
    heading = Heading(title, ft.TextThemeStyle.TITLE_MEDIUM)
    notes: list[ft.Control] = (
        [ft.Text(help_text, theme_style=ft.TextThemeStyle.BODY_MEDIUM, color=ft.Colors.ON_SURFACE_VARIANT)]
        if help_text
        else []
    )
    return ft.Column(spacing=4, controls=[heading, *notes, *controls])
