"""The priority lane in the patient step, with the kiosk's rule (api_client/priority.py):
lansia and balita are set from the birth date and said so; ibu hamil (offered when the
NIK is a woman's) and disabilitas are chosen, one tap to choose and one to undo."""

from __future__ import annotations

from functools import partial

import flet as ft

from api_client.models import PriorityReason
from components.lanes import PRIORITY
from session.context import use_t
from views.booking.frame import ChoiceButton, Notice
from views.booking.wizard import BookingWizard


@ft.component
def LaneChoice(wizard: BookingWizard) -> ft.Control:
    t = use_t()
    _ = t.gettext
    by_age = wizard.by_age
    if by_age is not None:
        label = next(_(c.label) for c in PRIORITY if c.reason is by_age)
        return Notice(_("Pasien {who}: nomor ini masuk antrean prioritas.").format(
            who=label.lower()), identifier="lane-by-age")
    offered = {PriorityReason.disabilitas} | ({PriorityReason.ibu_hamil} if wizard.woman else set())
    said = [c for c in PRIORITY if c.reason in offered]
    return ft.Column(
        spacing=8,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[
            ft.Text(_("Antrean prioritas"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            ft.Text(_("Pilih jika benar: petugas dapat memeriksanya. Lansia dan balita "
                      "diketahui dari tanggal lahir."), theme_style=ft.TextThemeStyle.BODY_LARGE),
            *[
                ChoiceButton(
                    identifier=f"lane-{c.reason.value}",
                    title=_(c.label),
                    lines=[_(c.note)],
                    icon=c.icon,
                    selected=wizard.declared is c.reason,
                    on_click=partial(wizard.declare, None if wizard.declared is c.reason else c.reason),
                )
                for c in said if c.reason is not None
            ],
        ],
    )
