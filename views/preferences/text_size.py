"""The text size picker: Normal, Besar, Sangat besar. Each choice is written at the
size it gives, so the user sees the difference before choosing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

import flet as ft

from session.context import use_t
from session.i18n import N_
from session.theme import TEXT_SCALES, text_size
from views.preferences.row import PreferenceRow

_LABELS = {1.0: N_("Normal"), 1.25: N_("Besar"), 1.5: N_("Sangat besar")}


def nearest_scale(scale: float) -> float:
    """The offered scale closest to a saved one (older or hand-edited values)."""
    return min(TEXT_SCALES, key=lambda offered: abs(offered - scale))


@ft.component
def TextSizeChoice(scale: float, on_choose: Callable[[float], Awaitable[None]]) -> ft.Control:
    _ = use_t().gettext

    async def changed(e: ft.Event[ft.RadioGroup]) -> None:
        chosen = float(e.control.value or 1.0)
        if chosen in TEXT_SCALES:
            await on_choose(chosen)

    return ft.RadioGroup(
        value=str(nearest_scale(scale)),
        on_change=changed,
        content=ft.Column(
            spacing=0,
            controls=[
                PreferenceRow(
                    f"text-size-{offered}",
                    ft.Radio(
                        value=str(offered),
                        label=_(_LABELS[offered]),
                        label_style=ft.TextStyle(size=text_size("body_large", offered)),
                    ),
                    partial(on_choose, offered),
                )
                for offered in TEXT_SCALES
            ],
        ),
    )
