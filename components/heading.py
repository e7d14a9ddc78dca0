"""A heading a screen reader can jump to (and list).

`container=True` matters: without it Flutter merges the `header` flag into the nearest
ancestor's node, and the whole screen around the heading, every plain text of it, is
read as one long heading (seen on Beranda: "Selamat pagi … Pengumuman …" as a header)."""

from __future__ import annotations

import flet as ft


def Heading(
    text: str,
    style: ft.TextThemeStyle = ft.TextThemeStyle.TITLE_LARGE,
    *,
    identifier: str | None = None,
    bold: bool = True,
) -> ft.Control:
    return ft.Semantics(
        header=True,
        container=True,
        identifier=identifier,
        content=ft.Text(text, theme_style=style, weight=ft.FontWeight.BOLD if bold else None),
    )
