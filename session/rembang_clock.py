"""The time in Rembang (WIB) as the app sees it: the device's clock, or a demo clock
(`LSR_DEMO_CLOCK`). The service serving this web app in its own process makes the
screens read its clock (server/web.py); a kiosk or web app started by `main.py` with
`LSR_DEMO_CLOCK` runs its own from that time (main.py). The screens read it through
their own small `now` functions, which the view tests replace."""

from __future__ import annotations

import datetime as dt
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


def starting_at(hhmm: str, *, real: Clock = device_clock) -> Clock:
    """A demo clock: when made, it reads `hhmm` (WIB) on today's date in WIB, then
    moves on with `real`, so a queue still moves. The service's (`LSR_DEMO_CLOCK`,
    server/settings.py) and a demo kiosk's: one rule for both."""
    began = real().astimezone(TIMEZONE)
    hours, minutes = (int(part) for part in hhmm.split(":"))
    shift = dt.datetime.combine(began.date(), dt.time(hours, minutes), TIMEZONE) - began

    def shifted() -> dt.datetime:
        return (real() + shift).astimezone(TIMEZONE)

    return shifted
