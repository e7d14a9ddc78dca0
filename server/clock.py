"""Time in Kabupaten Rembang. Service days and hours are WIB (Asia/Jakarta)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)  # a report's dates: anything else is a typo

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(WIB)


def service_date_of(moment: dt.datetime) -> dt.date:
    """The service day a moment belongs to: its calendar date in WIB."""
    if moment.tzinfo is None:
        raise ValueError(f"moment must be timezone-aware, got {moment!r}")
    return moment.astimezone(WIB).date()


def minute_of_day(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def at_minute(day: dt.date, minute: int) -> dt.datetime:
    """The WIB moment `minute` minutes after midnight on `day` (1440 = next midnight)."""
    return dt.datetime.combine(day, dt.time(0), WIB) + dt.timedelta(minutes=minute)
