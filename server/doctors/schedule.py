"""Who practises when, as citizens see it: the sessions of the practising doctors on
each day, with an absence's reason on the days a doctor is away. Seed placeholders
(a name still marked `unconfirmed`, "dr. (contoh 1)") and retired doctors are left
out, and so are the days their service is closed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.models import DoctorSession
from server.clock import hhmm
from server.doctors.tables import DoctorAbsenceRow
from server.facilities.directory import Directory
from server.facilities.tables import DoctorRow, DoctorScheduleRow


def sessions_on(
    *, session: Session, directory: Directory, facility_id: str, days: list[dt.date],
    service_id: int | None = None,
) -> list[DoctorSession]:
    """By day, service and start; only `service_id`'s when given."""
    query = (
        select(DoctorRow, DoctorScheduleRow)
        .join(DoctorScheduleRow, DoctorScheduleRow.doctor_id == DoctorRow.id)
        .where((DoctorRow.facility_id == facility_id) & DoctorRow.active
               & DoctorScheduleRow.weekday.in_({d.weekday() for d in days}))
        .order_by(DoctorRow.service_id, DoctorScheduleRow.starts_minute, DoctorRow.id)
    )
    if service_id is not None:
        query = query.where(DoctorRow.service_id == service_id)
    rows = [(doctor, slot) for doctor, slot in session.execute(query)
            if "name" not in (doctor.unconfirmed or [])]
    away = absences_on(session, doctor_ids={doctor.id for doctor, _ in rows}, days=days)
    return [
        DoctorSession(
            doctor_id=doctor.id, doctor_name=doctor.name, service_id=doctor.service_id,
            service_date=day, starts=hhmm(slot.starts_minute), ends=hhmm(slot.ends_minute),
            absent_reason=away.get((doctor.id, day)),
        )
        for day in sorted(days)
        for doctor, slot in rows
        if slot.weekday == day.weekday()
        if directory.service_closed_reason(directory.services[doctor.service_id], day) is None
    ]


def absences_on(
    session: Session, *, doctor_ids: set[int], days: list[dt.date]
) -> dict[tuple[int, dt.date], str]:
    """(doctor, day) → the reason of a live (not withdrawn) absence."""
    if not doctor_ids or not days:
        return {}
    rows = session.scalars(
        select(DoctorAbsenceRow).where(
            DoctorAbsenceRow.doctor_id.in_(doctor_ids) & DoctorAbsenceRow.service_date.in_(days)
            & DoctorAbsenceRow.withdrawn_at.is_(None)
        )
    )
    return {(r.doctor_id, r.service_date): r.reason for r in rows}
