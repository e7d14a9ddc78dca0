"""Facility directory routes: list and filter, detail, doctors per date, availability."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from api_client.models import (
    Closure,
    DoctorSession,
    Facility,
    FacilityDetail,
    FacilityType,
    ServiceAvailability,
)
from server.bookings.window import availability
from server.clock import hhmm, service_date_of
from server.deps import FacilityDep, NowDep, ServiceDep, StateDep
from server.errors import documented
from server.facilities.tables import DoctorRow, DoctorScheduleRow

router = APIRouter(tags=["facilities"], responses=documented(404, 422))


@router.get("/facilities", response_model=list[Facility])
def list_facilities(
    state: StateDep,
    now: NowDep,
    kecamatan: Annotated[str | None, Query(max_length=60)] = None,
    type: Annotated[FacilityType | None, Query()] = None,
    open_now: bool = False,
    q: Annotated[str | None, Query(max_length=60, description="part of the name")] = None,
) -> list[Facility]:
    out = []
    for facility_id, info in state.directory.facilities.items():
        row = info.row
        if kecamatan and row.kecamatan.lower() != kecamatan.lower():
            continue
        if type and row.type is not type:
            continue
        if q and q.lower() not in row.name.lower():
            continue
        facility = state.directory.facility(facility_id, now)
        if open_now and not facility.open_now:
            continue
        out.append(facility)
    return out


@router.get("/facilities/{facility_id}", response_model=FacilityDetail)
def get_facility(facility: FacilityDep, state: StateDep, now: NowDep) -> FacilityDetail:
    return state.directory.facility_detail(facility.row.id, now)


@router.get("/facilities/{facility_id}/doctors", response_model=list[DoctorSession])
def doctors_on(
    facility: FacilityDep,
    state: StateDep,
    now: NowDep,
    date: Annotated[dt.date | None, Query(description="default: today (WIB)")] = None,
) -> list[DoctorSession]:
    day = date or service_date_of(now)
    with state.db.read() as session:
        rows = session.execute(
            select(DoctorRow, DoctorScheduleRow)
            .join(DoctorScheduleRow, DoctorScheduleRow.doctor_id == DoctorRow.id)
            .where((DoctorRow.facility_id == facility.row.id)
                   & (DoctorScheduleRow.weekday == day.weekday()))
            .order_by(DoctorRow.service_id, DoctorScheduleRow.starts_minute)
        ).all()
    return [
        DoctorSession(
            doctor_id=doctor.id, doctor_name=doctor.name, service_id=doctor.service_id,
            service_date=day, starts=hhmm(slot.starts_minute), ends=hhmm(slot.ends_minute),
        )
        for doctor, slot in rows
        if state.directory.service_closed_reason(state.directory.services[doctor.service_id], day) is None
    ]


@router.get("/facilities/{facility_id}/closures", response_model=list[Closure])
def closures(facility: FacilityDep, state: StateDep, now: NowDep) -> list[Closure]:
    today = service_date_of(now)
    whole = [
        Closure(facility_id=facility.row.id, service_date=day, reason=reason)
        for day, reason in state.directory.closures_for(facility.row.id).items()
    ]
    one_service = [
        Closure(facility_id=facility.row.id, service_id=service_id, service_date=day, reason=reason)
        for service_id, day, reason in state.directory.closures_of_services(facility.row.id)
    ]
    return sorted((c for c in whole + one_service if c.service_date >= today),
                  key=lambda c: (c.service_date, c.service_id or 0))


@router.get("/services/{service_id}/availability", response_model=ServiceAvailability)
def service_availability(service: ServiceDep, state: StateDep, now: NowDep) -> ServiceAvailability:
    with state.db.read() as session:
        return availability(
            session=session, directory=state.directory, service=service, now=now,
            days_ahead=state.settings.booking_days_ahead,
        )
