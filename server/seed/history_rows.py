"""The demo history's people and visits as plain data, and how they are written: plain
multi-row inserts into the real tables, shaped as the booking and queue services
write them (see `server.seed.history`)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

from api_client.identity import BOOKING_CODE_ALPHABET as ALPHABET
from api_client.identity import BOOKING_CODE_LENGTH as LENGTH
from api_client.models import Channel, Lane, Payer, ServiceKind, TicketStatus
from server.facilities.directory import ServiceInfo
from server.feedback.tables import SurveyRow
from server.queue.tables import ServiceDayRow, TaskTimeRow, TicketRow, VisitRow

DEMO_MARK = "demo-history"  # consent_version of every generated visit, called_by of its tickets


@dataclass(frozen=True)
class Patient:
    key: str
    phone_key: str
    sealed: dict[str, str]
    name_masked: str
    nik_masked: str
    jkn: bool


@dataclass
class Stop:
    """One ticket of a visit, as the queue simulation fills it in."""

    service: ServiceInfo
    lane: Lane
    reason: str | None
    issued_at: dt.datetime
    checked_in_at: dt.datetime | None
    status: TicketStatus = TicketStatus.booked
    counter: str | None = None
    called_at: dt.datetime | None = None
    serving_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    number: int = 0


@dataclass
class Visit:
    facility_id: str
    day: dt.date
    channel: Channel
    payer: Payer | None
    patient: Patient | None
    created_at: dt.datetime
    checked_in_at: dt.datetime | None
    stops: list[Stop] = field(default_factory=list)
    tasks: dict[int, dt.datetime] = field(default_factory=dict)
    active: bool = False
    code: str = ""
    survey: dict[str, int | str | None] | None = None  # SurveyRow's columns: scores, profile

    def task(self, task_id: int, at: dt.datetime) -> None:
        self.tasks.setdefault(task_id, at)  # the first time counts (record_task)


def write_visits(*, session: Session, visits: list[Visit]) -> int:
    """Plain multi-row inserts with ids given here (RETURNING row by row is ten times
    slower); PostgreSQL's id sequences are moved past them afterwards."""
    rng = random.Random(len(visits))  # noqa: S311 - demo booking codes, reproducible
    days: dict[tuple[int, dt.date], list[tuple[Visit, Stop]]] = {}
    for visit in visits:
        visit.code = "".join(rng.choice(ALPHABET) for _ in range(LENGTH))
        for stop in visit.stops:
            days.setdefault((stop.service.id, visit.day), []).append((visit, stop))
    for pairs in days.values():  # numbers in the order they were issued
        for number, (_, stop) in enumerate(sorted(pairs, key=lambda vs: vs[1].issued_at), start=1):
            stop.number = number
    visit_id = itertools.count((session.scalar(select(func.max(VisitRow.id))) or 0) + 1)
    ticket_id = itertools.count((session.scalar(select(func.max(TicketRow.id))) or 0) + 1)
    Rows = list[dict[str, object]]
    visit_rows: Rows = []
    ticket_rows: Rows = []
    task_rows: Rows = []
    survey_rows: Rows = []
    for visit in visits:
        vid = next(visit_id)
        for stop in visit.stops:
            ticket_rows.append(_ticket_row(next(ticket_id), vid, visit, stop))
        visit_rows.append(_visit_row(vid, ticket_rows[-1]["id"], visit))  # the last stop is current
        task_rows += [{"visit_id": vid, "task_id": task, "recorded_at": at}
                      for task, at in visit.tasks.items()]
        if visit.survey is not None:
            survey_rows.append({
                "visit_id": vid, "facility_id": visit.facility_id, "service_id": visit.stops[0].service.id,
                "service_date": visit.day, "channel": visit.channel.value, **visit.survey, "comment": None,
                "submitted_at": visit.stops[-1].finished_at + dt.timedelta(minutes=rng.uniform(5, 180)),  # type: ignore[operator]
            })
    counters: Rows = [_service_day(service_id, day, pairs) for (service_id, day), pairs in days.items()]
    for table, rows in ((VisitRow, visit_rows), (TicketRow, ticket_rows), (TaskTimeRow, task_rows),
                        (ServiceDayRow, counters), (SurveyRow, survey_rows)):
        for chunk in _chunks(rows):
            session.execute(cast(Table, table.__table__).insert(), chunk)
    if session.get_bind().dialect.name == "postgresql":
        for name in ("visit", "ticket"):
            session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"  # noqa: S608
            ))
    return len(ticket_rows)


def _chunks(rows: list[dict[str, object]], size: int = 2000) -> Iterable[list[dict[str, object]]]:
    it = iter(rows)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _visit_row(visit_id: int, current_ticket_id: object, v: Visit) -> dict[str, object]:
    p = v.patient
    booked = v.payer is not None
    row: dict[str, object] = {
        "id": visit_id,
        "booking_code": v.code, "facility_id": v.facility_id, "service_id": v.stops[0].service.id,
        "service_date": v.day, "payer": v.payer.value if v.payer else None, "channel": v.channel.value,
        "patient_key": p.key if p else None, "phone_key": p.phone_key if p and booked else None,
        "name_sealed": None, "nik_sealed": p.sealed["nik_sealed"] if p else None,
        "bpjs_sealed": None, "phone_sealed": None, "birth_date_sealed": None,
        "name_masked": None, "nik_masked": p.nik_masked if p else None,
        "consent_version": DEMO_MARK, "consent_at": v.created_at if booked else None,
        "active": v.active, "created_at": v.created_at, "checked_in_at": v.checked_in_at,
        "current_ticket_id": current_ticket_id,
    }
    if p is not None and booked:  # a booking carries the whole identity; a walk-in the NIK only
        row.update({k: p.sealed[k] for k in ("name_sealed", "phone_sealed", "birth_date_sealed")})
        row["bpjs_sealed"] = p.sealed.get("bpjs_sealed") if v.payer is Payer.jkn else None
        row["name_masked"] = p.name_masked
    return row


def _ticket_row(ticket_id: int, visit_id: int, v: Visit, s: Stop) -> dict[str, object]:
    return {
        "id": ticket_id,
        "visit_id": visit_id, "service_id": s.service.id, "service_date": v.day, "number": s.number,
        "lane": s.lane.value, "priority_reason": s.reason, "status": s.status.value,
        "counter": s.counter, "issued_at": s.issued_at, "checked_in_at": s.checked_in_at,
        "called_at": s.called_at, "serving_at": s.serving_at, "finished_at": s.finished_at,
        "called_by": DEMO_MARK if s.called_at else None,
    }


def _service_day(service_id: int, day: dt.date, pairs: list[tuple[Visit, Stop]]) -> dict[str, object]:
    """The day's counter as allocation leaves it: numbers used, quota places taken
    (a cancellation gives its place back; transfers and the UGD take none)."""
    service = pairs[0][1].service
    quotas = service.quotas_on(day)
    taken: Counter[str] = Counter()
    for visit, stop in pairs:
        if stop is not visit.stops[0] or stop.status is TicketStatus.cancelled:
            continue
        if visit.payer is not None:
            taken[visit.payer.value] += 1
        elif service.kind is not ServiceKind.ugd:
            taken["walkin"] += 1
    return {
        "service_id": service_id, "service_date": day, "last_number": len(pairs),
        "quota_jkn": quotas.jkn, "quota_non_jkn": quotas.non_jkn,
        "quota_walkin": quotas.walkin, "used_jkn": taken["jkn"],
        "used_non_jkn": taken["non_jkn"], "used_walkin": taken["walkin"], "priority_streak": 0,
    }
