"""A checkbox with a sentence beside it: the booking's consent and saved-patient boxes,
and a complaint's request to be contacted."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft


@ft.component
def LabeledCheckbox(
    identifier: str,
    label: str,
    value: bool,
    on_change: Callable[[bool], object],
    *,
    error: bool = False,
) -> ft.Control:
    """A checkbox whose label wraps (a long sentence on a narrow phone) and is
    tappable too. The sentence is the checkbox's own name (`semantics_label`): a label
    on the Semantics around it would name a group holding an unnamed checkbox."""
    return ft.Semantics(
        identifier=identifier,
        content=ft.Container(
            on_click=lambda: on_change(not value),
            border_radius=8,
            ink=True,
            padding=ft.Padding.symmetric(vertical=4),
            content=ft.Row(
                spacing=4,
                controls=[
                    ft.Checkbox(
                        value=value,
                        error=error,
                        semantics_label=label,
                        on_change=lambda e: on_change(bool(e.control.value)),
                    ),
                    ft.Text(label, expand=True, theme_style=ft.TextThemeStyle.BODY_LARGE),
                ],
            ),
        ),
    )
