"""The doctors held in memory with the facility directory (`Directory.roster`), for a
booking that names its doctor: whether the chosen doctor can be booked on a date
(checked before the allocating transaction, with no database read) and the name its
answer shows. Read again whenever the directory is: a change of a doctor or of an
absence sends a `reconfigured` event, which reloads it (`server.state`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.models import ErrorCode
from server.doctors.tables import DoctorAbsenceRow
from server.errors import ApiProblem, field_problem
from server.facilities.tables import DoctorRow, DoctorScheduleRow


@dataclass(frozen=True)
class RosterDoctor:
    id: int
    service_id: int
    name: str
    weekdays: frozenset[int]
    """The weekdays (Monday 0) with a session."""
    active: bool
    placeholder: bool
    """A seed placeholder ("dr. (contoh 1)"): never offered to citizens."""


@dataclass
class Roster:
    doctors: dict[int, RosterDoctor] = field(default_factory=dict)
    absent: set[tuple[int, dt.date]] = field(default_factory=set)
    """(doctor, date) of every live (not withdrawn) absence."""

    @classmethod
    def load(cls, session: Session) -> Roster:
        weekdays: dict[int, set[int]] = {}
        for doctor_id, weekday in session.execute(
            select(DoctorScheduleRow.doctor_id, DoctorScheduleRow.weekday)
        ):
            weekdays.setdefault(doctor_id, set()).add(weekday)
        doctors = {
            row.id: RosterDoctor(
                id=row.id, service_id=row.service_id, name=row.name,
                weekdays=frozenset(weekdays.get(row.id, ())), active=row.active,
                placeholder="name" in (row.unconfirmed or []),
            )
            for row in session.scalars(select(DoctorRow))
        }
        absent = {(doctor_id, day) for doctor_id, day in session.execute(
            select(DoctorAbsenceRow.doctor_id, DoctorAbsenceRow.service_date)
            .where(DoctorAbsenceRow.withdrawn_at.is_(None))
        )}
        return cls(doctors=doctors, absent=absent)

    def name_of(self, doctor_id: int | None) -> str | None:
        doctor = self.doctors.get(doctor_id) if doctor_id is not None else None
        return doctor.name if doctor is not None else None

    def require_bookable(self, *, doctor_id: int, service_id: int, day: dt.date) -> None:
        """The doctor a booking names practises at `service_id` on `day`: a practising
        doctor of that service (not a placeholder), with a session on its weekday and
        no live absence that date; else a 422 on `doctor_id`."""
        doctor = self.doctors.get(doctor_id)
        why = (
            "is unknown" if doctor is None
            else f"is not a doctor of service {service_id}" if doctor.service_id != service_id
            else "no longer practises" if not doctor.active
            else "is not confirmed yet" if doctor.placeholder
            else f"has no session on {day:%A}s" if day.weekday() not in doctor.weekdays
            else f"is absent on {day}" if (doctor_id, day) in self.absent
            else None
        )
        if why is not None:
            raise _not_bookable(doctor_id, why, day)


def _not_bookable(doctor_id: int, why: str, day: dt.date) -> ApiProblem:
    return field_problem("doctor_id", ErrorCode.doctor_not_bookable, f"doctor {doctor_id} {why}",
                         date=day.isoformat())
