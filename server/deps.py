"""The FastAPI dependencies every router takes, as typed aliases (as in the FastAPI
template): the app's state, the request's time, who is asking, and the facility,
service or ticket a path names (404 when there is none, so every route reuses the
check; for staff, a ticket of another facility is none). No session: a sync route
opens its own (`with state.db.read() as session:`) in the thread it runs in. A session
dependency was tried: when a request was cancelled, its close ran while the route's
thread still used the connection, and SQLite crashed the process (a segmentation
fault, twice in clean-clone runs).

    @router.get("/services/{service_id}/queue")
    def get_queue_state(service: ServiceDep, state: StateDep, now: NowDep) -> QueueState: ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Header, Path, Request
from sqlalchemy import select

from api_client.models import ErrorCode
from server.errors import not_found
from server.facilities.directory import FacilityInfo, ServiceInfo
from server.queue.tables import TicketRow
from server.staff.auth import Principal
from server.staff.principal import resolve_principal
from server.state import AppState

Key = TypeVar("Key")
Found = TypeVar("Found")


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.lsr
    return state


StateDep = Annotated[AppState, Depends(get_state)]


def get_now(state: StateDep) -> dt.datetime:
    """The request's time, read once from the app's clock."""
    return state.clock()


NowDep = Annotated[dt.datetime, Depends(get_now)]

ROW_ID_MAX = 2**31 - 1  # PostgreSQL's INTEGER, the id columns' type
RowId = Annotated[int, Path(ge=1, le=ROW_ID_MAX, description="a row's id")]
"""An id in a path (an account, a kiosk, a doctor, an absence, an announcement): one
no row can have is refused (422) before the database sees it, not a server error."""


def get_principal(
    state: StateDep,
    now: NowDep,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_kiosk_key: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Principal:
    """The signed-in staff member (whose sign-in session is still open) or kiosk; 401
    for anyone else."""
    return resolve_principal(state=state, now=now, authorization=authorization, kiosk_key=x_kiosk_key)


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def _known(known: Mapping[Key, Found], key: Key, code: ErrorCode) -> Found:
    found = known.get(key)
    if found is None:
        raise not_found(code, key)
    return found


def get_facility(facility_id: str, state: StateDep) -> FacilityInfo:
    return _known(state.directory.facilities, facility_id, ErrorCode.facility_not_found)


FacilityDep = Annotated[FacilityInfo, Depends(get_facility)]


def get_service(service_id: int, state: StateDep) -> ServiceInfo:
    return _known(state.directory.services, service_id, ErrorCode.service_not_found)


ServiceDep = Annotated[ServiceInfo, Depends(get_service)]


@dataclass(frozen=True)
class TicketRef:
    """A ticket the path names, and the service it is at (who may act on it)."""

    ticket_id: int
    service: ServiceInfo


def get_ticket(ticket_id: int, state: StateDep, principal: PrincipalDep) -> TicketRef:
    """A ticket as the staff asking see it: one of another facility is answered exactly
    as one that does not exist (404 `ticket_not_found`), so walking the ids tells a
    facility's staff nothing about another's tickets. Dinkes sees every facility's."""
    with state.db.read() as session:
        service_id = session.scalar(select(TicketRow.service_id).where(TicketRow.id == ticket_id))
    service = state.directory.services[service_id] if service_id is not None else None
    if service is None or principal.facility_id not in (None, service.facility_id):
        raise not_found(ErrorCode.ticket_not_found, ticket_id)
    return TicketRef(ticket_id=ticket_id, service=service)


TicketDep = Annotated[TicketRef, Depends(get_ticket)]
"""The ticket of a staff route's `{ticket_id}`; needs a signed-in principal (401 first)."""
