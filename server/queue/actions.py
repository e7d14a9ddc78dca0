"""What staff do at a counter: call next, recall, start serving, done, skip, transfer
(the day's exceptions, calling a number out of turn, returning a skipped ticket, the
lane, a counter's break: `server.queue.exceptions`).

Each step records its BPJS task time, a live event and its audit row (who, the ticket
before and after) in the same transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from api_client.models import ErrorCode, Lane, TicketStatus, TicketView
from api_client.stages import NEXT_KINDS, may_follow
from server.audit import trail
from server.clock import service_date_of
from server.errors import ApiProblem, not_found
from server.facilities.directory import Directory, ServiceInfo
from server.queue.allocation import allocate_number, lock_service_day
from server.queue.answers import ticket_view
from server.queue.events import record_event
from server.queue.rules import (
    TASK_CANCELLED,
    pick_next,
    task_on_arrival,
    task_on_call,
    task_on_done,
)
from server.queue.tables import ServiceDayRow, TicketRow, VisitRow
from server.queue.task_times import record_task
from server.queue.tickets import checked_in, paused_counters
from server.staff.auth import Principal


def call_next(
    *,
    session: Session,
    directory: Directory,
    service: ServiceInfo,
    counter: str,
    by: Principal,
    now: dt.datetime,
) -> TicketView | None:
    """Call the next checked-in ticket by the priority rule; None when nobody waits.
    A counter on a break calls nobody (`counter_paused`)."""
    day = service_date_of(now)
    service_day = lock_service_day(session=session, service=service, day=day)
    refuse_if_paused(session=session, service=service, day=day, counter=counter)
    waiting = checked_in(session=session, service=service, day=day)
    chosen, streak = pick_next(waiting, service_day.priority_streak, service_day.calls_made or 0)
    if chosen is None:
        return None
    service_day.priority_streak = streak
    ticket = session.get(TicketRow, chosen.ticket_id)
    assert ticket is not None
    mark_called(session=session, service=service, service_day=service_day, ticket=ticket,
                counter=counter, by=by, now=now)
    return audited(session, directory=directory, by=by, action="call", ticket_id=ticket.id,
                    service=service, before={"status": "checked_in"}, after=ticket, now=now)


def mark_called(
    *, session: Session, service: ServiceInfo, service_day: ServiceDayRow, ticket: TicketRow,
    counter: str, by: Principal, now: dt.datetime,
) -> None:
    """The ticket is called to `counter`: its task time, the day's call count, the event."""
    ticket.status = TicketStatus.called.value
    ticket.counter = counter
    ticket.called_at = now
    ticket.called_by = by.name
    ticket.finished_at = None
    ticket.return_after_call = None  # a returned ticket's place rule is spent
    service_day.calls_made = (service_day.calls_made or 0) + 1
    record_task(session=session, visit_id=ticket.visit_id, task_id=task_on_call(service.kind), at=now)
    record_event(session=session, service=service, ticket=ticket, type="called", at=now)


def refuse_if_paused(*, session: Session, service: ServiceInfo, day: dt.date, counter: str) -> None:
    if counter in paused_counters(session=session, service_id=service.id, day=day):
        raise ApiProblem(
            409, ErrorCode.counter_paused,
            f"counter {counter!r} of service {service.id} is on a break; resume it before calling",
        )


def locked_ticket(
    *, session: Session, directory: Directory, ticket_id: int
) -> tuple[TicketRow, ServiceInfo]:
    """The ticket, read again after its service day is locked: a double click sees the
    first click's result, never the state before it."""
    ticket = session.get(TicketRow, ticket_id)
    if ticket is None:
        raise not_found(ErrorCode.ticket_not_found, ticket_id)
    service = directory.services[ticket.service_id]
    lock_service_day(session=session, service=service, day=ticket.service_date)
    session.refresh(ticket)
    return ticket, service


def _require_status(ticket: TicketRow, *allowed: TicketStatus) -> None:
    if ticket.status not in {s.value for s in allowed}:
        names = ", ".join(s.value for s in allowed)
        raise ApiProblem(
            409, ErrorCode.wrong_ticket_status,
            f"ticket {ticket.id} is {ticket.status}; this needs {names}",
        )


def recall(
    *, session: Session, directory: Directory, ticket_id: int, by: Principal, now: dt.datetime
) -> TicketView:
    ticket, service = locked_ticket(session=session, directory=directory, ticket_id=ticket_id)
    was = trail.ticket_state(ticket)
    _require_status(ticket, TicketStatus.called)
    ticket.called_by = by.name  # who calls the patient now is at the counter (their card)
    record_event(session=session, service=service, ticket=ticket, type="recalled", at=now)
    return audited(session, directory=directory, by=by, action="recall", ticket_id=ticket_id,
                    service=service, before=was, after=ticket, now=now)


def start_serving(
    *, session: Session, directory: Directory, ticket_id: int, by: Principal, now: dt.datetime
) -> TicketView:
    ticket, service = locked_ticket(session=session, directory=directory, ticket_id=ticket_id)
    was = trail.ticket_state(ticket)
    _require_status(ticket, TicketStatus.called)
    ticket.status = TicketStatus.serving.value
    ticket.serving_at = now
    record_event(session=session, service=service, ticket=ticket, type="serving", at=now)
    return audited(session, directory=directory, by=by, action="start_serving", ticket_id=ticket_id,
                    service=service, before=was, after=ticket, now=now)


