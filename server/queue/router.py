"""Queue routes: the state of a service's queue, staff actions, and live events."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy import select

from api_client.models import (
    CallNext,
    CallNumber,
    CounterBreak,
    LaneChange,
    PatientAtDesk,
    QueueState,
    StaffTicketView,
    TicketView,
    Transfer,
)
from server.clock import service_date_of
from server.deps import NowDep, PrincipalDep, ServiceDep, StateDep, TicketDep
from server.errors import documented
from server.privacy.shared_nik import for_staff, ticket_for_staff
from server.queue import actions, exceptions
from server.queue.answers import ticket_view
from server.queue.patient_at_desk import patient_at_desk
from server.queue.tables import TicketRow
from server.queue.tickets import queue_state
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
        return queue_state(session=session, directory=state.directory, service=service,
                           day=date or service_date_of(now), now=now)


@router.get("/services/{service_id}/tickets", response_model=list[StaffTicketView])
def list_tickets(
    service: ServiceDep, principal: PrincipalDep, state: StateDep, now: NowDep,
) -> list[StaffTicketView]:
    """Today's tickets of a service, in number order (staff of that facility), each
    flagged when its NIK is also booked with another phone number."""
    with state.db.read() as session:
        require(principal, Action.view_tickets, facility_id=service.facility_id, kind=service.kind)
        rows = session.scalars(
            select(TicketRow)
            .where((TicketRow.service_id == service.id)
                   & (TicketRow.service_date == service_date_of(now)))
            .order_by(TicketRow.number)
        ).all()
        return for_staff(session=session, tickets=[
            ticket_view(session=session, directory=state.directory, ticket=t, now=now) for t in rows
        ])


@router.post(
    "/services/{service_id}/call-next",
    response_model=StaffTicketView,
    responses={204: {"description": "nobody is waiting"}},
)
def call_next(
    service: ServiceDep, body: CallNext, principal: PrincipalDep, state: StateDep, now: NowDep
) -> StaffTicketView | Response:
    """Call the next checked-in ticket (priority rule in `server.queue.rules`)."""
    require(principal, Action.serve, facility_id=service.facility_id, kind=service.kind)
    with state.db.write_transaction() as session:
        called = actions.call_next(
            session=session, directory=state.directory, service=service, counter=body.counter,
            by=principal, now=now,
        )
        if called is not None:
            return ticket_for_staff(session=session, ticket=called)
    return Response(status_code=204)


def _ticket_action(name: str, doc: str):  # type: ignore[no-untyped-def]
    step = getattr(actions, name)

    def route(principal: PrincipalDep, ticket: TicketDep, state: StateDep, now: NowDep) -> StaffTicketView:
        require(principal, Action.serve, facility_id=ticket.service.facility_id, kind=ticket.service.kind)
        with state.db.write_transaction() as session:
            after: TicketView = step(
                session=session, directory=state.directory, ticket_id=ticket.ticket_id, by=principal,
                now=now,
            )
            return ticket_for_staff(session=session, ticket=after)

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
    principal: PrincipalDep, ticket: TicketDep, body: Transfer, state: StateDep, now: NowDep
) -> StaffTicketView:
    """Send the patient on to another service of this facility, with a new number there."""
    require(principal, Action.serve, facility_id=ticket.service.facility_id, kind=ticket.service.kind)
    with state.db.write_transaction() as session:
        moved = actions.transfer(
            session=session, directory=state.directory, ticket_id=ticket.ticket_id,
            to_service_id=body.to_service_id, lane=body.lane, by=principal, now=now,
        )
        return ticket_for_staff(session=session, ticket=moved)


@router.get("/tickets/{ticket_id}/patient", response_model=PatientAtDesk)
def patient_at_counter(
    principal: PrincipalDep, ticket: TicketDep, state: StateDep, now: NowDep
) -> PatientAtDesk:
    """Who is at the counter: the patient of a ticket called or being served today (409
    `patient_not_at_counter` otherwise), for the account that called it or recalled it
    last (403 `patient_at_other_counter` for anyone else). Each answer about an
    identified patient is recorded in the audit trail."""
    require(principal, Action.serve, facility_id=ticket.service.facility_id, kind=ticket.service.kind)
    with state.db.write_transaction() as session:
        return patient_at_desk(session=session, directory=state.directory, vault=state.vault,
                               ticket_id=ticket.ticket_id, by=principal, now=now)


# ------------------------------------------------ the exceptions of a real day


@router.post("/services/{service_id}/call-number", response_model=StaffTicketView)
def call_number(
    service: ServiceDep, body: CallNumber, principal: PrincipalDep, state: StateDep, now: NowDep
) -> StaffTicketView:
    """Call one of today's numbers out of turn: a checked-in ticket, or a skipped one
    whose patient came back (its task 99 is withdrawn)."""
    require(principal, Action.serve, facility_id=service.facility_id, kind=service.kind)
    with state.db.write_transaction() as session:
        called = exceptions.call_number(
            session=session, directory=state.directory, service=service, number=body.number,
            counter=body.counter, by=principal, now=now,
        )
        return ticket_for_staff(session=session, ticket=called)


@router.post("/tickets/{ticket_id}/requeue", response_model=StaffTicketView)
def requeue(principal: PrincipalDep, ticket: TicketDep, state: StateDep, now: NowDep) -> StaffTicketView:
    """A skipped ticket of today back to the waiting list, called after the next two calls."""
    require(principal, Action.serve, facility_id=ticket.service.facility_id, kind=ticket.service.kind)
    with state.db.write_transaction() as session:
        back = exceptions.requeue(
            session=session, directory=state.directory, ticket_id=ticket.ticket_id, by=principal, now=now,
        )
        return ticket_for_staff(session=session, ticket=back)


@router.post("/tickets/{ticket_id}/lane", response_model=StaffTicketView)
def change_lane(
    principal: PrincipalDep, ticket: TicketDep, body: LaneChange, state: StateDep, now: NowDep
) -> StaffTicketView:
    """Move a waiting ticket of today to the regular or the priority lane (with its reason)."""
    require(principal, Action.serve, facility_id=ticket.service.facility_id, kind=ticket.service.kind)
    with state.db.write_transaction() as session:
        moved = exceptions.change_lane(
            session=session, directory=state.directory, ticket_id=ticket.ticket_id, lane=body.lane,
            priority_reason=body.priority_reason, by=principal, now=now,
        )
        return ticket_for_staff(session=session, ticket=moved)


def _counter_break(name: str, doc: str):  # type: ignore[no-untyped-def]
    step = getattr(exceptions, name)

    def route(
        service: ServiceDep, body: CounterBreak, principal: PrincipalDep, state: StateDep, now: NowDep
    ) -> QueueState:
        require(principal, Action.serve, facility_id=service.facility_id, kind=service.kind)
        with state.db.write_transaction() as session:
            queue: QueueState = step(session=session, directory=state.directory, service=service,
                                     counter=body.counter, by=principal, now=now)
            return queue

    route.__doc__ = doc
    route.__name__ = f"{name}_counter"
    return route


for _name, _doc in (
    ("pause", "This counter goes on a break: it calls nobody until it resumes; the TV says so."),
    ("resume", "This counter is back from its break."),
):
    router.add_api_route(f"/services/{{service_id}}/{_name}", _counter_break(_name, _doc),
                         methods=["POST"], response_model=QueueState)
