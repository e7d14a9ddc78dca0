"""Doctors in the directory file: name, SIP and weekly schedule per service.

Applied with the doctors' own service functions (`server.doctors.service`: the same
checks and audit rows as the admin face's Dokter section). A doctor is matched by name
within the service: a new one is added, a changed SIP or schedule is an edit; a doctor
missing from the file is reported and kept (the admin face retires one, and records an
absence). Retired doctors are not exported."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.models import DoctorIn, DoctorWeekSession
from server.clock import hhmm
from server.directory.changes import Change, Edit
from server.doctors import service as doctor_service
from server.facilities.directory import Directory
from server.facilities.tables import DoctorRow, DoctorScheduleRow
from server.seed.schema import WEEKDAYS, DoctorSeed, WeekHours
from server.staff.auth import Principal


def doctor_seeds(session: Session, service_id: int) -> list[DoctorSeed]:
    doctors = session.scalars(
        select(DoctorRow).where((DoctorRow.service_id == service_id) & DoctorRow.active)
        .order_by(DoctorRow.id)
    ).all()
    return [
        DoctorSeed(name=d.name, sip=d.sip, schedule=_schedule(session, d.id),
                   unconfirmed=list(d.unconfirmed or []))
        for d in doctors
    ]


def doctor_edits(facility_id: str, code: str, now: list[DoctorSeed], want: list[DoctorSeed]) -> list[Edit]:
    have = {d.name: d for d in now}
    edits = []
    for d in want:
        if d.name not in have:
            edits.append(
                Edit(Change.added, facility_id, code, what=f"doctor {d.name}", after=_text(d))
            )
        elif (have[d.name].schedule, have[d.name].sip) != (d.schedule, d.sip):
            edits.append(
                Edit(
                    Change.changed,
                    facility_id,
                    code,
                    what=f"doctor {d.name}",
                    before=_text(have[d.name]),
                    after=_text(d),
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
    directory: Directory,
    facility_id: str,
    service_id: int,
    want: list[DoctorSeed],
    now: dt.datetime,
    by: Principal,
) -> None:
    """Add the doctors new to the service, edit those whose SIP or schedule changed."""
    if service_id not in directory.services:  # made by this same import
        directory = Directory.load(session)
    rows = {d.name: d for d in session.scalars(
        select(DoctorRow).where((DoctorRow.service_id == service_id) & DoctorRow.active))}
    for d in want:
        row = rows.get(d.name)
        if row is not None and (row.sip, _schedule(session, row.id)) == (d.sip, d.schedule):
            continue
        data = DoctorIn(name=d.name, sip=d.sip, service_id=service_id, sessions=_sessions(d.schedule))
        if row is None:
            doctor_service.add(session=session, directory=directory, facility_id=facility_id, data=data,
                               now=now, by=by)
        else:
            doctor_service.edit(session=session, directory=directory, facility_id=facility_id,
                                doctor_id=row.id, data=data, now=now, by=by)
    session.flush()


def _sessions(schedule: WeekHours) -> list[DoctorWeekSession]:
    return [
        DoctorWeekSession(weekday=weekday, starts=span.split("-")[0], ends=span.split("-")[1])
        for weekday, day in enumerate(WEEKDAYS)
        if (span := getattr(schedule, day))
    ]


def _schedule(session: Session, doctor_id: int) -> WeekHours:
    spans = {
        r.weekday: f"{hhmm(r.starts_minute)}-{hhmm(r.ends_minute)}"
        for r in session.scalars(select(DoctorScheduleRow).where(DoctorScheduleRow.doctor_id == doctor_id))
    }
    return WeekHours(**{day: spans.get(i) for i, day in enumerate(WEEKDAYS)})


def _text(doctor: DoctorSeed) -> str:
    """What the dry run prints of a doctor: the sessions, and that a SIP is known (not
    the number)."""
    hours = doctor.schedule
    sessions = " ".join(f"{day} {getattr(hours, day)}" for day in WEEKDAYS if getattr(hours, day))
    return (sessions or "no sessions") + (" · SIP" if doctor.sip else "")
