"""A service's settings on a date: quotas per weekday, average service minutes,
counters. Each version holds from its `effective_from` until the next version's date
(`server.facilities.service_settings` adds them); a day's quota is that of the version
in force on the day, for the day's weekday."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

Week = tuple[int, int, int, int, int, int, int]
SINCE_EVER = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Quotas:
    jkn: int
    non_jkn: int
    walkin: int


@dataclass(frozen=True)
class ServiceSetting:
    effective_from: dt.date
    quota_jkn: Week
    quota_non_jkn: Week
    quota_walkin: Week
    avg_service_minutes: float
    counters: tuple[str, ...] = ()

    def quotas(self, weekday: int) -> Quotas:
        return Quotas(self.quota_jkn[weekday], self.quota_non_jkn[weekday], self.quota_walkin[weekday])

    @property
    def counter_count(self) -> int:
        """How many counters call this service (1 when none are named)."""
        return max(1, len(self.counters))


def week(values: Sequence[int]) -> Week:
    if len(values) != 7:
        raise ValueError(f"a week has 7 quotas, got {len(values)}")
    return (values[0], values[1], values[2], values[3], values[4], values[5], values[6])


def in_force(versions: Sequence[ServiceSetting], day: dt.date) -> ServiceSetting:
    """The version in force on `day`: the last one from `day` or earlier (the first
    when `day` comes before every version). `versions` by `effective_from`."""
    index = bisect_right([v.effective_from for v in versions], day) - 1
    return versions[max(index, 0)]
