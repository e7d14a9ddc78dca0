"""Directory routes for its admins (`manage_directory`: the facility's admin, or
Dinkes for every facility): read it as they edit it, change the facility, confirm its
marks, add and change services, change their quotas from a date.

After each change this instance reloads the directory at once; the others within
`LSR_DIRECTORY_REFRESH_SECONDS`; open screens hear a `reconfigured` event."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from api_client.models import (
    ConfirmMark,
    ErrorCode,
    FacilityAdmin,
    FacilityChange,
    ServiceAdmin,
    ServiceChange,
    ServiceCreate,
    ServiceSettingsChange,
)
from server.deps import FacilityDep, NowDep, PrincipalDep, StateDep
from server.errors import ApiProblem, documented
from server.facilities import edits, service_settings
from server.facilities.admin_read import facility_admin, service_admin
from server.facilities.directory import ServiceInfo
from server.facilities.tables import ServiceRow
from server.staff.asker import asker_transaction
from server.staff.auth import Principal
from server.staff.permissions import Action, require

router = APIRouter(tags=["directory"], responses=documented(401, 403, 404, 422))


def managed_service(service_id: int, principal: PrincipalDep, state: StateDep) -> ServiceInfo:
    """The service, if the principal manages its facility. An admin of another
    facility gets the same 403 for an unknown id as for a service not theirs (no
    oracle); Dinkes gets 404 for an unknown one."""
    service = state.directory.services.get(service_id)
    if service is None and principal.facility_id is not None:
        _refuse(principal, service_id)
    if service is None:
        raise ApiProblem(404, ErrorCode.service_not_found, f"no service {service_id!r}")
    if principal.facility_id is not None and principal.facility_id != service.facility_id:
        _refuse(principal, service_id)
    require(principal, Action.manage_directory, facility_id=service.facility_id)
    return service


def _refuse(principal: Principal, service_id: int) -> None:
    raise ApiProblem(403, ErrorCode.forbidden,
                     f"{principal.role} of {principal.facility_id} may not {Action.manage_directory} "
                     f"service {service_id}")


ManagedServiceDep = Annotated[ServiceInfo, Depends(managed_service)]


@router.get("/facilities/{facility_id}/directory", response_model=FacilityAdmin)
def read_directory(
    facility: FacilityDep, principal: PrincipalDep, state: StateDep, now: NowDep
) -> FacilityAdmin:
    """The facility as its admin edits it: confirmations, every service and its settings."""
    require(principal, Action.manage_directory, facility_id=facility.row.id)
    with state.db.read() as session:
        return facility_admin(session=session, directory=state.directory, facility_id=facility.row.id,
                              now=now)


@router.patch("/facilities/{facility_id}", response_model=FacilityAdmin)
def change_facility(
    facility: FacilityDep, data: FacilityChange, principal: PrincipalDep, state: StateDep, now: NowDep
) -> FacilityAdmin:
    """Name, address, phone, kecamatan, coordinates, opening hours: at once."""
    require(principal, Action.manage_directory, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        edits.change_facility(session=session, facility_id=facility.row.id, data=data, now=now, by=principal)
    return _reread(state, facility.row.id, now)


@router.post("/facilities/{facility_id}/confirmations", response_model=FacilityAdmin)
def confirm_mark(
    facility: FacilityDep, data: ConfirmMark, principal: PrincipalDep, state: StateDep, now: NowDep
) -> FacilityAdmin:
    """Clear one `unconfirmed` mark, once checked: who and when are kept."""
    require(principal, Action.manage_directory, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        edits.confirm_mark(session=session, facility_id=facility.row.id, field=data.field, now=now,
                           by=principal)
    return _reread(state, facility.row.id, now)


@router.post("/facilities/{facility_id}/services", response_model=ServiceAdmin, status_code=201)
def create_service(
    facility: FacilityDep, data: ServiceCreate, principal: PrincipalDep, state: StateDep, now: NowDep
) -> ServiceAdmin:
    require(principal, Action.manage_directory, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        service_id = edits.create_service(session=session, facility_id=facility.row.id, data=data, now=now,
                                          by=principal).id
    return _reread_service(state, service_id, now)


@router.patch("/services/{service_id}", response_model=ServiceAdmin, responses=documented(409))
def change_service(
    service: ManagedServiceDep, data: ServiceChange, principal: PrincipalDep, state: StateDep, now: NowDep
) -> ServiceAdmin:
    """Name, prefix, online, walk-in, disabled: at once. A new prefix only while no
    ticket of today or later holds the old one."""
    with asker_transaction(state.db, principal) as session:
        edits.change_service(session=session, service_id=service.id, data=data, now=now, by=principal)
    return _reread_service(state, service.id, now)


@router.put("/services/{service_id}/settings", response_model=ServiceAdmin)
def change_settings(
    service: ManagedServiceDep, data: ServiceSettingsChange, principal: PrincipalDep, state: StateDep,
    now: NowDep,
) -> ServiceAdmin:
    """Quotas per weekday, average minutes and counters from `effective_from` (today or
    later). Refused (422 `quota_below_booked`, with each date and count) where a quota
    would go below what is already booked."""
    with asker_transaction(state.db, principal) as session:
        service_settings.change_settings(
            session=session, directory=state.directory, service=service, data=data, now=now, by=principal,
            days_ahead=state.settings.booking_days_ahead,
        )
    return _reread_service(state, service.id, now)


def _reread(state: StateDep, facility_id: str, now: NowDep) -> FacilityAdmin:
    state.reload_directory()
    with state.db.read() as session:
        return facility_admin(session=session, directory=state.directory, facility_id=facility_id, now=now)


def _reread_service(state: StateDep, service_id: int, now: NowDep) -> ServiceAdmin:
    state.reload_directory()
    with state.db.read() as session:
        return service_admin(session=session, directory=state.directory,
                             row=session.get_one(ServiceRow, service_id), now=now)
