"""Twelve weeks, week by week, for each facility and the regency: is it getting better?

Each week is seven days ending on the week's last date; the last week ends on the
date asked for (by default today). A week's figures are the headline's
(`server.dashboard.trends.summary`), computed for every facility at once with the
comparison's grouped queries (three per week), the regency's over all visits
together. Weeks with no visit have no rate, no wait and no index: the line has a gap,
not a zero.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from api_client.models import FacilityTrend, PeriodSummary, SkmIndex, WaitStage, WeeklyTrends
from server.dashboard.service import percent, pooled, visits_by_facility, wait_minutes, waits_of
from server.facilities.directory import Directory
from server.feedback.service import skm_by_facility

WEEKS = 12


def weeks_up_to(last_day: dt.date, weeks: int = WEEKS) -> list[tuple[dt.date, dt.date]]:
    """`weeks` runs of seven days, oldest first, the last ending on `last_day`."""
    ends = [last_day - dt.timedelta(days=7 * back) for back in reversed(range(weeks))]
    return [(end - dt.timedelta(days=6), end) for end in ends]


def weekly(
    *, session: Session, directory: Directory, date_to: dt.date, today: dt.date,
    facility_id: str | None, with_regency: bool,
) -> WeeklyTrends:
    """Every facility (`facility_id` None) or one, and the regency's line if asked."""
    shown = [facility_id] if facility_id else list(directory.facilities)
    lines: dict[str | None, list[PeriodSummary]] = {f: [] for f in shown}
    if with_regency:
        lines[None] = []
    for first, last in weeks_up_to(date_to):
        visits = visits_by_facility(session=session, date_from=first, date_to=last, today=today)
        minutes = wait_minutes(session=session, facility_id=facility_id, date_from=first, date_to=last)
        skm_each, skm_all = skm_by_facility(session=session, date_from=first, date_to=last)
        for facility in shown:
            lines[facility].append(_week(first, last, visits.get(facility, (0, 0)),
                                         minutes.get(facility, {}), skm_each.get(facility)))
        if with_regency:
            everyone = list(visits.values())
            lines[None].append(_week(
                first, last, (sum(v for v, _ in everyone), sum(m for _, m in everyone)),
                pooled(wait_minutes(session=session, facility_id=None, date_from=first, date_to=last))
                if facility_id else pooled(minutes),
                skm_all,
            ))
    names = {f: info.row.name for f, info in directory.facilities.items()}
    return WeeklyTrends(
        date_to=date_to,
        facilities=sorted(
            (FacilityTrend(facility_id=f, facility_name=names[f], weeks=lines[f]) for f in shown),
            key=lambda line: line.facility_name or "",
        ),
        regency=FacilityTrend(facility_id=None, facility_name=None, weeks=lines[None])
        if with_regency else None,
    )


def _week(
    first: dt.date, last: dt.date, visits: tuple[int, int], minutes: dict[int, list[float]],
    skm: SkmIndex | None,
) -> PeriodSummary:
    poli = next(w for w in waits_of(minutes) if w.stage is WaitStage.poli_wait)
    return PeriodSummary(
        date_from=first, date_to=last, visits=visits[0], no_show_rate=percent(visits[1], visits[0]),
        poli_wait_p90_minutes=poli.p90_minutes, skm_index=skm.index if skm else None,
        skm_respondents=skm.respondents if skm else 0,
    )
