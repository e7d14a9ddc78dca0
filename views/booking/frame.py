"""The frame every booking step shares: where the user is ("Langkah 2 dari 5"), a
plain question, big choices, and the way back."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from components.heading import Heading
from components.secondary_button import ROUNDED
from session.context import use_t


@ft.component
def StepHeader(step: int, total: int, title: str, subtitle: str) -> ft.Control:
    _ = use_t().gettext
    return ft.Column(
        spacing=6,
        controls=[
            ft.Semantics(
                identifier="booking-step",
                content=ft.Text(
                    _("Langkah {step} dari {total}").format(step=step, total=total),
                    theme_style=ft.TextThemeStyle.LABEL_LARGE,
                    color=ft.Colors.PRIMARY,
                    weight=ft.FontWeight.BOLD,
                ),
            ),
            ft.ProgressBar(value=step / total, border_radius=4, bar_height=6),
            Heading(title, ft.TextThemeStyle.HEADLINE_SMALL, bold=False),
            ft.Text(subtitle, theme_style=ft.TextThemeStyle.BODY_LARGE),
        ],
    )


@ft.component
def ChoiceButton(
    identifier: str,
    title: str,
    lines: list[str],
    on_click: Callable[[], object] | None,
    *,
    selected: bool = False,
    disabled: bool = False,
    badge: str | None = None,
    icon: ft.IconData | None = None,
    semantics_label: str | None = None,
    radio: bool = False,
) -> ft.Control:
    """One big choice: a title, a few plain lines, tapped to choose it; `icon` before
    them; `semantics_label` names it for a screen reader when the title alone would
    not (a service's "Ambil nomor Poli Umum"). `radio`: one of several on the same
    step (a tap chooses, it does not move on), marked with a radio ring, not a chevron."""
    texts: list[ft.Control] = [
        ft.Row(
            wrap=True,
            spacing=8,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
            controls=[
                ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                        weight=ft.FontWeight.BOLD),
                *([_badge(badge)] if badge else []),
            ],
        ),
        *[ft.Text(line, theme_style=ft.TextThemeStyle.BODY_MEDIUM) for line in lines],
    ]
    if radio:
        mark = ft.Icons.RADIO_BUTTON_CHECKED if selected else ft.Icons.RADIO_BUTTON_UNCHECKED
    else:
        mark = ft.Icons.CHECK_CIRCLE if selected else ft.Icons.CHEVRON_RIGHT
    content = ft.Row(
        spacing=12,
        controls=[
            *([ft.Icon(icon, color=ft.Colors.PRIMARY)] if icon else []),
            ft.Column(texts, spacing=2, expand=True),
            *([] if disabled else [ft.Icon(mark)]),
        ],
    )
    style = ft.ButtonStyle(padding=16, shape=ROUNDED)
    button_type = ft.FilledTonalButton if selected else ft.OutlinedButton
    return ft.Semantics(
        identifier=identifier,
        selected=selected,
        label=semantics_label,
        content=button_type(
            content=content, on_click=on_click, disabled=disabled, style=style
        ),
    )


def _badge(text: str) -> ft.Control:
    return ft.Container(
        content=ft.Text(text, theme_style=ft.TextThemeStyle.LABEL_MEDIUM,
                        color=ft.Colors.ON_SECONDARY_CONTAINER),
        bgcolor=ft.Colors.SECONDARY_CONTAINER,
        border_radius=8,
        padding=ft.Padding.symmetric(horizontal=8, vertical=2),
    )


@ft.component
def PrimaryButton(
    identifier: str, text: str, on_click: Callable[[], object] | None, *,
    icon: ft.IconData | None = None, disabled: bool = False,
) -> ft.Control:
    return ft.Semantics(
        identifier=identifier,
        content=ft.FilledButton(
            content=ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                            text_align=ft.TextAlign.CENTER,
                            color=None if disabled else ft.Colors.ON_PRIMARY),
            icon=icon, on_click=on_click, disabled=disabled,
            style=ft.ButtonStyle(shape=ROUNDED, padding=16),
        ),
    )


@ft.component
def BackButton(on_click: Callable[[], object], *, disabled: bool = False) -> ft.Control:
    """One step back in the booking; not "Kembali", the app bar's arrow that leaves it."""
    _ = use_t().gettext
    return ft.Semantics(
        identifier="booking-back",
        content=ft.OutlinedButton(
            content=_("Langkah sebelumnya"), icon=ft.Icons.ARROW_BACK, on_click=on_click,
            disabled=disabled, style=ft.ButtonStyle(shape=ROUNDED),
        ),
    )


@ft.component
def Notice(text: str, *, error: bool = False, identifier: str | None = None) -> ft.Control:
    """A short message in a tinted box (an error, or something to know)."""
    return ft.Semantics(
        identifier=identifier,
        live_region=True,
        content=ft.Container(
            padding=12,
            border_radius=12,
            bgcolor=ft.Colors.ERROR_CONTAINER if error else ft.Colors.SECONDARY_CONTAINER,
            content=ft.Row(
                spacing=12,
                controls=[
                    ft.Icon(ft.Icons.ERROR_OUTLINE if error else ft.Icons.INFO_OUTLINE,
                            color=ft.Colors.ON_ERROR_CONTAINER if error
                            else ft.Colors.ON_SECONDARY_CONTAINER),
                    ft.Text(text, expand=True, theme_style=ft.TextThemeStyle.BODY_LARGE,
                            color=ft.Colors.ON_ERROR_CONTAINER if error
                            else ft.Colors.ON_SECONDARY_CONTAINER),
                ],
            ),
        ),
    )
