"""The two lanes and the priority reasons, as the kiosk and the desk offer them (Umum,
or Prioritas for lansia, ibu hamil, balita, disabilitas), and how a ticket's lane is
written on screen and on paper."""

from __future__ import annotations

from typing import NamedTuple

import flet as ft

from api_client.models import Lane, PriorityReason
from session.i18n import N_, Translator


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
