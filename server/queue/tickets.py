"""Reading the queue: a ticket's place and estimate, and a service's state today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api_client.models import Lane, QueueState, TicketStatus
from server.events.tables import QueueEventRow
from server.facilities.directory import Directory, ServiceInfo
from server.queue.events import WAITING_STATUSES, calling_ticket
from server.queue.rules import (
    Waiting,
    average_service_minutes,
    call_order,
    display_number,
    estimated_call_at,
)
from server.queue.tables import ServiceDayRow, TicketRow

PARALLEL_WINDOW = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Pace:
    """How fast a (service, day) queue moves: what a waiting ticket's estimate needs."""

    avg_minutes: float
    counters: int
    opens_at: dt.datetime | None

    def call_at(self, now: dt.datetime, people_ahead: int) -> dt.datetime:
        """When a ticket with `people_ahead` will be called: never before the service opens."""
        return estimated_call_at(
            now=now, opens_at=self.opens_at, people_ahead=people_ahead,
            avg_minutes=self.avg_minutes, counters=self.counters,
        )


def pace(
    *, session: Session, directory: Directory, service: ServiceInfo, day: dt.date, now: dt.datetime
) -> Pace:
    """Today's measured pace of the queue (the configured one until it is measured)."""
    return Pace(
        avg_minutes=measured_average(session=session, service=service, day=day)[0],
        counters=active_counters(session=session, service=service, day=day, now=now),
        opens_at=directory.service_opens_at(service, day),
    )


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


def checked_in(*, session: Session, service: ServiceInfo, day: dt.date) -> list[Waiting]:
    """The tickets of `service` on `day` that wait to be called (checked in)."""
    return [
        Waiting(ticket_id=t_id, number=number, lane=Lane(lane))
        for t_id, number, lane in session.execute(
            select(TicketRow.id, TicketRow.number, TicketRow.lane).where(
                (TicketRow.service_id == service.id)
                & (TicketRow.service_date == day)
                & (TicketRow.status == TicketStatus.checked_in.value)
            )
        )
    ]


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
    service_day = session.get(ServiceDayRow, (service.id, day))
    waiting_order = checked_in(session=session, service=service, day=day)
    order = call_order(waiting_order, service_day.priority_streak if service_day else 0)
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
        call_order=[w.number for w in order],
    )

