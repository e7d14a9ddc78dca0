"""A doctor's absence on one date ("dr. Ani cuti 12 Des"), told through the
announcements' machinery so that the booked patients learn of it where they look:

- if another practising doctor of the same service still has a session that day, the
  service stays open and its bookings stay: the absence publishes a `doctor_absent`
  announcement of that service for that date, and the ticket shows it as a notice;
- if nobody else practises there that day, the absence closes the service for that
  date: it publishes a `closure` announcement of the service, which closes booking and
  cancels the bookings not yet called, and each cancelled ticket shows the reason
  (`server.announcements.service.published`, as any closure).

Withdrawing the absence withdraws its announcement: a closed day reopens for booking,
but the bookings it cancelled stay cancelled (a cancelled booking is never revived: its
patient books again), as for any withdrawn closure. Both tell the open screens of the
service (a `reconfigured` event): who practises that day changed. An absence cannot be recorded for a
day that has passed, a day the doctor has no session, or twice for one day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.models import (
    AnnouncementCreate,
    AnnouncementKind,
    DoctorAbsence,
    DoctorAbsenceIn,
    ErrorCode,
)
from server.announcements import changes
from server.announcements.service import published
from server.announcements.tables import AnnouncementRow
from server.audit import trail
from server.clock import service_date_of
from server.doctors.schedule import absences_on
from server.doctors.service import find
from server.doctors.tables import DoctorAbsenceRow
from server.errors import ApiProblem, field_problem, not_found
from server.facilities.directory import Directory
from server.facilities.service_settings import tell_screens
from server.facilities.tables import DoctorRow, DoctorScheduleRow
from server.horizon import require_within_horizon
from server.staff.auth import Principal


def record(
    *, session: Session, directory: Directory, facility_id: str, doctor_id: int, data: DoctorAbsenceIn,
    now: dt.datetime, by: Principal,
) -> DoctorAbsence:
    doctor = find(session, facility_id=facility_id, doctor_id=doctor_id, practising=True)
    day = data.service_date
    if day < service_date_of(now):
        raise field_problem("service_date", ErrorCode.date_in_past, f"{day} has passed")
    require_within_horizon(field="service_date", day=day, now=now)
    if doctor.id not in _practising(session, doctor.service_id, day):
        raise field_problem(
            "service_date", ErrorCode.doctor_not_scheduled,
            f"doctor {doctor.id} has no session on {day} ({day:%A})", date=day.isoformat(),
        )
    if absences_on(session, doctor_ids={doctor.id}, days=[day]):
        raise ApiProblem(409, ErrorCode.doctor_already_absent,
                         f"doctor {doctor.id} is already absent on {day}")
    others = _practising(session, doctor.service_id, day) - {doctor.id}
    others -= {d for d, _ in absences_on(session, doctor_ids=others, days=[day])}
    closes = not others
    announcement, cancelled = published(
        session=session, facility_id=facility_id, directory=directory, now=now, by=by,
        data=AnnouncementCreate(
            kind=AnnouncementKind.closure if closes else AnnouncementKind.doctor_absent,
            service_id=doctor.service_id, title=_title(doctor, data.reason), body=data.reason,
            valid_from=day, valid_until=day,
        ),
    )
    row = DoctorAbsenceRow(
        doctor_id=doctor.id, service_date=day, reason=data.reason, closes_service=closes,
        announcement_id=announcement.id, cancelled=cancelled, created_at=now, created_by=by.name,
    )
    session.add(row)
    session.flush()
    trail.record(session=session, principal=by, action="record_doctor_absence",
                 subject=f"doctor_absence:{row.id}", facility_id=facility_id, at=now,
                 after=snapshot(row))
    return wire(row, doctor)  # its announcement told the open screens (announcements.heard)


def withdraw(
    *, session: Session, facility_id: str, absence_id: int, now: dt.datetime, by: Principal
) -> DoctorAbsence:
    """The doctor practises after all: the notice goes; a closed day reopens (the
    bookings it cancelled stay cancelled)."""
    row, doctor = _find(session, facility_id, absence_id)
    if row.withdrawn_at is not None:
        raise ApiProblem(409, ErrorCode.absence_withdrawn,
                         f"absence {absence_id} was withdrawn at {row.withdrawn_at.isoformat()}")
    if row.service_date < service_date_of(now):
        raise ApiProblem(409, ErrorCode.announcement_ended, f"absence {absence_id} was on {row.service_date}")
    before = snapshot(row)
    announcement = session.get(AnnouncementRow, row.announcement_id)
    if announcement is not None and announcement.withdrawn_at is None:  # not taken back by hand
        changes.withdraw(session=session, facility_id=facility_id, announcement_id=announcement.id,
                         now=now, by=by, of_absence=True)  # which tells the open screens
    else:
        tell_screens(session=session, facility_id=facility_id, service_ids=[doctor.service_id], now=now)
    row.withdrawn_at, row.withdrawn_by = now, by.name
    trail.record(session=session, principal=by, action="withdraw_doctor_absence",
                 subject=f"doctor_absence:{row.id}", facility_id=facility_id, at=now,
                 before=before, after=snapshot(row))
    return wire(row, doctor)


def ahead(*, session: Session, facility_id: str, now: dt.datetime) -> list[DoctorAbsence]:
    """The facility's absences from today on, withdrawn ones included, by date."""
    rows = session.execute(
        select(DoctorAbsenceRow, DoctorRow).join(DoctorRow, DoctorRow.id == DoctorAbsenceRow.doctor_id)
        .where((DoctorRow.facility_id == facility_id)
               & (DoctorAbsenceRow.service_date >= service_date_of(now)))
        .order_by(DoctorAbsenceRow.service_date, DoctorAbsenceRow.id)
    )
    return [wire(absence, doctor) for absence, doctor in rows]