def finish(
    *, session: Session, directory: Directory, ticket_id: int, by: Principal, now: dt.datetime
) -> TicketView:
    ticket, service = locked_ticket(session=session, directory=directory, ticket_id=ticket_id)
    was = trail.ticket_state(ticket)
    _require_status(ticket, TicketStatus.called, TicketStatus.serving)
    ticket.status = TicketStatus.done.value
    ticket.finished_at = now
    _close_visit(session, ticket)
    record_task(session=session, visit_id=ticket.visit_id, task_id=task_on_done(service.kind), at=now)
    record_event(session=session, service=service, ticket=ticket, type="done", at=now)
    return audited(session, directory=directory, by=by, action="finish", ticket_id=ticket_id,
                    service=service, before=was, after=ticket, now=now)


def skip(
    *, session: Session, directory: Directory, ticket_id: int, by: Principal, now: dt.datetime
) -> TicketView:
    """The patient did not come when called: no-show (BPJS task 99)."""
    ticket, service = locked_ticket(session=session, directory=directory, ticket_id=ticket_id)
    was = trail.ticket_state(ticket)
    _require_status(ticket, TicketStatus.called)
    ticket.status = TicketStatus.no_show.value
    ticket.finished_at = now
    _close_visit(session, ticket)
    record_task(session=session, visit_id=ticket.visit_id, task_id=TASK_CANCELLED, at=now)
    record_event(session=session, service=service, ticket=ticket, type="no_show", at=now)
    return audited(session, directory=directory, by=by, action="skip", ticket_id=ticket_id,
                    service=service, before=was, after=ticket, now=now)


def transfer(
    *,
    session: Session,
    directory: Directory,
    ticket_id: int,
    to_service_id: int,
    lane: Lane | None,
    by: Principal,
    now: dt.datetime,
) -> TicketView:
    """Send the patient on (loket → poli → apotek): a new number in the next service."""
    ticket, source = locked_ticket(session=session, directory=directory, ticket_id=ticket_id)
    was = trail.ticket_state(ticket)
    target = directory.services.get(to_service_id)
    if target is None or target.facility_id != source.facility_id:
        raise ApiProblem(
            422, ErrorCode.transfer_target_invalid,
            f"service {to_service_id} is not a service of {source.facility_id}",
        )
    if target.id == source.id:
        raise ApiProblem(422, ErrorCode.transfer_target_invalid, "a ticket cannot move to its own service")
    if not may_follow(source.kind, target.kind):
        after = ", ".join(NEXT_KINDS[source.kind]) or "no other service (the visit ends there)"
        raise ApiProblem(
            422, ErrorCode.transfer_target_invalid,
            f"a patient at a {source.kind} service goes on to {after}, not to a {target.kind} "
            f"service ({target.id})",
        )
    _require_status(ticket, TicketStatus.called, TicketStatus.serving)
    ticket.status = TicketStatus.transferred.value
    ticket.finished_at = now
    record_task(session=session, visit_id=ticket.visit_id, task_id=task_on_done(source.kind), at=now)
    record_event(session=session, service=source, ticket=ticket, type="transferred", at=now)

    day = service_date_of(now)
    number = allocate_number(session=session, service=target, day=day, pool=None)
    assert number is not None  # a transfer takes no quota
    moved = TicketRow(
        visit_id=ticket.visit_id,
        service_id=target.id,
        service_date=day,
        number=number,
        lane=(lane or Lane(ticket.lane)).value,
        priority_reason=ticket.priority_reason,
        status=TicketStatus.checked_in.value,
        issued_at=now,
        checked_in_at=now,
    )
    session.add(moved)
    session.flush()
    visit = session.get(VisitRow, ticket.visit_id)
    assert visit is not None
    visit.current_ticket_id = moved.id
    record_task(session=session, visit_id=visit.id, task_id=task_on_arrival(target.kind), at=now)
    record_event(session=session, service=target, ticket=moved, type="issued", at=now)
    return audited(session, directory=directory, by=by, action="transfer", ticket_id=ticket_id,
                    service=source, before=was, after=moved, now=now)


def _close_visit(session: Session, ticket: TicketRow) -> None:
    visit = session.get(VisitRow, ticket.visit_id)
    if visit is not None and visit.current_ticket_id == ticket.id:
        visit.active = False


def audited(
    session: Session, *, directory: Directory, by: Principal, action: str, ticket_id: int,
    service: ServiceInfo, before: trail.Snapshot, after: TicketRow, now: dt.datetime,
) -> TicketView:
    """The ticket after the step, and the step's audit row on the ticket acted on (a
    transfer's `after` is the new one)."""
    view = ticket_view(session=session, directory=directory, ticket=after, now=now)
    trail.record(session=session, principal=by, action=action, subject=f"ticket:{ticket_id}",
                 facility_id=service.facility_id, at=now, before=before,
                 after=trail.ticket_state(view))
    return view
