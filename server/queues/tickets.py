"""Reading the queue: a ticket's place and estimate, and a service's state today."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api_client.models import Lane, QueueState, TicketStatus, TicketView
from server.facilities.directory import Directory, ServiceInfo
from server.queues.events import WAITING_STATUSES, calling_ticket
from server.queues.rules import average_service_minutes, display_number, estimated_call_at
from server.queues.tables import QueueEventRow, TicketRow

PARALLEL_WINDOW = dt.timedelta(minutes=30)


def measured_average(
    *, session: Session, service: ServiceInfo, day: dt.date
) -> tuple[float, bool]:
    """Today's average minutes from call to done, or the configured minutes."""
    rows = session.execute(
        select(TicketRow.called_at, TicketRow.finished_at).where(
            (TicketRow.service_id == service.id)
            & (TicketRow.service_date == day)
            & (TicketRow.status.in_(("done", "transferred")))
            & TicketRow.called_at.is_not(None)
        )
    ).all()
    durations = [
        (finished - called).total_seconds() for called, finished in rows if called and finished
    ]
    return average_service_minutes(durations, service.avg_service_minutes)


def active_counters(*, session: Session, service: ServiceInfo, day: dt.date, now: dt.datetime) -> int:
    """How many counters called a number of this service in the last half hour (≥ 1)."""
    count = session.scalar(
        select(func.count(func.distinct(TicketRow.counter))).where(
            (TicketRow.service_id == service.id)
            & (TicketRow.service_date == day)
            & (TicketRow.called_at >= now - PARALLEL_WINDOW)
        )
    )
    return max(count or 0, 1)


def people_ahead(*, session: Session, ticket: TicketRow) -> int:
    """Active tickets still to be called before this one: lower numbers, not yet called.

    Counts both lanes; a priority ticket may jump ahead later (see rules).
    """
    if ticket.status not in WAITING_STATUSES:
        return 0
    return session.scalar(
        select(func.count()).where(
            (TicketRow.service_id == ticket.service_id)
            & (TicketRow.service_date == ticket.service_date)
            & TicketRow.status.in_(WAITING_STATUSES)
            & (TicketRow.number < ticket.number)
        )
    ) or 0


def ticket_view(
    *, session: Session, directory: Directory, ticket: TicketRow, now: dt.datetime
) -> TicketView:
    service = directory.services[ticket.service_id]
    ahead = people_ahead(session=session, ticket=ticket)
    estimate = None
    if ticket.status in WAITING_STATUSES:
        avg, _ = measured_average(session=session, service=service, day=ticket.service_date)
        estimate = estimated_call_at(
            now=now,
            opens_at=directory.service_opens_at(service, ticket.service_date),
            people_ahead=ahead,
            avg_minutes=avg,
            counters=active_counters(session=session, service=service, day=ticket.service_date, now=now),
        )
    return TicketView(
        ticket_id=ticket.id,
        service_id=service.id,
        service_name=service.name,
        service_date=ticket.service_date,
        number=ticket.number,
        display_number=display_number(service.prefix, ticket.number),
        lane=Lane(ticket.lane),
        status=TicketStatus(ticket.status),
        counter=ticket.counter,
        people_ahead=ahead,
        estimated_call_at=estimate,
        called_at=ticket.called_at,
    )


def queue_state(
    *, session: Session, directory: Directory, service: ServiceInfo, day: dt.date, now: dt.datetime
) -> QueueState:
    counts = dict(
        session.execute(
            select(TicketRow.status, func.count())
            .where((TicketRow.service_id == service.id) & (TicketRow.service_date == day))
            .group_by(TicketRow.status)
        ).all()
    )
    waiting = counts.get("booked", 0) + counts.get("checked_in", 0)
    avg, measured = measured_average(session=session, service=service, day=day)
    counters = active_counters(session=session, service=service, day=day, now=now)
    calling = calling_ticket(session=session, service=service, day=day)
    last_event_id = session.scalar(
        select(func.max(QueueEventRow.id)).where(QueueEventRow.service_id == service.id)
    )
    return QueueState(
        service_id=service.id,
        service_date=day,
        now_calling=display_number(service.prefix, calling.number) if calling else None,
        now_calling_counter=calling.counter if calling else None,
        total=sum(counts.values()),
        waiting=waiting,
        waiting_checked_in=counts.get("checked_in", 0),
        served=counts.get("done", 0) + counts.get("transferred", 0),
        no_shows=counts.get("no_show", 0),
        avg_service_minutes=round(avg, 2),
        avg_is_measured=measured,
        waiting_seconds=int(waiting * avg * 60 / counters),
        last_event_id=last_event_id,
    )

