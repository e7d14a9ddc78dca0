"""Reading the queue: a ticket's place and estimate, and a service's state today.

A *counter* of a service is the name an officer gave their post ("Loket 1", "Ruang 2",
views/staff/post.py): the counters of a service today are those that called one of its
numbers in the last half hour, and those on a break. The estimate divides by the
counters open (not on a break); when every one of them is on a break there is no
estimate (None), not a made-up one.
"""

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
    calls_left,
    display_number,
    estimated_call_at,
)
from server.queue.tables import CounterBreakRow, ServiceDayRow, TicketRow

PARALLEL_WINDOW = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Pace:
    """How fast a (service, day) queue moves: what a waiting ticket's estimate needs."""

    avg_minutes: float
    counters: int
    opens_at: dt.datetime | None

    def call_at(self, now: dt.datetime, people_ahead: int) -> dt.datetime | None:
        """When a ticket with `people_ahead` will be called: never before the service opens
        (None while every counter is on a break)."""
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
        counters=open_counters(session=session, service=service, day=day, now=now),
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
    return average_service_minutes(durations, service.setting_on(day).avg_service_minutes)


def recent_counters(
    *, session: Session, service: ServiceInfo, day: dt.date, now: dt.datetime
) -> set[str]:
    """The counters that called a number of this service in the last half hour."""
    return set(session.scalars(
        select(func.distinct(TicketRow.counter)).where(
            (TicketRow.service_id == service.id)
            & (TicketRow.service_date == day)
            & (TicketRow.called_at >= now - PARALLEL_WINDOW)
            & TicketRow.counter.is_not(None)
        )
    ))


def paused_counters(*, session: Session, service_id: int, day: dt.date) -> list[str]:
    """The counters of the service on a break now, in the order they paused."""
    return list(session.scalars(
        select(CounterBreakRow.counter).where(
            (CounterBreakRow.service_id == service_id)
            & (CounterBreakRow.service_date == day)
            & CounterBreakRow.resumed_at.is_(None)
        ).order_by(CounterBreakRow.paused_at, CounterBreakRow.id)
    ))


def open_counters(*, session: Session, service: ServiceInfo, day: dt.date, now: dt.datetime) -> int:
    """The counters calling this service and not on a break: 0 when every counter known
    today is on a break; 1 when none is known yet (the day's first call)."""
    paused = set(paused_counters(session=session, service_id=service.id, day=day))
    recent = recent_counters(session=session, service=service, day=day, now=now)
    if not paused:
        return max(len(recent), 1)
    return len(recent - paused)


def calls_made(*, session: Session, service_id: int, day: dt.date) -> int:
    """How many numbers the service called on `day` (the clock of the place rule)."""
    service_day = session.get(ServiceDayRow, (service_id, day))
    return service_day.calls_made if service_day is not None and service_day.calls_made else 0


def people_ahead(*, session: Session, ticket: TicketRow) -> int:
    """Active tickets still to be called before this one.

    A ticket in its lane: lower numbers not yet called (both lanes; a priority ticket
    may jump ahead later, see rules), and the returned tickets due before it. A
    returned ticket: its place in the call order (the place rule, see rules).
    """
    if ticket.status not in WAITING_STATUSES:
        return 0
    calls = calls_made(session=session, service_id=ticket.service_id, day=ticket.service_date)
    waiting = _waiting(session=session, service_id=ticket.service_id, day=ticket.service_date)
    if ticket.return_after_call is not None:  # returned: checked in, placed by the rule
        row = session.get(ServiceDayRow, (ticket.service_id, ticket.service_date))
        order = call_order(waiting, row.priority_streak if row else 0, calls)
        return next((i for i, w in enumerate(order) if w.ticket_id == ticket.id), 0)
    returned = [w for w in waiting if w.returned_after is not None]
    in_lanes = session.scalar(
        select(func.count()).where(
            (TicketRow.service_id == ticket.service_id)
            & (TicketRow.service_date == ticket.service_date)
            & TicketRow.status.in_(WAITING_STATUSES)
            & (TicketRow.number < ticket.number)
            & TicketRow.return_after_call.is_(None)
        )
    ) or 0
    return in_lanes + sum(1 for w in returned if (calls_left(w, calls) or 0) <= in_lanes)


def checked_in(*, session: Session, service: ServiceInfo, day: dt.date) -> list[Waiting]:
    """The tickets of `service` on `day` that wait to be called (checked in)."""
    return _waiting(session=session, service_id=service.id, day=day)


def _waiting(*, session: Session, service_id: int, day: dt.date) -> list[Waiting]:
    return [
        Waiting(ticket_id=t_id, number=number, lane=Lane(lane), returned_after=returned_after)
        for t_id, number, lane, returned_after in session.execute(
            select(TicketRow.id, TicketRow.number, TicketRow.lane, TicketRow.return_after_call).where(
                (TicketRow.service_id == service_id)
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
    counters = open_counters(session=session, service=service, day=day, now=now)
    calling = calling_ticket(session=session, service=service, day=day)
    last_event_id = session.scalar(
        select(func.max(QueueEventRow.id)).where(QueueEventRow.service_id == service.id)
    )
    service_day = session.get(ServiceDayRow, (service.id, day))
    waiting_order = checked_in(session=session, service=service, day=day)
    order = call_order(waiting_order, service_day.priority_streak if service_day else 0,
                       service_day.calls_made or 0 if service_day else 0)
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
        waiting_seconds=int(waiting * avg * 60 / counters) if counters else None,
        last_event_id=last_event_id,
        call_order=[w.number for w in order],
        paused_counters=paused_counters(session=session, service_id=service.id, day=day),
    )

