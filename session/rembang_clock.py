"""The time in Rembang (WIB) as the app sees it: the device's clock, or a demo clock
(`LSR_DEMO_CLOCK`). The service serving this web app in its own process makes the
screens read its clock (server/web.py); a kiosk or web app started by `main.py` with
`LSR_DEMO_CLOCK` runs its own from that time (main.py). The screens read it through
their own small `now` functions, which the view tests replace."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from session.i18n import TIMEZONE

Clock = Callable[[], dt.datetime]


def device_clock() -> dt.datetime:
    return dt.datetime.now(TIMEZONE)


_clock: Clock = device_clock


def now() -> dt.datetime:
    return _clock().astimezone(TIMEZONE)


def follow(clock: Clock) -> None:
    """Read the time from `clock` from now on (the device's clock: `device_clock`)."""
    global _clock
    _clock = clock


DEMO_CLOCK = re.compile(r"(?:(\d{4}-\d{2}-\d{2})[ T])?(([01]\d|2[0-3]):[0-5]\d)")
"""`HH:MM` (today in WIB) or `YYYY-MM-DD HH:MM` (that day: a Sunday's demo can run on a
Monday)."""


def demo_start(spec: str, today: dt.date) -> dt.datetime:
    """The WIB moment a demo clock `spec` starts from; ValueError names the forms."""
    match = DEMO_CLOCK.fullmatch(spec.strip())
    if match is None:
        raise ValueError(
            f"must be a WIB time as HH:MM (00:00-23:59), or a day and time as YYYY-MM-DD HH:MM, got {spec!r}")
    try:
        day = dt.date.fromisoformat(match[1]) if match[1] else today
    except ValueError:
        raise ValueError(f"{match[1]} is not a day of the calendar, got {spec!r}") from None
    hours, minutes = (int(part) for part in match[2].split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), TIMEZONE)


def starting_at(spec: str, *, real: Clock = device_clock) -> Clock:
    """A demo clock: when made, it reads `spec` (`HH:MM` on today's date in WIB, or
    `YYYY-MM-DD HH:MM`), then moves on with `real`, so a queue still moves. The
    service's (`LSR_DEMO_CLOCK`, server/settings.py) and a demo kiosk's: one rule for
    both."""
    began = real().astimezone(TIMEZONE)
    shift = demo_start(spec, began.date()) - began

    def shifted() -> dt.datetime:
        return (real() + shift).astimezone(TIMEZONE)

    return shifted
