"""Who may take the priority lane, as the kiosk and the desk offer it: lansia (60 years
or more on the day of the visit) and balita (under 5) are known from the birth date,
which the NIK carries; ibu hamil and disabilitas are said by the patient. The service
refuses an age-based reason the birth date does not bear out (server/queue/intake.py);
the app sets it by itself from the birth date (views/booking/lane_choice.py)."""

from __future__ import annotations

import datetime as dt

from api_client.models import PriorityReason

LANSIA_FROM_YEARS = 60
BALITA_UNDER_YEARS = 5
BY_AGE = frozenset({PriorityReason.lansia, PriorityReason.balita})


def age_on(birth_date: dt.date, day: dt.date) -> tuple[int, int]:
    """Whole years and whole months of age on `day` (a birthday counts from that day;
    born on 29 February: from 1 March in other years)."""
    months = (day.year - birth_date.year) * 12 + day.month - birth_date.month
    if day.day < birth_date.day:
        months -= 1
    months = max(months, 0)
    return months // 12, months


def priority_by_age(birth_date: dt.date, day: dt.date) -> PriorityReason | None:
    """Lansia or balita on `day`, or None."""
    years = age_on(birth_date, day)[0]
    if years >= LANSIA_FROM_YEARS:
        return PriorityReason.lansia
    if years < BALITA_UNDER_YEARS:
        return PriorityReason.balita
    return None


def reason_fits(reason: PriorityReason, birth_date: dt.date, day: dt.date) -> bool:
    """Whether the birth date bears out an age-based reason (the others are said)."""
    return reason not in BY_AGE or priority_by_age(birth_date, day) is reason
