"""A facility's doctors as its admin (or Dinkes) keeps them: add, edit, retire, each
with its weekly sessions at the doctor's service. A retired doctor is kept (their
absences and the trail still name them) but no longer practises and cannot change.

The rules: the service is one of the facility's; a session ends after it starts; two
sessions of one weekday do not overlap. Editing a seed placeholder's name clears its
`name` mark (citizens see the doctor from then on), editing its sessions the
`schedule` mark. Every change leaves an audit row with before and after (ids,
numbers, times; never the name), and a `reconfigured` event on the streams of the
services it touches, so the open screens read who practises again."""

from __future__ import annotations

import datetime as dt
from itertools import combinations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api_client.models import Doctor, DoctorIn, DoctorWeekSession, ErrorCode
from server.audit import trail
from server.clock import hhmm, minute_of_day
from server.errors import ApiProblem, field_problem, not_found
from server.facilities.directory import Directory
from server.facilities.service_settings import tell_screens
from server.facilities.tables import DoctorRow, DoctorScheduleRow
from server.staff.auth import Principal


def listed(*, session: Session, facility_id: str) -> list[Doctor]:
    """Every doctor of the facility, those practising first, then by service and name."""
    rows = session.scalars(
        select(DoctorRow).where(DoctorRow.facility_id == facility_id)
        .order_by(DoctorRow.active.desc(), DoctorRow.service_id, DoctorRow.name, DoctorRow.id)
    ).all()
    return [wire(session, row) for row in rows]


def find(session: Session, *, facility_id: str, doctor_id: int, practising: bool = False) -> DoctorRow:
    """A doctor of this facility: one of another facility answers as unknown.
    `practising`: a retired one cannot change (409)."""
    row = session.get(DoctorRow, doctor_id)
    if row is None or row.facility_id != facility_id:
        raise not_found(ErrorCode.doctor_not_found, doctor_id)
    if practising and not row.active:
        raise ApiProblem(409, ErrorCode.doctor_retired, f"doctor {doctor_id} is retired")
    return row


def add(
    *, session: Session, directory: Directory, facility_id: str, data: DoctorIn, now: dt.datetime,
    by: Principal,
) -> Doctor:
    check(directory=directory, facility_id=facility_id, data=data)
    row = DoctorRow(facility_id=facility_id, service_id=data.service_id, name=data.name, sip=data.sip,
                    active=True, unconfirmed=[])
    session.add(row)
    session.flush()
    _set_sessions(session, row, data.sessions)
    trail.record(session=session, principal=by, action="add_doctor", subject=f"doctor:{row.id}",
                 facility_id=facility_id, at=now, after=snapshot(session, row))
    tell_screens(session=session, facility_id=facility_id, service_ids=[row.service_id], now=now)
    return wire(session, row)


def edit(
    *, session: Session, directory: Directory, facility_id: str, doctor_id: int, data: DoctorIn,
    now: dt.datetime, by: Principal,
) -> Doctor:
    row = find(session, facility_id=facility_id, doctor_id=doctor_id, practising=True)
    check(directory=directory, facility_id=facility_id, data=data)
    before, moved_from = snapshot(session, row), row.service_id
    marks = set(row.unconfirmed or [])
    if data.name != row.name:
        marks.discard("name")
    if _sessions_of(session, row) != _sorted(data.sessions):
        marks.discard("schedule")
    row.name, row.sip, row.service_id = data.name, data.sip, data.service_id
    row.unconfirmed = sorted(marks)
    _set_sessions(session, row, data.sessions)
    trail.record(session=session, principal=by, action="change_doctor", subject=f"doctor:{row.id}",
                 facility_id=facility_id, at=now, before=before, after=snapshot(session, row))
    tell_screens(session=session, facility_id=facility_id, service_ids=sorted({moved_from, row.service_id}),
                 now=now)
    return wire(session, row)


