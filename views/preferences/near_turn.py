"""When the open ticket tells the person their turn is near: at 3, 5 or 10 people ahead,
or never (views/tickets/near_turn.py). Until they choose, the app's own threshold
(`AppSettings.near_turn`, default 5) is the one ticked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

import flet as ft

from session.context import use_t
from session.theme import text_size
from views.preferences.row import PreferenceRow

OFFERED = (3, 5, 10, 0)  # 0: never


@ft.component
def NearTurnChoice(
    chosen: int, scale: float, on_choose: Callable[[int], Awaitable[None]]
) -> ft.Control:
    """``chosen``: the threshold in force (the person's, else the app's)."""
    t = use_t()
    offered = OFFERED if chosen in OFFERED else tuple(sorted({*OFFERED, chosen} - {0})) + (0,)

    def label(n: int) -> str:
        if n == 0:
            return t.gettext("Jangan beri tanda")
        return t.ngettext(
            "Saat tinggal {n} orang di depan saya", "Saat tinggal {n} orang di depan saya", n,
        ).format(n=t.format_number(n))

    async def changed(e: ft.Event[ft.RadioGroup]) -> None:
        value = e.control.value
        if value is not None and value.isdigit():
            await on_choose(int(value))

    return ft.RadioGroup(
        value=str(chosen),
        on_change=changed,
        content=ft.Column(
            spacing=0,
            controls=[
                PreferenceRow(
                    f"near-turn-{n}",
                    ft.Radio(value=str(n), label=label(n),
                             label_style=ft.TextStyle(size=text_size("body_large", scale))),
                    partial(on_choose, n),
                )
                for n in offered
            ],
        ),
    )
