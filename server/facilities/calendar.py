"""Open and closed days: weekly hours, national holidays, cuti bersama and closures."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=16)
def _national(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("ID", years=year, language="id"))


def national_holiday(day: dt.date) -> str | None:
    """The name of the national holiday on `day` (Indonesian), or None."""
    return _national(day.year).get(day)


WEEKLY_CLOSED = "weekly_closed"


def closed_reason(
    day: dt.date,
    *,
    hours_by_weekday: dict[int, tuple[int, int]],
    closures: dict[dt.date, str],
    own_closures: dict[dt.date, str] | None = None,
    emergency: bool = False,
) -> str | None:
    """Why `day` is closed (a holiday's or closure's name, or `weekly_closed`), or None.

    `closures`: the facility's and the regional ones (cuti bersama); `own_closures`:
    those that name this service. An `emergency` service (the 24-hour UGD) closes
    only for its own: never for a national holiday, a cuti bersama or its facility's
    closure.
    """
    if own_closures and day in own_closures:
        return own_closures[day]
    if not emergency:
        if day in closures:
            return closures[day]
        if name := national_holiday(day):
            return name
    if day.weekday() not in hours_by_weekday:
        return WEEKLY_CLOSED
    return None
