"""Twelve weeks, week by week, for each facility and the regency: is it getting better?

Each week is seven days ending on the week's last date; the last week ends on the
date asked for (by default today). A week's figures are the headline's
(`server.dashboard.trends.summary`), computed for every facility at once with the
comparison's queries: the visits and the waits of all twelve weeks read once and
shared out by week, the SKM grouped per week; the regency's over all visits together.
Weeks with no visit have no rate, no wait and no index: the line has a gap, not a zero.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from api_client.models import FacilityTrend, PeriodSummary, SkmIndex, WaitStage, WeeklyTrends
from server.dashboard.service import (
    count_visits,
    minutes_of,
    percent,
    pooled,
    visit_statuses,
    wait_rows,
    waits_of,
)
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
    weeks = weeks_up_to(date_to)
    # Two reads of the twelve weeks at once, shared out by week (one per week each read
    # the tables through again: 2.5 s of a month's regency data, most of the weekly).
    statuses = by_week(visit_statuses(session, weeks[0][0], date_to), weeks)
    waits = by_week(wait_rows(session, None if with_regency else facility_id, weeks[0][0], date_to), weeks)
    for (first, last), week_statuses, week_waits in zip(weeks, statuses, waits, strict=True):
        visits = count_visits(week_statuses, today)
        minutes = minutes_of(week_waits)
        skm_each, skm_all = skm_by_facility(session=session, date_from=first, date_to=last)
        for facility in shown:
            lines[facility].append(_week(first, last, visits.get(facility, (0, 0)),
                                         minutes.get(facility, {}), skm_each.get(facility)))
        if with_regency:
            everyone = list(visits.values())
            lines[None].append(_week(
                first, last, (sum(v for v, _ in everyone), sum(m for _, m in everyone)),
                pooled(minutes), skm_all,
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


def by_week(rows: list[Any], weeks: list[tuple[dt.date, dt.date]]) -> list[list[Any]]:
    """Rows whose second column is a day, shared out into `weeks` (consecutive, seven
    days each, oldest first)."""
    shared: list[list[Any]] = [[] for _ in weeks]
    first = weeks[0][0]
    for row in rows:
        shared[(row[1] - first).days // 7].append(row)
    return shared


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
