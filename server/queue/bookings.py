"""A booking by its code: reading it (`get_booking`, `lookup` with the phone it was
booked with), checking in and cancelling."""

from __future__ import annotations

import datetime as dt
import hmac

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.identity import normalize_booking_code
from api_client.models import Booking, ErrorCode, SelfCheckIn, TicketStatus
from server.audit import trail
from server.bpjs import outbox
from server.clock import WIB, service_date_of
from server.errors import ApiProblem
from server.facilities.directory import Directory
from server.queue.allocation import release_quota
from server.queue.answers import booking_view
from server.queue.arrival import ArrivalRule, require_near
from server.queue.events import record_event
from server.queue.intake import phone_keys
from server.queue.rules import TASK_CANCELLED, task_on_arrival
from server.queue.tables import TicketRow, VisitRow
from server.queue.task_times import record_task
from server.staff.auth import Principal
from server.vault import Vault


def find_visit(*, session: Session, code: str, for_update: bool = False) -> VisitRow:
    canonical = normalize_booking_code(code)
    if canonical is None:
        raise ApiProblem(404, ErrorCode.booking_not_found, "no booking with that code")
    query = select(VisitRow).where(VisitRow.booking_code == canonical)
    if for_update and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    visit = session.scalars(query).first()
    if visit is None:
        raise ApiProblem(404, ErrorCode.booking_not_found, "no booking with that code")
    return visit


def current_ticket(*, session: Session, visit: VisitRow) -> TicketRow:
    ticket = session.get(TicketRow, visit.current_ticket_id)
    assert ticket is not None, f"visit {visit.id} has no current ticket"
    return ticket


def lookup(
    *, session: Session, directory: Directory, vault: Vault, code: str, phone: str,
    now: dt.datetime,
) -> Booking:
    """A booking by code and the phone it was made with: for someone on a new device.
    A wrong phone answers exactly like an unknown code."""
    visit = find_visit(session=session, code=code)
    if not phone_matches(vault, visit, phone):
        raise ApiProblem(404, ErrorCode.booking_not_found, "no booking with that code")
    return booking_view(session=session, directory=directory, visit=visit,
                        ticket=current_ticket(session=session, visit=visit), now=now)


def phone_matches(vault: Vault, visit: VisitRow, phone: str) -> bool:
    """Whether `phone` is the one the visit was booked with (under any key a visit may
    carry while the keys are rotated)."""
    stored = visit.phone_key
    return stored is not None and any(
        hmac.compare_digest(stored, given) for given in phone_keys(vault, phone)
    )


def get_booking(*, session: Session, directory: Directory, code: str, now: dt.datetime) -> Booking:
    visit = find_visit(session=session, code=code)
    return booking_view(session=session, directory=directory, visit=visit,
                        ticket=current_ticket(session=session, visit=visit), now=now)


def check_in(
    *, session: Session,
    directory: Directory,
    code: str,
    now: dt.datetime,
    facility_id: str | None = None,
    arrival: tuple[SelfCheckIn | None, ArrivalRule] | None = None,
) -> Booking:
    """Confirm the patient arrived. `facility_id` is the kiosk's or staff member's own;
    `arrival` is where the phone of a self check-in is, and the rule it must meet."""
    visit = find_visit(session=session, code=code, for_update=True)
    ticket = current_ticket(session=session, visit=visit)
    require_can_arrive(directory=directory, visit=visit, ticket=ticket, now=now, facility_id=facility_id)
    if arrival is not None:
        where, rule = arrival
        require_near(directory.facilities[visit.facility_id].row, where, rule)
    service = directory.services[ticket.service_id]
    ticket.status = TicketStatus.checked_in.value
    ticket.checked_in_at = now
    visit.checked_in_at = now
    record_task(session=session, visit_id=visit.id, task_id=task_on_arrival(service.kind), at=now)
    record_event(session=session, service=service, ticket=ticket, type="checked_in", at=now)
    return booking_view(session=session, directory=directory, visit=visit, ticket=ticket, now=now)


def require_can_arrive(
    *, directory: Directory, visit: VisitRow, ticket: TicketRow, now: dt.datetime,
    facility_id: str | None,
) -> None:
    """A check-in's rules: this facility's booking (`facility_id`: the kiosk's or staff
    member's own, None for Dinkes), not cancelled, not checked in yet, and for today."""
    if facility_id is not None and visit.facility_id != facility_id:
        raise ApiProblem(
            409, ErrorCode.wrong_facility,
            f"this booking is for {directory.facilities[visit.facility_id].row.name}",
        )
    if ticket.status == TicketStatus.cancelled:
        raise ApiProblem(409, ErrorCode.booking_cancelled, "this booking was cancelled")
    if ticket.status != TicketStatus.booked:
        raise ApiProblem(409, ErrorCode.already_checked_in, "this booking has already been checked in")
    today = service_date_of(now)
    if visit.service_date != today:
        code_ = ErrorCode.booking_in_future if visit.service_date > today else ErrorCode.booking_expired
        raise ApiProblem(
            409, code_, f"this booking is for {visit.service_date.isoformat()}, not today"
        )


def cancel(
    *, session: Session, directory: Directory, code: str, now: dt.datetime, by: Principal | None = None,
    closure_id: int | None = None,
) -> Booking:
    """Cancel the visit before it is called: by the person holding its code, or by staff
    (`by`, e.g. the admin whose closure covers its date), whose action is audited.
    `closure_id`: the closure announcement that cancels it (its ticket says why)."""
    visit = find_visit(session=session, code=code, for_update=True)
    ticket = current_ticket(session=session, visit=visit)
    if ticket.status == TicketStatus.cancelled:
        # cancelling twice is fine
        return booking_view(session=session, directory=directory, visit=visit, ticket=ticket, now=now)
    if ticket.status not in (TicketStatus.booked, TicketStatus.checked_in):
        raise ApiProblem(
            409, ErrorCode.cannot_cancel, f"a ticket that is {ticket.status} can no longer be cancelled"
        )
    service = directory.services[ticket.service_id]
    was = trail.ticket_state(ticket)
    ticket.status = TicketStatus.cancelled.value
    ticket.finished_at = now
    visit.active = False
    visit.cancelled_by_announcement_id = closure_id
    if visit.payer and ticket.service_date >= now.astimezone(WIB).date():
        release_quota(session=session, service_id=service.id, day=ticket.service_date, pool=visit.payer)  # type: ignore[arg-type]
    record_task(session=session, visit_id=visit.id, task_id=TASK_CANCELLED, at=now)
    outbox.enqueue(session, visit_id=visit.id, kind=outbox.Kind.cancel, at=now)
    record_event(session=session, service=service, ticket=ticket, type="cancelled", at=now)
    if by is not None:
        trail.record(session=session, principal=by, action="cancel", subject=f"ticket:{ticket.id}",
                     facility_id=service.facility_id, at=now, before=was, after=trail.ticket_state(ticket))
    return booking_view(session=session, directory=directory, visit=visit, ticket=ticket, now=now)
