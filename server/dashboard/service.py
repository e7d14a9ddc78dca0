"""The Dinkes dashboard's figures, for one facility or all, over a range of service dates.

Everything is read from what the booking and queue services record: visits and their
current ticket (channel, cancelled, no-show, arrival), the BPJS task times (waits per
stage), and the per-day counters (quota places taken). Definitions, so that a figure
can be checked by hand:

- a *visit* is a booking or walk-in whose service date is in the range and whose
  current ticket is not cancelled;
- a *no-show* is a visit skipped when called (`no_show`), or a booking still
  `booked` after its day has passed;
- a stage's wait is the time between two consecutive task times of a visit
  (1→2 loket wait, 2→3 loket service, 3→4 poli wait, …, 6→7 apotek service);
  median as usual, p90 by nearest rank (the value at rank ⌈0.9·n⌉);
- quota use sums the per-day counters of the services, the UGD left out (it never
  refuses for a quota);
- busiest hours count arrivals (check-in or walk-in time) per hour of day, WIB;
- the SKM index is the survey's own (`server.feedback.service.skm`), same range.

The comparison of every facility (`server.dashboard.compare`) uses the same
definitions grouped by facility, in a few queries: `is_no_show`, `wait_minutes`,
`waits_of` and `quota_sums` serve both.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, cast, func, literal_column, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from api_client.models import (
    Channel,
    ChannelVisits,
    Dashboard,
    DayVisits,
    HourVisits,
    QuotaDay,
    ServiceKind,
    StageWait,
    TicketStatus,
    WaitStage,
)
from server.clock import WIB
from server.db import Database
from server.facilities.tables import ServiceRow
from server.feedback.service import skm
from server.queue.tables import ServiceDayRow, TaskTimeRow, TicketRow, VisitRow
from server.seed.history_rows import DEMO_MARK

STAGES = {
    WaitStage.loket_wait: (1, 2), WaitStage.loket_service: (2, 3),
    WaitStage.poli_wait: (3, 4), WaitStage.poli_service: (4, 5),
    WaitStage.apotek_wait: (5, 6), WaitStage.apotek_service: (6, 7),
}
MAX_DAYS = 92


def dashboard(
    *, session: Session, facility_id: str | None, date_from: dt.date, date_to: dt.date,
    today: dt.date,
) -> Dashboard:
    visits = visit_rows(session, facility_id, date_from, date_to)
    channels, days, hours, demo = Counter[str](), Counter[tuple[dt.date, str]](), Counter[int](), 0
    no_shows = Counter[str]()
    for service_date, channel, status, arrived, consent in visits:
        if status == TicketStatus.cancelled:
            continue
        channels[channel] += 1
        days[service_date, channel] += 1
        demo += consent == DEMO_MARK
        if is_no_show(status, service_date, today):
            no_shows[channel] += 1
        if arrived is not None:
            hours[arrived.astimezone(WIB).hour] += 1
    total, missed = sum(channels.values()), sum(no_shows.values())
    return Dashboard(
        facility_id=facility_id, date_from=date_from, date_to=date_to,
        visits=total, no_shows=missed, no_show_rate=percent(missed, total),
        channels=[
            ChannelVisits(channel=c, visits=channels[c], no_shows=no_shows[c],
                          no_show_rate=percent(no_shows[c], channels[c]))
            for c in Channel
        ],
        days=[_day(days, date_from + dt.timedelta(days=i)) for i in range((date_to - date_from).days + 1)],
        waits=stage_waits(session, facility_id, date_from, date_to),
        quota=_quota(session, facility_id, date_from, date_to),
        hours=[HourVisits(hour=h, visits=hours[h]) for h in range(24)],
        skm=skm(session=session, facility_id=facility_id, date_from=date_from, date_to=date_to),
        demo_visits=demo,
    )


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def p90(values: list[float]) -> float | None:
    """Nearest rank: the smallest value with at least 90 % of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def is_no_show(status: str, service_date: dt.date, today: dt.date) -> bool:
    """Skipped when called, or booked and never came once the day has passed."""
    return status == TicketStatus.no_show or (status == TicketStatus.booked and service_date < today)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _in_range(facility_id: str | None, date_from: dt.date, date_to: dt.date) -> ColumnElement[bool]:
    where = (VisitRow.service_date >= date_from) & (VisitRow.service_date <= date_to)
    return where & (VisitRow.facility_id == facility_id) if facility_id else where


