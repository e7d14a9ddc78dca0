"""A clock the tests set: the service reads the time only through it."""

from __future__ import annotations

import datetime as dt

from server.clock import WIB


class FakeClock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, *args: int) -> None:
        """Set the clock to a WIB wall time: set(2026, 11, 30, 8, 0)."""
        self.now = dt.datetime(*args, tzinfo=WIB)  # type: ignore[misc]

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def wib(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)  # type: ignore[misc]
