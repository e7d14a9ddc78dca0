"""How a dashboard's period compares with the one before it.

The previous period has the same length and ends the day before the period starts
(28 days against the 28 before them; one month's dates against as many days before),
and is compared only when the records reach back over all of it.
Its figures follow the definitions of `server.dashboard.service`: visits not
cancelled, no-shows (skipped when called, or booked and never came once the day had
passed), the nearest-rank p90 of the wait for the poli (task 3 → 4), and the SKM index.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from api_client.models import PeriodSummary, WaitStage
from server.clock import EARLIEST
from server.dashboard.service import percent, stage_waits, visits_by_facility
from server.feedback.service import skm
from server.queue.tables import VisitRow


def previous_period(
    session: Session, facility_id: str | None, date_from: dt.date, date_to: dt.date
) -> tuple[dt.date, dt.date] | None:
    """The same number of days just before `date_from`; None when the records do not
    cover all of it (the service's first weeks): a period with a few days of visits
    would make any change look huge."""
    days = (date_to - date_from).days + 1
    first = date_from - dt.timedelta(days=days)
    if first < EARLIEST:
        return None
    # Any visit on or before its first day (the oldest rows come first: no full scan).
    reaches_back = session.scalar(select(VisitRow.id).where(
        VisitRow.service_date <= first, VisitRow.facility_id == facility_id if facility_id else true(),
    ).limit(1))
    if reaches_back is None:
        return None
    return first, date_from - dt.timedelta(days=1)


def summary(
    *, session: Session, facility_id: str | None, date_from: dt.date, date_to: dt.date,
    today: dt.date,
) -> PeriodSummary:
    counts = visits_by_facility(session=session, date_from=date_from, date_to=date_to, today=today)
    if facility_id is not None:
        counts = {facility_id: counts.get(facility_id, (0, 0))}
    visits, missed = sum(v for v, _ in counts.values()), sum(m for _, m in counts.values())
    poli = next(w for w in stage_waits(session, facility_id, date_from, date_to)
                if w.stage == WaitStage.poli_wait)
    index = skm(session=session, facility_id=facility_id, date_from=date_from, date_to=date_to)
    return PeriodSummary(
        date_from=date_from, date_to=date_to, visits=visits, no_show_rate=percent(missed, visits),
        poli_wait_p90_minutes=poli.p90_minutes, skm_index=index.index,
        skm_respondents=index.respondents,
    )
