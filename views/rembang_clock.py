"""The time in Rembang (WIB) as the app sees it: the device's clock, or the service's
own when the service serves this web app in the same process with a demo clock
(`LSR_DEMO_CLOCK`, server/web.py), so its screens agree with the service. The screens
read it through their own small `now` functions, which the view tests replace."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from views.i18n import TIMEZONE


def device_clock() -> dt.datetime:
    return dt.datetime.now(TIMEZONE)


_clock: Callable[[], dt.datetime] = device_clock


def now() -> dt.datetime:
    return _clock().astimezone(TIMEZONE)


def follow(clock: Callable[[], dt.datetime]) -> None:
    """Read the time from `clock` from now on (the device's clock: `device_clock`)."""
    global _clock
    _clock = clock