def visit_rows(session: Session, facility_id: str | None, date_from: dt.date, date_to: dt.date) -> list:  # type: ignore[type-arg]
    return list(session.execute(
        select(VisitRow.service_date, VisitRow.channel, TicketRow.status, VisitRow.checked_in_at,
               VisitRow.consent_version)
        .join(TicketRow, TicketRow.id == VisitRow.current_ticket_id)
        .where(_in_range(facility_id, date_from, date_to))
    ).all())


_TURNS = threading.Lock()


@contextmanager
def read_in_turn(db: Database) -> Iterator[Session]:
    """A read session for the dashboard's figures and the reports built from them, one
    such read at a time in a process. Each takes a range's visits and task times
    through Python (a month of the regency: ~130,000 wait rows), and the dashboard asks
    three at once: side by side on threads the three took 6.3–6.4 s on a quiet machine,
    one at a time 2.9–3.6 s (the first answered after ~1 s). SQLite gives up the
    interpreter's lock at every row it steps, and each read then waited for the others'
    turn (docs/benchmarks.md, "Dashboard reads")."""
    with _TURNS, db.read() as session:
        yield session


def visits_by_facility(
    *, session: Session, date_from: dt.date, date_to: dt.date, today: dt.date
) -> dict[str, tuple[int, int]]:
    """Visits and no-shows per facility, over every facility in one query."""
    return count_visits(visit_statuses(session, date_from, date_to), today)


def visit_statuses(session: Session, date_from: dt.date, date_to: dt.date) -> list[Any]:
    """(facility, day, status) of every visit of every facility in the range."""
    return list(session.connection().execute(
        select(VisitRow.facility_id, VisitRow.service_date, TicketRow.status)
        .join(TicketRow, TicketRow.id == VisitRow.current_ticket_id)
        .where(_in_range(None, date_from, date_to))
    ).all())


def count_visits(rows: Iterable[Any], today: dt.date) -> dict[str, tuple[int, int]]:
    """Visits and no-shows per facility, from `visit_statuses` rows (cancelled left out)."""
    counts: dict[str, tuple[int, int]] = {}
    for facility_id, service_date, status in rows:
        if status == TicketStatus.cancelled:
            continue
        visits, missed = counts.get(facility_id, (0, 0))
        counts[facility_id] = (visits + 1, missed + is_no_show(status, service_date, today))
    return counts


def _day(days: Counter[tuple[dt.date, str]], day: dt.date) -> DayVisits:
    by = {c: days[day, c.value] for c in Channel}
    return DayVisits(service_date=day, app=by[Channel.app], web=by[Channel.web],
                     kiosk=by[Channel.kiosk], desk=by[Channel.desk], mobile_jkn=by[Channel.mobile_jkn],
                     total=sum(by.values()))


