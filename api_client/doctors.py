"""A facility's doctors as its admin keeps them (`client.doctors`): list, add, edit,
retire; absences on a date; and who practises on the coming days at a service (for
everyone). The doctors of one date are `client.facilities.doctors`."""

from __future__ import annotations

import builtins

from pydantic import TypeAdapter

from api_client._http import Http
from api_client.models import Doctor, DoctorAbsence, DoctorAbsenceIn, DoctorIn, DoctorSession

_DOCTORS = TypeAdapter(list[Doctor])
_ABSENCES = TypeAdapter(list[DoctorAbsence])
_SESSIONS = TypeAdapter(list[DoctorSession])


class Doctors:
    def __init__(self, http: Http) -> None:
        self._http = http

    async def managed(self, facility_id: str) -> builtins.list[Doctor]:
        """Admins: every doctor, seed placeholders and retired ones included."""
        return _DOCTORS.validate_python(
            await self._http.request("GET", f"/facilities/{facility_id}/doctors/managed")
        )

    async def add(self, facility_id: str, doctor: DoctorIn) -> Doctor:
        return Doctor.model_validate(await self._http.request(
            "POST", f"/facilities/{facility_id}/doctors", json_body=doctor.model_dump(mode="json"),
        ))

    async def edit(self, facility_id: str, doctor_id: int, doctor: DoctorIn) -> Doctor:
        return Doctor.model_validate(await self._http.request(
            "PUT", f"/facilities/{facility_id}/doctors/{doctor_id}", json_body=doctor.model_dump(mode="json"),
        ))

    async def retire(self, facility_id: str, doctor_id: int) -> Doctor:
        return Doctor.model_validate(await self._http.request(
            "POST", f"/facilities/{facility_id}/doctors/{doctor_id}/retire",
        ))

    async def absences(self, facility_id: str) -> builtins.list[DoctorAbsence]:
        """From today on, withdrawn ones included."""
        return _ABSENCES.validate_python(
            await self._http.request("GET", f"/facilities/{facility_id}/doctor-absences")
        )

    async def mark_absent(self, facility_id: str, doctor_id: int, absence: DoctorAbsenceIn) -> DoctorAbsence:
        return DoctorAbsence.model_validate(await self._http.request(
            "POST", f"/facilities/{facility_id}/doctors/{doctor_id}/absences",
            json_body=absence.model_dump(mode="json"),
        ))

    async def withdraw_absence(self, facility_id: str, absence_id: int) -> DoctorAbsence:
        return DoctorAbsence.model_validate(await self._http.request(
            "POST", f"/facilities/{facility_id}/doctor-absences/{absence_id}/withdraw",
        ))

    async def of_service(self, service_id: int, *, days: int | None = None) -> builtins.list[DoctorSession]:
        """Who practises at the service on each day from today (the booking window by
        default); seed placeholders and retired doctors left out, absences marked."""
        return _SESSIONS.validate_python(await self._http.request(
            "GET", f"/services/{service_id}/doctors", params={"days": days},
        ))
