"""Step 2 of a walk-in: Umum or Prioritas (lansia, ibu hamil, balita, disabilitas).

Each lane has a picture and its name; the priority reasons say who they are for,
so nobody has to know the word "prioritas".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from api_client.models import Lane, PriorityReason
from components.lanes import PRIORITY, REGULAR, LaneChoice
from session.context import use_t
from views.kiosk.style import SMALL, KioskTile, line, screen, tap, title


@ft.component
def LaneStep(on_choose: Callable[[Lane, PriorityReason | None], Any]) -> ft.Control:
    _ = use_t().gettext

    def tile(choice: LaneChoice, col: ft.ResponsiveNumber) -> ft.Control:
        key = choice.reason.value if choice.reason else "umum"
        return KioskTile(
            _(choice.label), choice.icon, tap(on_choose, choice.lane, choice.reason),
            identifier=f"lane-{key}", note=_(choice.note), col=col,
            primary=choice.lane is Lane.regular,
        )

    return screen(
        title(_("Pilih jenis antrean")),
        ft.ResponsiveRow([tile(REGULAR, {"xs": 12})], columns=12),
        line(_("Antrean prioritas, didahulukan untuk:"), bold=True),
        ft.ResponsiveRow(
            [tile(choice, {"xs": 6, "xl": 3}) for choice in PRIORITY], columns=12,
            spacing=20, run_spacing=20,
        ),
        line(_("Petugas dapat memeriksa antrean prioritas."), size=SMALL),
    )