def _seconds_between(session: Session, start: Any, end: Any) -> ColumnElement[Any]:
    """Seconds from `start` to `end`, computed by the database (both store UTC)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", end - start)
    return (func.julianday(end) - func.julianday(start)) * literal_column("86400.0")


def stage_waits(
    session: Session, facility_id: str | None, date_from: dt.date, date_to: dt.date
) -> list[StageWait]:
    return waits_of(pooled(wait_minutes(
        session=session, facility_id=facility_id, date_from=date_from, date_to=date_to,
    )))


def wait_minutes(
    *, session: Session, facility_id: str | None, date_from: dt.date, date_to: dt.date
) -> dict[str, dict[int, list[float]]]:
    """Minutes between consecutive task times, per facility and first task (1–6)."""
    return minutes_of(wait_rows(session, facility_id, date_from, date_to))


def wait_rows(
    session: Session, facility_id: str | None, date_from: dt.date, date_to: dt.date
) -> list[Any]:
    """(facility, day, first task, seconds to the next task) of every visit in the range:
    about five rows a visit, read as plain rows (no ORM loading: 130,000 of them for a
    month of the regency)."""
    start, end = aliased(TaskTimeRow), aliased(TaskTimeRow)
    seconds = cast(_seconds_between(session, start.recorded_at, end.recorded_at), Float)
    return list(session.connection().execute(
        select(VisitRow.facility_id, VisitRow.service_date, start.task_id, seconds)
        .join(end, and_(end.visit_id == start.visit_id, end.task_id == start.task_id + 1))
        .join(VisitRow, VisitRow.id == start.visit_id)
        .where(_in_range(facility_id, date_from, date_to) & start.task_id.between(1, 6))
    ).all())


def minutes_of(rows: Iterable[Any]) -> dict[str, dict[int, list[float]]]:
    """`wait_rows` as minutes per facility and first task."""
    minutes: dict[str, dict[int, list[float]]] = {}
    for facility, _day, task_id, secs in rows:
        minutes.setdefault(facility, {}).setdefault(task_id, []).append(float(secs) / 60)
    return minutes


def pooled(per_facility: dict[str, dict[int, list[float]]]) -> dict[int, list[float]]:
    """Every facility's minutes together (the regency's waits: not a mean of means)."""
    together: dict[int, list[float]] = {}
    for by_task in per_facility.values():
        for task_id, values in by_task.items():
            together.setdefault(task_id, []).extend(values)
    return together


def waits_of(minutes: dict[int, list[float]]) -> list[StageWait]:
    """The six stages' median and p90, from the minutes per first task."""
    out = []
    for stage, (first, second) in STAGES.items():
        values = minutes.get(first, [])
        mid, top = median(values), p90(values)
        out.append(StageWait(
            stage=stage, from_task=first, to_task=second, visits=len(values),
            median_minutes=round(mid, 1) if mid is not None else None,
            p90_minutes=round(top, 1) if top is not None else None,
        ))
    return out


def _quota(session: Session, facility_id: str | None, date_from: dt.date, date_to: dt.date) -> list[QuotaDay]:
    return [
        QuotaDay(service_date=day, quota_jkn=qj, used_jkn=uj, quota_non_jkn=qn, used_non_jkn=un,
                 quota_walkin=qw, used_walkin=uw)
        for day, qj, uj, qn, un, qw, uw in quota_sums(
            session=session, facility_id=facility_id, date_from=date_from, date_to=date_to,
            by=ServiceDayRow.service_date,
        )
    ]


def quota_sums(
    *, session: Session, facility_id: str | None, date_from: dt.date, date_to: dt.date,
    by: InstrumentedAttribute[Any],
) -> list[tuple[Any, int, int, int, int, int, int]]:
    """Quota places and places taken (JKN, non-JKN, walk-in), summed per `by` (the
    service date, or the facility), the UGD left out."""
    d = ServiceDayRow
    where = (d.service_date >= date_from) & (d.service_date <= date_to)
    where = where & (ServiceRow.kind != ServiceKind.ugd.value)
    if facility_id:
        where = where & (ServiceRow.facility_id == facility_id)
    rows = session.execute(
        select(by, func.sum(d.quota_jkn), func.sum(d.used_jkn), func.sum(d.quota_non_jkn),
               func.sum(d.used_non_jkn), func.sum(d.quota_walkin), func.sum(d.used_walkin))
        .join(ServiceRow, ServiceRow.id == d.service_id)
        .where(where).group_by(by).order_by(by)
    ).all()
    return [(key, *(int(v) for v in sums)) for key, *sums in rows]