def snapshot(row: DoctorAbsenceRow) -> dict[str, str | int | bool | None]:
    """Ids, the date and what it did: not the reason (free text) nor the name."""
    return {"doctor_id": row.doctor_id, "service_date": row.service_date.isoformat(),
            "closes_service": row.closes_service, "announcement_id": row.announcement_id,
            "cancelled": row.cancelled,
            "withdrawn_at": row.withdrawn_at.isoformat() if row.withdrawn_at else None}


def wire(row: DoctorAbsenceRow, doctor: DoctorRow) -> DoctorAbsence:
    return DoctorAbsence(
        id=row.id, doctor_id=doctor.id, doctor_name=doctor.name, service_id=doctor.service_id,
        service_date=row.service_date, reason=row.reason, closes_service=row.closes_service,
        announcement_id=row.announcement_id, cancelled=row.cancelled, withdrawn_at=row.withdrawn_at,
    )


def _practising(session: Session, service_id: int, day: dt.date) -> set[int]:
    """The practising doctors of the service with a session on `day`'s weekday
    (placeholders included: they stand for a real doctor whose name is not checked yet)."""
    return set(session.scalars(
        select(DoctorRow.id).join(DoctorScheduleRow, DoctorScheduleRow.doctor_id == DoctorRow.id)
        .where((DoctorRow.service_id == service_id) & DoctorRow.active
               & (DoctorScheduleRow.weekday == day.weekday()))
    ))


def _title(doctor: DoctorRow, reason: str) -> str:
    """The announcement's title: the doctor's name and the reason (a placeholder's name
    is not shown to citizens: the reason alone)."""
    if "name" in (doctor.unconfirmed or []):
        return reason
    return f"{doctor.name}: {reason}"[:120]


def _find(session: Session, facility_id: str, absence_id: int) -> tuple[DoctorAbsenceRow, DoctorRow]:
    row = session.get(DoctorAbsenceRow, absence_id)
    doctor = session.get(DoctorRow, row.doctor_id) if row is not None else None
    if row is None or doctor is None or doctor.facility_id != facility_id:
        raise not_found(ErrorCode.absence_not_found, absence_id)
    return row, doctor
