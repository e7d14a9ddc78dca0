"""The period a dashboard shows: a facility (or all) and a range of service dates,
with the presets people ask for (the last 7 or 28 days up to today)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

PRESETS = (7, 28)
MAX_DAYS = 92  # as the service allows


@dataclass(frozen=True)
class Period:
    facility_id: str | None  # None: every facility (Dinkes only)
    date_from: dt.date
    date_to: dt.date
    preset: int | None = 28  # the preset it came from; None once dates were picked

    @classmethod
    def last(cls, days: int, *, today: dt.date, facility_id: str | None) -> Period:
        return cls(facility_id, today - dt.timedelta(days=days - 1), today, days)

    def with_preset(self, days: int, today: dt.date) -> Period:
        return Period.last(days, today=today, facility_id=self.facility_id)

    def with_from(self, day: dt.date) -> Period:
        """A new first date; the last moves along when it would come before it or too far."""
        last = min(max(self.date_to, day), day + dt.timedelta(days=MAX_DAYS - 1))
        return replace(self, date_from=day, date_to=last, preset=None)

    def with_to(self, day: dt.date) -> Period:
        first = max(min(self.date_from, day), day - dt.timedelta(days=MAX_DAYS - 1))
        return replace(self, date_from=first, date_to=day, preset=None)

    def with_facility(self, facility_id: str | None) -> Period:
        return replace(self, facility_id=facility_id)
