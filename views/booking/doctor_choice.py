"""On the confirm step, when two or more doctors practise at the service on the chosen
day: which one. "Dokter mana saja" (any doctor) is chosen until the person picks
another, so nobody needs a tap more; one big row per doctor, with their hours."""

from __future__ import annotations

from functools import partial

import flet as ft

from components.facility_hours import span_text
from session.context import use_t
from views.booking.frame import ChoiceButton
from views.booking.wizard import BookingWizard


@ft.component
def DoctorChoice(wizard: BookingWizard) -> ft.Control:
    t = use_t()
    _ = t.gettext
    options = wizard.doctor_options
    if not options:
        return ft.Container(visible=False)
    rows: list[ft.Control] = [
        ft.Semantics(header=True, content=ft.Text(
            _("Pilih dokter"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.BOLD)),
        ChoiceButton(
            identifier="doctor-any", title=_("Dokter mana saja"),
            lines=[_("Dilayani dokter yang praktik saat Anda dipanggil")],
            selected=wizard.doctor_id is None, on_click=partial(wizard.choose_doctor, None),
            icon=ft.Icons.GROUPS, radio=True,
        ),
        *[
            ChoiceButton(
                identifier=f"doctor-{o.doctor_id}", title=o.name,
                lines=[_("Praktik {hours}").format(
                    hours=", ".join(span_text(t, starts, ends) for starts, ends in o.hours))],
                selected=wizard.doctor_id == o.doctor_id,
                on_click=partial(wizard.choose_doctor, o.doctor_id), icon=ft.Icons.PERSON, radio=True,
            )
            for o in options
        ],
    ]
    return ft.Semantics(identifier="doctor-choice", content=ft.Column(
        rows, spacing=10, horizontal_alignment=ft.CrossAxisAlignment.STRETCH))
