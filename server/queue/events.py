"""The queue's live events: what a step of a ticket tells the displays and the
phones following the queue, recorded in the transaction that causes it (stored and
published by the events domain, `server.events.outbox`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api_client.models import QueueEvent
from server.events.outbox import hold
from server.events.tables import QueueEventRow
from server.facilities.directory import ServiceInfo
from server.queue.rules import display_number
from server.queue.tables import TicketRow

WAITING_STATUSES = ("booked", "checked_in")


def record_event(
    *, session: Session,
    service: ServiceInfo,
    ticket: TicketRow,
    type: str,
    at: dt.datetime,
) -> QueueEvent:
    """Store the event (its id is the SSE id) and queue it for publishing after commit."""
    return _record(session=session, service=service, day=ticket.service_date, type=type,
                   number=display_number(service.prefix, ticket.number), counter=ticket.counter, at=at)


def record_counter_event(
    *, session: Session, service: ServiceInfo, day: dt.date, counter: str, type: str, at: dt.datetime
) -> QueueEvent:
    """A counter's own event ("paused", "resumed"): no ticket, so no number ('')."""
    return _record(session=session, service=service, day=day, type=type, number="", counter=counter,
                   at=at)


def _record(
    *, session: Session, service: ServiceInfo, day: dt.date, type: str, number: str,
    counter: str | None, at: dt.datetime,
) -> QueueEvent:
    row = QueueEventRow(
        facility_id=service.facility_id,
        service_id=service.id,
        service_date=day,
        type=type,
        display_number=number,
        counter=counter,
        at=at,
    )
    session.add(row)
    session.flush()
    event = QueueEvent(
        id=row.id,
        type=type,  # type: ignore[arg-type]
        facility_id=row.facility_id,
        service_id=row.service_id,
        service_date=row.service_date,
        display_number=row.display_number,
        counter=row.counter,
        at=at,
        now_calling=now_calling(session=session, service=service, day=day),
        waiting=session.scalar(
            select(func.count()).where(
                (TicketRow.service_id == service.id)
                & (TicketRow.service_date == day)
                & TicketRow.status.in_(WAITING_STATUSES)
            )
        )
        or 0,
    )
    hold(session=session, events=[event])  # published when it commits
    return event


def calling_ticket(*, session: Session, service: ServiceInfo, day: dt.date) -> TicketRow | None:
    """The ticket most recently called and still at its counter (called or serving)."""
    return session.scalars(
        select(TicketRow)
        .where(
            (TicketRow.service_id == service.id)
            & (TicketRow.service_date == day)
            & TicketRow.status.in_(("called", "serving"))
        )
        .order_by(TicketRow.called_at.desc(), TicketRow.id.desc())
        .limit(1)
    ).first()


def now_calling(*, session: Session, service: ServiceInfo, day: dt.date) -> str | None:
    ticket = calling_ticket(session=session, service=service, day=day)
    return display_number(service.prefix, ticket.number) if ticket else None
