"""Opening hours: the device's time in Rembang, weekday names and spans in the
user's language, and the week's hours of a facility."""

from __future__ import annotations

import datetime as dt

import flet as ft

from api_client.models import OpeningHours
from session import rembang_clock
from session.context import use_t
from session.i18n import Translator

_A_MONDAY = dt.date(2024, 1, 1)


def now_in_rembang() -> dt.datetime:
    """The time in WIB (session/rembang_clock.py). Tests replace this to agree with the service's clock,
    so call it through the module (`facility_hours.now_in_rembang()`), not a copy."""
    return rembang_clock.now()


def today_in_rembang() -> dt.date:
    return now_in_rembang().date()


def weekday_name(t: Translator, weekday: int) -> str:
    """`0` → "Senin" (id), "Senèn" (jv), "Monday" (en), from Babel."""
    return t.format_date(_A_MONDAY + dt.timedelta(days=weekday), "EEEE")


def _clock(t: Translator, hhmm: str) -> str:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return t.format_time(dt.time(hour % 24, minute))


def span_text(t: Translator, opens: str, closes: str) -> str:
    """`07:30`-`12:00` → "07.30–12.00"; all day → "Buka 24 jam"."""
    if opens == "00:00" and closes == "24:00":
        return t.gettext("Buka 24 jam")
    return "–".join((_clock(t, opens), _clock(t, closes)))


def hours_on(hours: list[OpeningHours], weekday: int) -> OpeningHours | None:
    return next((h for h in hours if h.weekday == weekday), None)


def today_text(t: Translator, hours: list[OpeningHours]) -> str:
    """"Hari ini 07.30–12.00" or "Hari ini libur"."""
    span = hours_on(hours, today_in_rembang().weekday())
    if span is None:
        return t.gettext("Hari ini libur")
    return t.gettext("Hari ini {hours}").format(hours=span_text(t, span.opens, span.closes))


@ft.component
def WeekHours(hours: list[OpeningHours]) -> ft.Control:
    """Seven rows, Monday first; today's row in bold."""
    t = use_t()
    today = today_in_rembang().weekday()
    rows: list[ft.Control] = []
    for weekday in range(7):
        span = hours_on(hours, weekday)
        shown = span_text(t, span.opens, span.closes) if span else t.gettext("Libur")
        weight = ft.FontWeight.BOLD if weekday == today else None
        rows.append(
            ft.Row(
                [
                    ft.Text(weekday_name(t, weekday), weight=weight, expand=True),
                    ft.Text(shown, weight=weight, text_align=ft.TextAlign.END, expand=True),
                ],
            )
        )
    return ft.Semantics(identifier="week-hours", content=ft.Column(rows, spacing=6))
