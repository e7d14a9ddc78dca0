"""The response deadline of a complaint: 5 working days, as SP4N-LAPOR! promises.

Working days are Monday to Friday (the civil service's week), national holidays
excepted. The day a complaint arrives does not count, so a complaint sent on Monday
30 November 2026 is due by Monday 7 December 2026. Once that day has ended and the
complaint is not `selesai`, the person is pointed to SP4N-LAPOR! (lapor.go.id, SMS 1708).
"""

from __future__ import annotations

import datetime as dt

from server.facilities.calendar import national_holiday

RESPONSE_WORKING_DAYS = 5


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and national_holiday(day) is None


def respond_by(received: dt.date, working_days: int = RESPONSE_WORKING_DAYS) -> dt.date:
    """The last day of the response period for a complaint received on `received`."""
    day, left = received, working_days
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def overdue(due: dt.date, *, today: dt.date, finished: bool) -> bool:
    return not finished and today > due
