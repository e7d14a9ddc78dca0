"""Facility directory routes: list and filter, detail, doctors per date, availability."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from api_client.models import (
    Closure,
    DoctorSession,
    Facility,
    FacilityDetail,
    FacilityType,
    ServiceAvailability,
)
from server.clock import service_date_of
from server.deps import FacilityDep, NowDep, ServiceDep, StateDep
from server.errors import documented
from server.facilities import service as facilities
from server.queue.window import availability

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
    return facilities.find(directory=state.directory, now=now, kecamatan=kecamatan, type=type,
                           open_now=open_now, name_part=q)


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
    with state.db.read() as session:
        return facilities.doctors_on(session=session, directory=state.directory, facility_id=facility.row.id,
                                     day=date or service_date_of(now))


@router.get("/facilities/{facility_id}/closures", response_model=list[Closure])
def closures(facility: FacilityDep, state: StateDep, now: NowDep) -> list[Closure]:
    return facilities.closures_ahead(directory=state.directory, facility_id=facility.row.id,
                                     today=service_date_of(now))


@router.get("/services/{service_id}/availability", response_model=ServiceAvailability)
def service_availability(
    service: ServiceDep, state: StateDep, now: NowDep
) -> ServiceAvailability:
    with state.db.read() as session:
        return availability(
            session=session, directory=state.directory, service=service, now=now,
            days_ahead=state.settings.booking_days_ahead,
        )
