"""The kiosk's top bar: the facility's name, today's date, and the language
buttons (each language named in itself, so anyone finds their own)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from session.i18n import LANGUAGE_NAMES, SUPPORTED
from views.kiosk.style import BODY, INK, PAPER, PRIMARY, SMALL, tap


def _language_button(code: str, current: str, on_choose: Callable[[str], Any]) -> ft.Control:
    chosen = code == current
    return ft.Semantics(
        identifier=f"kiosk-language-{code}",
        selected=chosen,
        container=True,
        content=ft.Button(
            content=ft.Row(
                [ft.Icon(ft.Icons.CHECK if chosen else ft.Icons.TRANSLATE, size=30),
                 ft.Text(LANGUAGE_NAMES[code], size=SMALL, weight=ft.FontWeight.BOLD)],
                tight=True, spacing=8,
            ),
            style=ft.ButtonStyle(
                bgcolor=PRIMARY if chosen else PAPER,
                color=PAPER if chosen else INK,
                side=ft.BorderSide(3, PRIMARY if chosen else INK),
                shape=ft.RoundedRectangleBorder(radius=40),
                padding=ft.Padding.symmetric(horizontal=22, vertical=20),
            ),
            on_click=tap(on_choose, code),
        ),
    )


@ft.component
def KioskHeader(
    facility_name: str, today: str, language: str, on_language: Callable[[str], Any]
) -> ft.Control:
    return ft.ResponsiveRow(
        [
            ft.Column(
                [
                    ft.Semantics(
                        identifier="kiosk-facility", header=True, container=True,
                        content=ft.Text(facility_name, size=40, weight=ft.FontWeight.BOLD, color=PRIMARY),
                    ),
                    ft.Semantics(identifier="kiosk-today", content=ft.Text(today, size=BODY, color=INK)),
                ],
                spacing=4,
                col={"xs": 12, "xl": 6},
            ),
            ft.Row(
                [_language_button(code, language, on_language) for code in SUPPORTED],
                wrap=True,
                spacing=12,
                run_spacing=12,
                alignment=ft.MainAxisAlignment.END,
                col={"xs": 12, "xl": 6},
            ),
        ],
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
        run_spacing=16,
    )
