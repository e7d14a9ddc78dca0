"""Step 2 of a walk-in: Umum or Prioritas (lansia, ibu hamil, balita, disabilitas).

Each lane has a picture and its name; the priority reasons say who they are for,
so nobody has to know the word "prioritas".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import flet as ft

from api_client.models import Lane, PriorityReason
from session.context import use_t
from session.i18n import N_, Translator
from views.kiosk.style import SMALL, KioskTile, line, screen, tap, title


class LaneChoice(NamedTuple):
    lane: Lane
    reason: PriorityReason | None
    label: str  # msgid
    note: str  # msgid
    icon: ft.IconData


REGULAR = LaneChoice(Lane.regular, None, N_("Reguler"), N_("Pasien lain, dengan atau tanpa BPJS"),
                     ft.Icons.PERSON)
PRIORITY = (
    LaneChoice(Lane.priority, PriorityReason.lansia, N_("Lansia"), N_("Umur 60 tahun ke atas"),
               ft.Icons.ELDERLY),
    LaneChoice(Lane.priority, PriorityReason.ibu_hamil, N_("Ibu hamil"), N_("Sedang mengandung"),
               ft.Icons.PREGNANT_WOMAN),
    LaneChoice(Lane.priority, PriorityReason.balita, N_("Balita"), N_("Anak di bawah 5 tahun"),
               ft.Icons.CHILD_CARE),
    LaneChoice(Lane.priority, PriorityReason.disabilitas, N_("Disabilitas"),
               N_("Penyandang disabilitas"), ft.Icons.ACCESSIBLE),
)
REASON_LABELS = {choice.reason: choice.label for choice in PRIORITY}


def lane_label(t: Translator, lane: Lane, reason: PriorityReason | None) -> str:
    """"Reguler", "Prioritas (Lansia)", or "Prioritas" when the reason is not known."""
    if lane is Lane.regular:
        return t.gettext("Reguler")
    if reason is None:
        return t.gettext("Prioritas")
    return t.gettext("Prioritas ({reason})").format(reason=t.gettext(REASON_LABELS[reason]))


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
