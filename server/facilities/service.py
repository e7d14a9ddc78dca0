"""Reading the facility directory: facilities by filter, the doctors on a date, the
closures still ahead. What a facility's services are and when they open is kept in
memory (`server.facilities.directory`); the doctors' schedules are read here."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from api_client.models import Closure, DoctorSession, Facility, FacilityType
from server.doctors import schedule
from server.facilities.directory import Directory


def find(
    *, directory: Directory, now: dt.datetime, kecamatan: str | None, type: FacilityType | None,
    open_now: bool, name_part: str | None,
) -> list[Facility]:
    """The facilities in `kecamatan`, of `type`, open at `now`, with `name_part` in their
    name (each filter only when given), in directory order."""
    out = []
    for facility_id, info in directory.facilities.items():
        row = info.row
        if kecamatan and row.kecamatan.lower() != kecamatan.lower():
            continue
        if type and row.type is not type:
            continue
        if name_part and name_part.lower() not in row.name.lower():
            continue
        facility = directory.facility(facility_id, now)
        if open_now and not facility.open_now:
            continue
        out.append(facility)
    return out


def doctors_on(
    *, session: Session, directory: Directory, facility_id: str, day: dt.date
) -> list[DoctorSession]:
    """The facility's doctors practising on `day`, by service and start, leaving out the
    services closed that day (`server.doctors.schedule`: placeholders, absences)."""
    return schedule.sessions_on(session=session, directory=directory, facility_id=facility_id, days=[day])


def closures_ahead(*, directory: Directory, facility_id: str, today: dt.date) -> list[Closure]:
    """The facility's closures from `today` on, whole or of one service, by date."""
    whole = [
        Closure(facility_id=facility_id, service_date=day, reason=reason)
        for day, reason in directory.closures_for(facility_id).items()
    ]
    one_service = [
        Closure(facility_id=facility_id, service_id=service_id, service_date=day, reason=reason)
        for service_id, day, reason in directory.closures_of_services(facility_id)
    ]
    return sorted((c for c in whole + one_service if c.service_date >= today),
                  key=lambda c: (c.service_date, c.service_id or 0))
