"""The period of a report to file: one calendar month of service dates (WIB),
written `2026-11` in a URL and on the command line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_date

from server.clock import EARLIEST, LATEST

MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class Month:
    first: dt.date

    @classmethod
    def parse(cls, text: str) -> Month:
        """`2026-11` → November 2026; anything else is refused with what was given."""
        found = MONTH.fullmatch(text.strip())
        if found is None or not 1 <= int(found[2]) <= 12:
            raise ValueError(f"a month is written YYYY-MM, e.g. 2026-11; got {text!r}")
        first = dt.date(int(found[1]), int(found[2]), 1)
        if not EARLIEST <= first <= LATEST:
            raise ValueError(f"a report's month lies between {EARLIEST:%Y-%m} and {LATEST:%Y-%m}, got {text}")
        return cls(first)

    @classmethod
    def before(cls, day: dt.date) -> Month:
        """The last full month before `day`'s (the default report)."""
        return cls((day.replace(day=1) - dt.timedelta(days=1)).replace(day=1))

    @property
    def last(self) -> dt.date:
        following = (self.first + dt.timedelta(days=31)).replace(day=1)
        return following - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.first:%Y-%m}"

    def label(self) -> str:
        """As the report says it: "November 2026"."""
        return format_date(self.first, "MMMM yyyy", locale="id")
