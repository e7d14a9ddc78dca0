"""Queue routes: the state of a service's queue, staff actions, and live events."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy import select

from api_client.models import CallNext, QueueState, StaffTicketView, TicketView, Transfer
from server.audit import trail
from server.clock import service_date_of
from server.deps import NowDep, PrincipalDep, ServiceDep, StateDep
from server.errors import documented, not_found
from server.privacy.shared_nik import for_staff, ticket_for_staff
from server.queues import actions
from server.queues.tables import TicketRow
from server.queues.tickets import queue_state, ticket_view
from server.staff.permissions import Action, require

router = APIRouter(tags=["queues"], responses=documented(401, 403, 404, 409, 422))


@router.get("/services/{service_id}/queue", response_model=QueueState)
def get_queue_state(
    service: ServiceDep,
    state: StateDep,
    now: NowDep,
    date: Annotated[dt.date | None, Query(description="default: today (WIB)")] = None,
) -> QueueState:
    with state.db.read() as session:
        return queue_state(session, state.directory, service, date or service_date_of(now), now)


@router.get("/services/{service_id}/tickets", response_model=list[StaffTicketView])
def list_tickets(
    service: ServiceDep, principal: PrincipalDep, state: StateDep, now: NowDep,
) -> list[StaffTicketView]:
    """Today's tickets of a service, in number order (staff of that facility), each
    flagged when its NIK is also booked with another phone number."""
    require(principal, Action.view_tickets, facility_id=service.facility_id, kind=service.kind)
    with state.db.read() as session:
        rows = session.scalars(
            select(TicketRow)
            .where((TicketRow.service_id == service.id)
                   & (TicketRow.service_date == service_date_of(now)))
            .order_by(TicketRow.number)
        ).all()
        return for_staff(session, [ticket_view(session, state.directory, t, now) for t in rows])


@router.post(
    "/services/{service_id}/call-next",
    response_model=StaffTicketView,
    responses={204: {"description": "nobody is waiting"}},
)
def call_next(
    service: ServiceDep, body: CallNext, principal: PrincipalDep, state: StateDep, now: NowDep
) -> StaffTicketView | Response:
    """Call the next checked-in ticket (priority rule in `server.queues.rules`)."""
    require(principal, Action.serve, facility_id=service.facility_id, kind=service.kind)
    with state.db.write_transaction() as session:
        called = actions.call_next(
            session, directory=state.directory, service=service, counter=body.counter,
            staff=principal.name, now=now,
        )
        if called is not None:
            trail.record(session, principal=principal, action="call", subject=f"ticket:{called.ticket_id}",
                         facility_id=service.facility_id, at=now,
                         before={"status": "checked_in"}, after=trail.ticket_state(called))
            return ticket_for_staff(session, called)
    return Response(status_code=204)


def _authorize_ticket(state: StateDep, principal: PrincipalDep, ticket_id: int) -> None:
    with state.db.read() as session:
        ticket = session.get(TicketRow, ticket_id)
        if ticket is None:
            raise not_found("ticket", ticket_id)
        service = state.directory.services[ticket.service_id]
    require(principal, Action.serve, facility_id=service.facility_id, kind=service.kind)


def _ticket_action(name: str, doc: str):  # type: ignore[no-untyped-def]
    step = getattr(actions, name)

    def route(ticket_id: int, principal: PrincipalDep, state: StateDep, now: NowDep) -> StaffTicketView:
        _authorize_ticket(state, principal, ticket_id)
        with state.db.write_transaction() as session:
            before, service = actions.locked_ticket(session, state.directory, ticket_id)
            was = trail.ticket_state(before)
            after: TicketView = step(session, directory=state.directory, ticket_id=ticket_id, now=now)
            trail.record(session, principal=principal, action=name, subject=f"ticket:{ticket_id}",
                         facility_id=service.facility_id, at=now, before=was,
                         after=trail.ticket_state(after))
            return ticket_for_staff(session, after)

    route.__doc__ = doc
    route.__name__ = name
    return route


for _path, _name, _doc in (
    ("recall", "recall", "Call the same number again (the display speaks it again)."),
    ("start", "start_serving", "The patient came: serving starts."),
    ("done", "finish", "Serving finished; the visit ends here."),
    ("skip", "skip", "The patient did not come: no-show (BPJS task 99)."),
):
    router.add_api_route(
        f"/tickets/{{ticket_id}}/{_path}", _ticket_action(_name, _doc), methods=["POST"],
        response_model=StaffTicketView,
    )


@router.post("/tickets/{ticket_id}/transfer", response_model=StaffTicketView)
def transfer(
    ticket_id: int, body: Transfer, principal: PrincipalDep, state: StateDep, now: NowDep
) -> StaffTicketView:
    """Send the patient on to another service of this facility, with a new number there."""
    _authorize_ticket(state, principal, ticket_id)
    with state.db.write_transaction() as session:
        before, service = actions.locked_ticket(session, state.directory, ticket_id)
        was = trail.ticket_state(before)
        moved = actions.transfer(
            session, directory=state.directory, ticket_id=ticket_id,
            to_service_id=body.to_service_id, lane=body.lane, now=now,
        )
        trail.record(session, principal=principal, action="transfer", subject=f"ticket:{ticket_id}",
                     facility_id=service.facility_id, at=now, before=was,
                     after=trail.ticket_state(moved))
        return ticket_for_staff(session, moved)
