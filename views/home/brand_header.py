"""The service's own header, at the top of Beranda: its mark and its name, and who
runs it. The mark (assets/logo.svg: the pin with the cross above Rembang's waves) is
one colour, tinted with the theme's `on_primary` on a `primary` tile, so it keeps its
contrast in light, dark and high-contrast themes (tests/domain/test_theme_contrast.py
checks those pairs). It is decoration: a screen reader hears the name, once."""

from __future__ import annotations

import flet as ft

from session.context import use_session, use_t
from session.i18n import APP_NAME

LOGO = "logo.svg"  # under assets/
MARK_SIZE = 40  # dp at the normal text size; it grows with the text


@ft.component
def BrandMark() -> ft.Control:
    scale = use_session().prefs.text_scale
    return ft.Container(
        content=ft.Image(src=LOGO, color=ft.Colors.ON_PRIMARY, width=MARK_SIZE * scale,
                         height=MARK_SIZE * scale, exclude_from_semantics=True),
        bgcolor=ft.Colors.PRIMARY,
        border_radius=12,
        padding=8,
    )


@ft.component
def BrandHeader() -> ft.Control:
    _ = use_t().gettext
    return ft.Semantics(
        identifier="brand-header",
        header=True,
        container=True,
        content=ft.Row(
            [
                BrandMark(),
                ft.Column(
                    [
                        ft.Text(APP_NAME, theme_style=ft.TextThemeStyle.TITLE_LARGE,
                                weight=ft.FontWeight.BOLD, color=ft.Colors.PRIMARY),
                        ft.Text(_("Dinas Kesehatan Kabupaten Rembang"),
                                theme_style=ft.TextThemeStyle.BODY_MEDIUM),
                    ],
                    spacing=2,
                    tight=True,
                    expand=True,
                ),
            ],
            spacing=12,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )
