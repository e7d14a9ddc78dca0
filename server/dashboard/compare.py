"""Every facility side by side over one period, and the regency's row.

The figures are the dashboard's own (`server.dashboard.service`): the same visits,
no-shows, waits per stage, quota and SKM, only grouped by facility, in a handful of
queries (visits, task times, quota, surveys, complaints) instead of one dashboard per
facility. The regency's row is computed over all visits, answers and places together,
never as a mean of the rows: its p90 wait is the p90 of every visit's wait.

Quota use is the places taken over the quota places of the period's service days
(JKN, non-JKN and walk-in together), the UGD left out. Complaints are the backlog
today, whatever the period: open (not `selesai`) and, of those, overdue (past the
5-working-day deadline, `server.complaints.deadline`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.orm import Session

from api_client.models import FacilityComparison, FacilityFigures, SkmIndex
from server.complaints.service import backlog
from server.dashboard.attention import attention_list, thresholds
from server.dashboard.service import (
    percent,
    pooled,
    quota_sums,
    visits_by_facility,
    wait_minutes,
    waits_of,
)
from server.facilities.directory import Directory
from server.facilities.tables import ServiceRow
from server.feedback.service import skm_by_facility
from server.settings import Settings

NO_QUOTA = (0, 0, 0, 0, 0, 0)  # quota and used: JKN, non-JKN, walk-in


def compare(
    *, session: Session, directory: Directory, settings: Settings, date_from: dt.date, date_to: dt.date,
    today: dt.date,
) -> FacilityComparison:
    rows, regency = side_by_side(session=session, directory=directory, date_from=date_from,
                                 date_to=date_to, today=today)
    limits = thresholds(settings)
    return FacilityComparison(
        date_from=date_from, date_to=date_to, facilities=rows, regency=regency, thresholds=limits,
        attention=attention_list(rows, limits),
    )


def side_by_side(
    *, session: Session, directory: Directory, date_from: dt.date, date_to: dt.date, today: dt.date,
) -> tuple[list[FacilityFigures], FacilityFigures]:
    """Each facility's figures (by name) and the regency's, over the period (also the
    monthly recap's per-facility table: server/reports/recap.py)."""
    visits = visits_by_facility(session=session, date_from=date_from, date_to=date_to, today=today)
    minutes = wait_minutes(session=session, facility_id=None, date_from=date_from, date_to=date_to)
    quota = {
        facility_id: tuple(sums)
        for facility_id, *sums in quota_sums(session=session, facility_id=None, date_from=date_from,
                                             date_to=date_to, by=ServiceRow.facility_id)
    }
    skm_each, skm_all = skm_by_facility(session=session, date_from=date_from, date_to=date_to)
    complaints = backlog(session=session, today=today)
    names = sorted(((info.row.name, facility_id) for facility_id, info in directory.facilities.items()))
    rows = [
        _figures(facility_id, name, visits.get(facility_id, (0, 0)), minutes.get(facility_id, {}),
                 quota.get(facility_id, NO_QUOTA), skm_each.get(facility_id),
                 complaints.get(facility_id, (0, 0)))
        for name, facility_id in names
    ]
    regency = _figures(
        None, None, _total(visits.values()), pooled(minutes),
        tuple(sum(q[i] for q in quota.values()) for i in range(len(NO_QUOTA))), skm_all,
        _total(complaints.values()),
    )
    return rows, regency


def _total(pairs: Iterable[tuple[int, int]]) -> tuple[int, int]:
    listed = list(pairs)
    return sum(first for first, _ in listed), sum(second for _, second in listed)


def _figures(
    facility_id: str | None, name: str | None, visits: tuple[int, int], minutes: dict[int, list[float]],
    quota: tuple[int, ...], skm: SkmIndex | None, complaints: tuple[int, int],
) -> FacilityFigures:
    quota_jkn, used_jkn, quota_non_jkn, used_non_jkn, quota_walkin, used_walkin = quota
    places, taken = quota_jkn + quota_non_jkn + quota_walkin, used_jkn + used_non_jkn + used_walkin
    return FacilityFigures(
        facility_id=facility_id, facility_name=name, visits=visits[0], no_shows=visits[1],
        no_show_rate=percent(visits[1], visits[0]), waits=waits_of(minutes),
        quota=places, quota_used=taken, quota_use_rate=percent(taken, places),
        skm_respondents=skm.respondents if skm else 0, skm_index=skm.index if skm else None,
        skm_band=skm.band if skm else None,
        complaints_open=complaints[0], complaints_overdue=complaints[1],
    )
