"""Recording queue events in the transaction that causes them, and handing them to the
live bus once that transaction commits.

Events wait in the session until the transaction ends. On SQLite (one process) the
app's `after_commit` hook publishes them to the bus. On PostgreSQL they are sent
with NOTIFY just before the commit, all of a transaction's events in as few
payloads as fit (`server.events.relay.notify`): NOTIFY takes a lock that
serialises committing transactions, so a group commit of many bookings pays for
it once, and events still reach other instances when, and only when, the
transaction commits.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Table, event, func, insert, select
from sqlalchemy.orm import Session

from api_client.models import QueueEvent
from server.events.relay import notify
from server.facilities.directory import ServiceInfo
from server.queues.rules import display_number
from server.queues.tables import QueueEventRow, TicketRow

PENDING = "lsr_pending_events"
WAITING_STATUSES = ("booked", "checked_in")


def record_event(
    *, session: Session,
    service: ServiceInfo,
    ticket: TicketRow,
    type: str,
    at: dt.datetime,
) -> QueueEvent:
    """Store the event (its id is the SSE id) and queue it for publishing after commit."""
    row = QueueEventRow(
        facility_id=service.facility_id,
        service_id=service.id,
        service_date=ticket.service_date,
        type=type,
        display_number=display_number(service.prefix, ticket.number),
        counter=ticket.counter,
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
        now_calling=now_calling(session=session, service=service, day=ticket.service_date),
        waiting=session.scalar(
            select(func.count()).where(
                (TicketRow.service_id == service.id)
                & (TicketRow.service_date == ticket.service_date)
                & TicketRow.status.in_(WAITING_STATUSES)
            )
        )
        or 0,
    )
    session.info.setdefault(PENDING, []).append(event)  # published when it commits
    return event


_event: Table = QueueEventRow.__table__  # type: ignore[assignment]
_LIVE_ONLY = ("now_calling", "waiting")
_NEW_EVENTS = insert(_event).returning(_event.c.id, sort_by_parameter_order=True)


def record_events(*, session: Session, events: list[dict[str, object]]) -> list[QueueEvent]:
    """Store many events in one statement (ids in order) and queue them like
    `record_event`. Each dict holds the row's columns plus `now_calling` and `waiting`."""
    rows = [{k: v for k, v in e.items() if k not in _LIVE_ONLY} for e in events]
    ids = session.connection().execute(_NEW_EVENTS, rows).scalars().all()
    out = [QueueEvent.model_validate({**e, "id": i}) for e, i in zip(events, ids, strict=True)]
    session.info.setdefault(PENDING, []).extend(out)
    return out


@event.listens_for(Session, "before_commit")
def _notify_before_commit(session: Session) -> None:
    """PostgreSQL: hand this transaction's events to NOTIFY (delivered on commit)."""
    if PENDING in session.info and session.get_bind().dialect.name == "postgresql":
        notify(session, take_pending(session=session))


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


def take_pending(*, session: Session) -> list[QueueEvent]:
    return session.info.pop(PENDING, [])