def retire(
    *, session: Session, facility_id: str, doctor_id: int, now: dt.datetime, by: Principal
) -> Doctor:
    """No longer practises: off every schedule citizens see, from today on."""
    row = find(session, facility_id=facility_id, doctor_id=doctor_id, practising=True)
    before = snapshot(session, row)
    row.active = False
    trail.record(session=session, principal=by, action="retire_doctor", subject=f"doctor:{row.id}",
                 facility_id=facility_id, at=now, before=before, after=snapshot(session, row))
    tell_screens(session=session, facility_id=facility_id, service_ids=[row.service_id], now=now)
    return wire(session, row)


def check(*, directory: Directory, facility_id: str, data: DoctorIn) -> None:
    """The service is the facility's; each session ends after it starts; the sessions
    of one weekday do not overlap."""
    if data.service_id not in {s.id for s in directory.facilities[facility_id].services}:
        raise field_problem(
            "service_id", ErrorCode.service_not_of_facility,
            f"service {data.service_id} is not a service of {facility_id}",
        )
    for i, s in enumerate(data.sessions):
        if minute_of_day(s.ends) <= minute_of_day(s.starts):
            raise field_problem(
                f"sessions.{i}.ends", ErrorCode.doctor_session_reversed,
                f"session {i} ends at {s.ends}, not after it starts at {s.starts}",
                starts=s.starts, ends=s.ends,
            )
    for (i, a), (j, b) in combinations(enumerate(data.sessions), 2):
        if a.weekday == b.weekday and _span(a)[0] < _span(b)[1] and _span(b)[0] < _span(a)[1]:
            raise field_problem(
                f"sessions.{j}", ErrorCode.doctor_sessions_overlap,
                f"session {j} ({b.starts}-{b.ends}) overlaps session {i} ({a.starts}-{a.ends}) "
                f"on weekday {a.weekday}: one doctor practises in one place at a time",
                weekday=a.weekday, starts=b.starts, ends=b.ends,
            )


def wire(session: Session, row: DoctorRow) -> Doctor:
    return Doctor(
        id=row.id, facility_id=row.facility_id, service_id=row.service_id, name=row.name, sip=row.sip,
        sessions=_sessions_of(session, row), active=row.active, unconfirmed=list(row.unconfirmed or []),
    )


def snapshot(session: Session, row: DoctorRow) -> dict[str, str | int | bool | None]:
    """What the audit trail keeps of a doctor: the shape, not the name or the SIP."""
    return {
        "service_id": row.service_id, "active": row.active, "has_sip": bool(row.sip),
        "sessions": "; ".join(f"{s.weekday} {s.starts}-{s.ends}" for s in _sessions_of(session, row)),
        "unconfirmed": ",".join(row.unconfirmed or []),
    }


def _span(s: DoctorWeekSession) -> tuple[int, int]:
    return minute_of_day(s.starts), minute_of_day(s.ends)


def _sorted(sessions: list[DoctorWeekSession]) -> list[DoctorWeekSession]:
    return sorted(sessions, key=lambda s: (s.weekday, s.starts))


def _sessions_of(session: Session, row: DoctorRow) -> list[DoctorWeekSession]:
    slots = session.scalars(
        select(DoctorScheduleRow).where(DoctorScheduleRow.doctor_id == row.id)
        .order_by(DoctorScheduleRow.weekday, DoctorScheduleRow.starts_minute)
    )
    return [DoctorWeekSession(weekday=s.weekday, starts=hhmm(s.starts_minute), ends=hhmm(s.ends_minute))
            for s in slots]


def _set_sessions(session: Session, row: DoctorRow, sessions: list[DoctorWeekSession]) -> None:
    session.execute(delete(DoctorScheduleRow).where(DoctorScheduleRow.doctor_id == row.id))
    for s in _sorted(sessions):
        starts, ends = _span(s)
        session.add(DoctorScheduleRow(doctor_id=row.id, weekday=s.weekday, starts_minute=starts,
                                      ends_minute=ends))
    session.flush()
