"""The day a system for the browser tests runs on: today in Rembang if the puskesmas
open today, else the next day they do (`LSR_DEMO_CLOCK`), so a test run on a Sunday or
a holiday finds the polis as on any working day."""

from __future__ import annotations

import datetime as dt

from server.clock import WIB
from server.facilities.calendar import national_holiday
from server.seed.load import read_seed
from tests.support.live_server import LiveServer

SUNDAY = 6


def puskesmas_day(start: dt.date) -> dt.date:
    """The first day from `start` on that is not a Sunday, a national holiday or one of
    the seed's extra closures (cuti bersama)."""
    extra = {closure.date for closure in read_seed().extra_closures}
    day = start
    while day.weekday() == SUNDAY or national_holiday(day) or day in extra:
        day += dt.timedelta(days=1)
    return day


def demo_clock(at: str) -> tuple[dt.date, str]:
    """The demo's day and its `LSR_DEMO_CLOCK` at `at` (HH:MM WIB)."""
    day = puskesmas_day(dt.datetime.now(WIB).date())
    return day, f"{day.isoformat()} {at}"


def on_a_puskesmas_day(server: LiveServer) -> LiveServer:
    """`server` (not started yet) on the real clock; on a Sunday or a holiday, on the
    next puskesmas day at the real time of day (`LSR_DEMO_CLOCK=YYYY-MM-DD`: its clock
    runs whole days ahead, `server.days_ahead`)."""
    today = dt.datetime.now(WIB).date()
    day = puskesmas_day(today)
    if day != today:
        server.env["LSR_DEMO_CLOCK"] = day.isoformat()
        server.demo_day, server.days_ahead = day, day - today
    return server
