"""Doctor routes: a facility's doctors, their weekly sessions and absences (its admin,
or Dinkes: `manage_doctors`); who practises on the coming days at a service (everyone)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api_client.models import Doctor, DoctorAbsence, DoctorAbsenceIn, DoctorIn, DoctorSession
from server.deps import FacilityDep, NowDep, PrincipalDep, RowId, ServiceDep, StateDep
from server.doctors import absences, schedule, service
from server.errors import documented
from server.queue.window import window
from server.staff.asker import asker_transaction
from server.staff.permissions import Action, require

router = APIRouter(tags=["doctors"], responses=documented(401, 403, 404, 422))


@router.get("/facilities/{facility_id}/doctors/managed", response_model=list[Doctor])
def managed_doctors(facility: FacilityDep, principal: PrincipalDep, state: StateDep) -> list[Doctor]:
    """Every doctor, placeholders and retired ones included."""
    require(principal, Action.manage_doctors, facility_id=facility.row.id)
    with state.db.read() as session:
        return service.listed(session=session, facility_id=facility.row.id)


@router.post("/facilities/{facility_id}/doctors", response_model=Doctor, status_code=201)
def add_doctor(
    facility: FacilityDep, data: DoctorIn, principal: PrincipalDep, state: StateDep, now: NowDep
) -> Doctor:
    require(principal, Action.manage_doctors, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        added = service.add(session=session, directory=state.directory, facility_id=facility.row.id,
                            data=data, now=now, by=principal)
    state.reload_directory()  # its roster: the doctor can be booked here at once
    return added


@router.put("/facilities/{facility_id}/doctors/{doctor_id}", response_model=Doctor,
            responses=documented(409))
def edit_doctor(
    facility: FacilityDep, doctor_id: RowId, data: DoctorIn, principal: PrincipalDep, state: StateDep,
    now: NowDep,
) -> Doctor:
    """Name, SIP, service and the weekly sessions (they replace the old ones)."""
    require(principal, Action.manage_doctors, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        edited = service.edit(session=session, directory=state.directory, facility_id=facility.row.id,
                              doctor_id=doctor_id, data=data, now=now, by=principal)
    state.reload_directory()
    return edited


@router.post("/facilities/{facility_id}/doctors/{doctor_id}/retire", response_model=Doctor,
             responses=documented(409))
def retire_doctor(
    facility: FacilityDep, doctor_id: RowId, principal: PrincipalDep, state: StateDep, now: NowDep
) -> Doctor:
    require(principal, Action.manage_doctors, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        retired = service.retire(session=session, facility_id=facility.row.id, doctor_id=doctor_id,
                                 now=now, by=principal)
    state.reload_directory()
    return retired


@router.get("/facilities/{facility_id}/doctor-absences", response_model=list[DoctorAbsence])
def absences_ahead(
    facility: FacilityDep, principal: PrincipalDep, state: StateDep, now: NowDep
) -> list[DoctorAbsence]:
    require(principal, Action.manage_doctors, facility_id=facility.row.id)
    with state.db.read() as session:
        return absences.ahead(session=session, facility_id=facility.row.id, now=now)


@router.post("/facilities/{facility_id}/doctors/{doctor_id}/absences", response_model=DoctorAbsence,
             status_code=201, responses=documented(409))
def record_absence(
    facility: FacilityDep, doctor_id: RowId, data: DoctorAbsenceIn, principal: PrincipalDep,
    state: StateDep, now: NowDep,
) -> DoctorAbsence:
    """The doctor does not practise that day. If nobody else of the service does, the
    service closes that day and its bookings are cancelled with the reason; otherwise
    the bookings stay and their tickets show the notice."""
    require(principal, Action.manage_doctors, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        recorded = absences.record(
            session=session, directory=state.directory, facility_id=facility.row.id,
            doctor_id=doctor_id, data=data, now=now, by=principal,
        )
    state.reload_directory()
    return recorded


@router.post("/facilities/{facility_id}/doctor-absences/{absence_id}/withdraw",
             response_model=DoctorAbsence, responses=documented(409))
def withdraw_absence(
    facility: FacilityDep, absence_id: RowId, principal: PrincipalDep, state: StateDep, now: NowDep
) -> DoctorAbsence:
    """The doctor practises after all: a closed day reopens (cancelled bookings stay so)."""
    require(principal, Action.manage_doctors, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        withdrawn = absences.withdraw(session=session, facility_id=facility.row.id, absence_id=absence_id,
                                      now=now, by=principal)
    state.reload_directory()
    return withdrawn


@router.get("/services/{service_id}/doctors", response_model=list[DoctorSession])
def doctors_of_service(
    svc: ServiceDep, state: StateDep, now: NowDep,
    days: Annotated[int | None, Query(ge=1, le=31, description="default: the booking window")] = None,
) -> list[DoctorSession]:
    """Who practises at this service on each day from today (WIB), absences marked."""
    dates = window(now, days - 1 if days else state.settings.booking_days_ahead)
    with state.db.read() as session:
        return schedule.sessions_on(session=session, directory=state.directory,
                                    facility_id=svc.facility_id, days=dates, service_id=svc.id)
