"""The exceptions of a real day at a counter: call a number out of turn (a patient who
stepped out and came back), return a skipped ticket to the waiting list, move a waiting
ticket to the other lane, and a counter's break.

Each records its live event and its audit row (who, before and after) in the same
transaction, as the ordinary steps do (`server.queue.actions`).

## A no-show who comes back: BPJS task 99

Skipping a called patient records task 99 ("did not attend / cancelled") at that
moment. When the patient comes back the same day (returned to the waiting list, or
called by number), the visit was not cancelled after all: the 99 and the task time of
the call they missed (4 at a poli, 2 at the loket, 6 at the apotek) are withdrawn, and
the call that reaches them records the call's task again, so the times still rise with
the id (3 → 4 → 5) and the wait includes the time they were away. The withdrawn times
stay in the audit row. A Mobile JKN bridge must therefore send a 99 only for visits
still `no_show` at the end of the service day (docs/staff-and-display.md).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api_client.models import ErrorCode, Lane, PriorityReason, QueueState, TicketStatus, TicketView
from server.audit import trail
from server.clock import service_date_of
from server.errors import ApiProblem
from server.facilities.directory import Directory, ServiceInfo
from server.queue.actions import audited, locked_ticket, mark_called, refuse_if_paused
from server.queue.allocation import lock_service_day
from server.queue.answers import ticket_view
from server.queue.events import record_counter_event, record_event
from server.queue.rules import REQUEUE_AFTER_CALLS, TASK_CANCELLED, display_number, task_on_call
from server.queue.tables import CounterBreakRow, TaskTimeRow, TicketRow, VisitRow
from server.queue.tickets import queue_state
from server.staff.auth import Principal

REFUSED_CALL = {  # why a number cannot be called out of turn, by its status
    TicketStatus.booked: (ErrorCode.ticket_not_arrived, "has not checked in"),
    TicketStatus.called: (ErrorCode.ticket_at_counter, "is already called to a counter"),
    TicketStatus.serving: (ErrorCode.ticket_at_counter, "is being served at a counter"),
    TicketStatus.done: (ErrorCode.ticket_already_done, "was served already"),
    TicketStatus.transferred: (ErrorCode.ticket_already_done, "was sent on to another service"),
    TicketStatus.cancelled: (ErrorCode.booking_cancelled, "was cancelled"),
}


def call_number(
    *, session: Session, directory: Directory, service: ServiceInfo, number: int, counter: str,
    by: Principal, now: dt.datetime,
) -> TicketView:
    """Call today's `number` to `counter`: a checked-in ticket, or a skipped one whose
    patient came back. Not while the counter has someone at it or is on a break."""
    day = service_date_of(now)
    service_day = lock_service_day(session=session, service=service, day=day)
    refuse_if_paused(session=session, service=service, day=day, counter=counter)
    busy = session.scalars(select(TicketRow).where(
        (TicketRow.service_id == service.id) & (TicketRow.service_date == day)
        & (TicketRow.counter == counter)
        & TicketRow.status.in_((TicketStatus.called.value, TicketStatus.serving.value))
    )).first()
    if busy is not None:
        raise ApiProblem(
            409, ErrorCode.counter_busy,
            f"{display_number(service.prefix, busy.number)} is still at counter {counter!r}: "
            "finish, skip or transfer it before calling another number",
        )
    ticket = session.scalars(select(TicketRow).where(
        (TicketRow.service_id == service.id) & (TicketRow.service_date == day)
        & (TicketRow.number == number)
    )).first()
    shown = display_number(service.prefix, number)
    if ticket is None:
        raise ApiProblem(404, ErrorCode.ticket_number_not_found,
                         f"{shown} is not a number of service {service.id} on {day}")
    status = TicketStatus(ticket.status)
    if status in REFUSED_CALL:
        code, why = REFUSED_CALL[status]
        raise ApiProblem(409, code, f"{shown} {why}; only a waiting or skipped number can be called")
    was = trail.ticket_state(ticket)
    withdrawn = _came_back(session, service, ticket) if status is TicketStatus.no_show else {}
    mark_called(session=session, service=service, service_day=service_day, ticket=ticket,
                counter=counter, by=by, now=now)
    return audited(session, directory=directory, by=by, action="call_number", ticket_id=ticket.id,
                   service=service, before={**was, **withdrawn}, after=ticket, now=now)


def requeue(
    *, session: Session, directory: Directory, ticket_id: int, by: Principal, now: dt.datetime
) -> TicketView:
    """A skipped patient came back: the ticket waits again, called after the next
    `REQUEUE_AFTER_CALLS` calls (the place rule, `server.queue.rules`)."""
    ticket, service = locked_ticket(session=session, directory=directory, ticket_id=ticket_id)
    was = trail.ticket_state(ticket)
    _require_today(ticket, now)
    if ticket.status != TicketStatus.no_show.value:
        raise ApiProblem(409, ErrorCode.ticket_not_skipped,
                         f"ticket {ticket.id} is {ticket.status}; only a skipped (no_show) ticket "
                         "returns to the waiting list")
    service_day = lock_service_day(session=session, service=service, day=ticket.service_date)
    withdrawn = _came_back(session, service, ticket)
    ticket.status = TicketStatus.checked_in.value
    ticket.counter = None
    ticket.called_at = None
    ticket.called_by = None
    ticket.finished_at = None
    ticket.requeued_at = now
    ticket.return_after_call = (service_day.calls_made or 0) + REQUEUE_AFTER_CALLS
    record_event(session=session, service=service, ticket=ticket, type="requeued", at=now)
    return audited(session, directory=directory, by=by, action="requeue", ticket_id=ticket.id,
                   service=service, before={**was, **withdrawn}, after=ticket, now=now)


def change_lane(
    *, session: Session, directory: Directory, ticket_id: int, lane: Lane,
    priority_reason: PriorityReason | None, by: Principal, now: dt.datetime,
) -> TicketView:
    """Move a waiting ticket of today to the other lane (the priority lane with its
    reason); the call order follows."""
    ticket, service = locked_ticket(session=session, directory=directory, ticket_id=ticket_id)
    _require_today(ticket, now)
    if ticket.status not in (TicketStatus.booked.value, TicketStatus.checked_in.value):
        raise ApiProblem(409, ErrorCode.ticket_not_waiting,
                         f"ticket {ticket.id} is {ticket.status}; only a waiting ticket changes lane")
    if lane is Lane.priority and priority_reason is None:
        raise ApiProblem(422, ErrorCode.priority_reason_required,
                         "the priority lane needs its reason: lansia, ibu_hamil, balita or disabilitas")
    reason = priority_reason.value if lane is Lane.priority and priority_reason else None
    if (ticket.lane, ticket.priority_reason) == (lane.value, reason):
        raise ApiProblem(409, ErrorCode.lane_unchanged,
                         f"ticket {ticket.id} is in the {lane.value} lane already")
    was = {**trail.ticket_state(ticket), "lane": ticket.lane, "priority_reason": ticket.priority_reason}
    ticket.lane = lane.value
    ticket.priority_reason = reason
    record_event(session=session, service=service, ticket=ticket, type="lane_changed", at=now)
    view = ticket_view(session=session, directory=directory, ticket=ticket, now=now)
    trail.record(session=session, principal=by, action="change_lane", subject=f"ticket:{ticket.id}",
                 facility_id=service.facility_id, at=now, before=was,
                 after={**trail.ticket_state(view), "lane": ticket.lane,
                        "priority_reason": ticket.priority_reason})
    return view


def pause(
    *, session: Session, directory: Directory, service: ServiceInfo, counter: str, by: Principal,
    now: dt.datetime,
) -> QueueState:
    """`counter` goes on a break: it calls nobody until it resumes; the estimate counts
    the counters still open."""
    day = service_date_of(now)
    lock_service_day(session=session, service=service, day=day)
    if _open_break(session, service, day, counter) is not None:
        raise ApiProblem(409, ErrorCode.counter_paused,
                         f"counter {counter!r} of service {service.id} is on a break already")
    session.add(CounterBreakRow(service_id=service.id, service_date=day, counter=counter,
                                paused_at=now, paused_by=by.name))
    session.flush()
    record_counter_event(session=session, service=service, day=day, counter=counter, type="paused", at=now)
    trail.record(session=session, principal=by, action="pause_counter", subject=f"service:{service.id}",
                 facility_id=service.facility_id, at=now, before={"counter": counter, "paused": False},
                 after={"counter": counter, "paused": True})
    return queue_state(session=session, directory=directory, service=service, day=day, now=now)


def resume(
    *, session: Session, directory: Directory, service: ServiceInfo, counter: str, by: Principal,
    now: dt.datetime,
) -> QueueState:
    day = service_date_of(now)
    lock_service_day(session=session, service=service, day=day)
    row = _open_break(session, service, day, counter)
    if row is None:
        raise ApiProblem(409, ErrorCode.counter_not_paused,
                         f"counter {counter!r} of service {service.id} is not on a break")
    row.resumed_at, row.resumed_by = now, by.name
    session.flush()
    record_counter_event(session=session, service=service, day=day, counter=counter, type="resumed", at=now)
    trail.record(session=session, principal=by, action="resume_counter", subject=f"service:{service.id}",
                 facility_id=service.facility_id, at=now,
                 before={"counter": counter, "paused": True, "paused_at": row.paused_at.isoformat()},
                 after={"counter": counter, "paused": False,
                        "break_minutes": round((now - row.paused_at).total_seconds() / 60, 1)})
    return queue_state(session=session, directory=directory, service=service, day=day, now=now)


def _open_break(session: Session, service: ServiceInfo, day: dt.date, counter: str) -> CounterBreakRow | None:
    return session.scalars(select(CounterBreakRow).where(
        (CounterBreakRow.service_id == service.id) & (CounterBreakRow.service_date == day)
        & (CounterBreakRow.counter == counter) & CounterBreakRow.resumed_at.is_(None)
    )).first()


def _require_today(ticket: TicketRow, now: dt.datetime) -> None:
    if ticket.service_date != service_date_of(now):
        raise ApiProblem(409, ErrorCode.ticket_not_today,
                         f"ticket {ticket.id} is for {ticket.service_date}, not today")


def _came_back(session: Session, service: ServiceInfo, ticket: TicketRow) -> dict[str, str | None]:
    """A skipped patient is here after all: the visit is active again, and its task 99
    and the missed call's task time are withdrawn (returned for the audit row)."""
    visit = session.get(VisitRow, ticket.visit_id)
    assert visit is not None
    if visit.current_ticket_id == ticket.id and not visit.active:
        if visit.patient_key is not None and session.scalars(select(VisitRow.id).where(
            (VisitRow.patient_key == visit.patient_key) & (VisitRow.service_id == visit.service_id)
            & (VisitRow.service_date == visit.service_date) & VisitRow.active
        )).first() is not None:
            raise ApiProblem(409, ErrorCode.ticket_replaced,
                             f"the patient of ticket {ticket.id} has taken another number of this "
                             "service today: call that number")
        visit.active = True
    call_task = task_on_call(service.kind)
    rows = {r.task_id: r.recorded_at for r in session.scalars(select(TaskTimeRow).where(
        (TaskTimeRow.visit_id == visit.id) & TaskTimeRow.task_id.in_((TASK_CANCELLED, call_task))
    ))}
    session.execute(delete(TaskTimeRow).where(
        (TaskTimeRow.visit_id == visit.id) & TaskTimeRow.task_id.in_((TASK_CANCELLED, call_task))
    ))
    return {f"withdrawn_task_{task}": at.isoformat() for task, at in sorted(rows.items())}
