"""The time in Rembang (WIB) as the app sees it: the device's clock, or a demo clock
(`LSR_DEMO_CLOCK`). The service serving this web app in its own process makes the
screens read its clock (server/web.py); a kiosk or web app started by `main.py` with
`LSR_DEMO_CLOCK` runs its own from that time (main.py). The screens read it through
their own small `now` functions, which the view tests replace."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

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


_TIME, _DAY = r"(?:[01]\d|2[0-3]):[0-5]\d", r"\d{4}-\d{2}-\d{2}"
DEMO_CLOCK = re.compile(rf"({_DAY})(?:[ T]({_TIME}))?|({_TIME})")
"""`HH:MM` (that time today in WIB), `YYYY-MM-DD HH:MM` (that day and time: a Sunday's
demo can run on a Monday morning) or `YYYY-MM-DD` (that day, at the real time of day)."""
FORMS = "a WIB time as HH:MM (00:00-23:59), a day and time as YYYY-MM-DD HH:MM, or a day as YYYY-MM-DD"


def demo_start(spec: str, now: dt.datetime) -> dt.datetime:
    """The WIB moment a demo clock `spec` reads at the real moment `now`; ValueError
    names the forms it takes."""
    match = DEMO_CLOCK.fullmatch(spec.strip())
    if match is None:
        raise ValueError(f"must be {FORMS}, got {spec!r}")
    local = now.astimezone(TIMEZONE)
    try:
        day = dt.date.fromisoformat(match[1]) if match[1] else local.date()
    except ValueError:
        raise ValueError(f"{match[1]} is not a day of the calendar, got {spec!r}") from None
    time = match[2] or match[3]
    if time is None:  # the day alone: the clock moves by whole days
        return dt.datetime.combine(day, local.timetz())
    hours, minutes = (int(part) for part in time.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), TIMEZONE)


@dataclass(frozen=True)
class DemoClock:
    """The real clock moved by `shift`; what only the real time will do (an
    authenticator app's codes) takes the shift back off (`real_moment`)."""

    real: Clock
    shift: dt.timedelta

    def __call__(self) -> dt.datetime:
        return (self.real() + self.shift).astimezone(TIMEZONE)


def starting_at(spec: str, *, real: Clock = device_clock) -> DemoClock:
    """A demo clock: when made, it reads `spec` (`demo_start`), then moves on with
    `real`, so a queue still moves. The service's (`LSR_DEMO_CLOCK`,
    server/settings.py) and a demo kiosk's: one rule for both."""
    began = real().astimezone(TIMEZONE)
    return DemoClock(real, demo_start(spec, began) - began)


def real_moment(clock: Clock, moment: dt.datetime) -> dt.datetime:
    """`moment` of `clock` on the real clock: a demo clock's shift taken off."""
    return moment - clock.shift if isinstance(clock, DemoClock) else moment
