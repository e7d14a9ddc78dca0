"""Doctors in the directory file: name and weekly schedule per service, as the seed
holds them. One place to extend when doctors carry more (SIP, absences).

A doctor is matched by name within the service. A new one is added, a changed
schedule replaced (audited with before and after: ids and hours, never the name); a
doctor missing from the file is reported and kept (the doctors' admin retires one)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.audit import trail
from server.clock import hhmm, minute_of_day
from server.directory.changes import Change, Edit
from server.facilities.tables import DoctorRow, DoctorScheduleRow
from server.seed.schema import WEEKDAYS, DoctorSeed, WeekHours
from server.staff.auth import Principal


def doctor_seeds(session: Session, service_id: int) -> list[DoctorSeed]:
    doctors = session.scalars(
        select(DoctorRow).where(DoctorRow.service_id == service_id).order_by(DoctorRow.id)
    ).all()
    return [
        DoctorSeed(name=d.name, schedule=_schedule(session, d.id), unconfirmed=list(d.unconfirmed or []))
        for d in doctors
    ]


def doctor_edits(facility_id: str, code: str, now: list[DoctorSeed], want: list[DoctorSeed]) -> list[Edit]:
    have = {d.name: d for d in now}
    edits = []
    for d in want:
        if d.name not in have:
            edits.append(
                Edit(Change.added, facility_id, code, what=f"doctor {d.name}", after=_text(d.schedule))
            )
        elif have[d.name].schedule != d.schedule:
            edits.append(
                Edit(
                    Change.changed,
                    facility_id,
                    code,
                    what=f"doctor {d.name}",
                    before=_text(have[d.name].schedule),
                    after=_text(d.schedule),
                )
            )
    names = {d.name for d in want}
    edits += [
        Edit(
            Change.kept,
            facility_id,
            code,
            what=f"doctor {d.name}",
            after="missing from the file; kept (a doctor is retired in the admin face)",
        )
        for d in now
        if d.name not in names
    ]
    return edits


def apply_doctors(
    *,
    session: Session,
    facility_id: str,
    service_id: int,
    want: list[DoctorSeed],
    now: dt.datetime,
    by: Principal,
) -> None:
    """Add the doctors new to the service, replace the schedules that changed."""
    rows = {d.name: d for d in session.scalars(select(DoctorRow).where(DoctorRow.service_id == service_id))}
    for d in want:
        row = rows.get(d.name)
        before = None if row is None else _schedule(session, row.id)
        if before == d.schedule:
            continue
        if row is None:
            row = DoctorRow(
                facility_id=facility_id, service_id=service_id, name=d.name, unconfirmed=list(d.unconfirmed)
            )
            session.add(row)
            session.flush()
        session.execute(delete(DoctorScheduleRow).where(DoctorScheduleRow.doctor_id == row.id))
        for weekday, day in enumerate(WEEKDAYS):
            span = getattr(d.schedule, day)
            if span:
                opens, closes = span.split("-")
                session.add(
                    DoctorScheduleRow(
                        doctor_id=row.id,
                        weekday=weekday,
                        starts_minute=minute_of_day(opens),
                        ends_minute=minute_of_day(closes),
                    )
                )
        trail.record(
            session=session,
            principal=by,
            action="add_doctor" if before is None else "change_doctor_schedule",
            subject=f"doctor:{row.id}",
            facility_id=facility_id,
            at=now,
            before=None if before is None else {"service_id": service_id, "schedule": _text(before)},
            after={"service_id": service_id, "schedule": _text(d.schedule)},
        )
    session.flush()


def _schedule(session: Session, doctor_id: int) -> WeekHours:
    spans = {
        r.weekday: f"{hhmm(r.starts_minute)}-{hhmm(r.ends_minute)}"
        for r in session.scalars(select(DoctorScheduleRow).where(DoctorScheduleRow.doctor_id == doctor_id))
    }
    return WeekHours(**{day: spans.get(i) for i, day in enumerate(WEEKDAYS)})


def _text(hours: WeekHours) -> str:
    return (
        " ".join(f"{day} {getattr(hours, day)}" for day in WEEKDAYS if getattr(hours, day)) or "no sessions"
    )
