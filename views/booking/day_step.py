"""Step 1: which day. Each day of the booking window says whether it is open, how
many places are left for JKN and Umum, and who practises (an absent doctor with the
reason); closed and full days cannot be chosen."""

from __future__ import annotations

import datetime as dt
from functools import partial

import flet as ft

from api_client.models import DayAvailability, DoctorSession
from components.facility_hours import span_text
from session.context import use_t
from session.i18n import Translator
from views.booking.frame import ChoiceButton
from views.booking.wizard import BookingWizard

WEEKLY_CLOSED = "weekly_closed"
CLOSED_FOR_TODAY = "closed_for_today"


def is_full(day: DayAvailability) -> bool:
    return day.open and day.left_jkn <= 0 and day.left_non_jkn <= 0


def can_choose(day: DayAvailability) -> bool:
    return day.open and not is_full(day)


def closed_text(t: Translator, day: DayAvailability) -> str:
    """Why a day cannot be booked, in plain words."""
    _ = t.gettext
    reason = day.closed_reason
    if reason == WEEKLY_CLOSED:
        return _("Tutup")
    if reason == CLOSED_FOR_TODAY:
        return _("Sudah tutup untuk hari ini")
    if reason:  # a holiday's or an announced closure's name, as the service gives it
        return _("Tutup: {reason}").format(reason=reason)
    return _("Tidak menerima pendaftaran online")


def places_text(t: Translator, day: DayAvailability) -> str:
    _ = t.gettext
    return _("Sisa tempat: JKN {jkn} · Umum {umum}").format(
        jkn=t.format_number(max(day.left_jkn, 0)), umum=t.format_number(max(day.left_non_jkn, 0))
    )


def doctors_text(t: Translator, sessions: list[DoctorSession]) -> list[str]:
    """Who practises that day, one line each; an absent doctor with the reason."""
    _ = t.gettext
    return [
        _("{doctor} tidak praktik: {reason}").format(doctor=s.doctor_name, reason=s.absent_reason)
        if s.absent_reason else
        _("Dokter: {doctor} ({hours})").format(
            doctor=s.doctor_name, hours=span_text(t, s.starts, s.ends))
        for s in sessions
    ]


def day_label(t: Translator, day: dt.date, today: dt.date) -> str | None:
    _ = t.gettext
    if day == today:
        return _("Hari ini")
    if day == today + dt.timedelta(days=1):
        return _("Besok")
    return None


@ft.component
def DayStep(wizard: BookingWizard) -> ft.Control:
    t = use_t()
    days, chosen = wizard.days, wizard.day
    if not days:
        return ft.ProgressRing(semantics_label=t.gettext("Memuat jadwal…"))
    today = days[0].service_date
    choices: list[ft.Control] = []
    for day in days:
        if not day.open:
            lines = [closed_text(t, day)]
        elif is_full(day):
            lines = [t.gettext("Penuh")]
        else:
            lines = [t.gettext("Buka"), places_text(t, day),
                     *doctors_text(t, wizard.doctors.get(day.service_date, []))]
        choices.append(
            ChoiceButton(
                identifier=f"day-{day.service_date.isoformat()}",
                title=t.format_date(day.service_date, "full"),
                lines=lines,
                badge=day_label(t, day.service_date, today),
                selected=day.service_date == chosen,
                disabled=not can_choose(day),
                on_click=partial(wizard.choose_day, day.service_date),
            )
        )
    return ft.Column(choices, spacing=10, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
