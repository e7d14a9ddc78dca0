"""On the short way (a returning patient, views/booking/wizard.py): who the number is
for, among the patients this device keeps, each one tap; another patient; and a way
to change what was carried over from last time."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import flet as ft

from api_client.identity import mask_nik
from components.heading import Heading
from components.secondary_button import SecondaryButton
from session.context import use_t
from session.state import SavedProfile
from views.booking.frame import ChoiceButton
from views.booking.wizard import BookingWizard


@ft.component
def PatientChoice(profiles: list[SavedProfile], wizard: BookingWizard) -> ft.Control:
    _ = use_t().gettext
    chosen = wizard.draft.nik
    return ft.Column(
        spacing=8,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[
            Heading(_("Nomor untuk orang lain?"), ft.TextThemeStyle.TITLE_MEDIUM),
            *[
                ChoiceButton(
                    identifier=f"quick-profile-{i}",
                    title=p.name,
                    lines=[_("NIK {nik}").format(nik=mask_nik(p.nik))],
                    on_click=partial(wizard.use_profile, p),
                )
                for i, p in enumerate(reversed(profiles))  # the last used first
                if p.nik != chosen
            ],
            SecondaryButton("booking-other-patient", _("Pasien lain"), ft.Icons.PERSON_ADD,
                      wizard.other_patient),
        ],
    )


@ft.component
def ChangeableRow(
    row: ft.Control, identifier: str, label: str, on_click: Callable[[], object]
) -> ft.Control:
    """A summary line carried over from last time, with the way to change it."""
    return ft.Column([row, SecondaryButton(identifier, label, ft.Icons.EDIT, on_click)], spacing=6,
                     horizontal_alignment=ft.CrossAxisAlignment.START)
