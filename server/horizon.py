"""How far ahead an administrator may plan: a quota change's `effective_from`, a
doctor's absence, an announcement's or closure's dates. One limit for all three, so a
typo (year 9999 for 2027) is refused with a field message naming it, not kept as a
date nobody will reach (nor a closure that cancels bookings decades away)."""

from __future__ import annotations

import datetime as dt

from api_client.models import ErrorCode
from server.clock import service_date_of
from server.errors import field_problem

HORIZON_DAYS = 366  # a year ahead, a leap day included


def last_plannable(now: dt.datetime) -> dt.date:
    """The last date an administrator may plan for on the day of `now` (WIB)."""
    return service_date_of(now) + dt.timedelta(days=HORIZON_DAYS)


def require_within_horizon(*, field: str, day: dt.date, now: dt.datetime) -> None:
    """422 `date_too_far` on `field` when `day` is more than `HORIZON_DAYS` ahead."""
    last = last_plannable(now)
    if day > last:
        raise field_problem(
            field, ErrorCode.date_too_far,
            f"{field} {day} is more than {HORIZON_DAYS} days ahead: the last date is {last}",
            max=HORIZON_DAYS, last=last.isoformat(),
        )
