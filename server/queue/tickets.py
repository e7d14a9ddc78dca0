"""Reading the queue: a ticket's place and estimate, and a service's state today
(the counting and the range themselves: `server.queue.estimate`).

A *counter* of a service is the name an officer gave their post ("Loket 1", "Ruang 2",
views/staff/post.py): the counters of a service today are those that called one of its
numbers in the last half hour, and those on a break. The estimate divides by the
counters open (not on a break); when every one of them is on a break there is no
estimate (None), not a made-up one.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy import Row, bindparam, case, func, select
from sqlalchemy.orm import Session

from api_client.models import Channel, Lane, QueueState, TicketStatus
from server.clock import service_date_of
from server.db import READS_ONLY, PerDatabase
from server.events.tables import QueueEventRow
from server.facilities.directory import Directory, ServiceInfo
from server.queue.day_order import DayOrder
from server.queue.day_orders import OF_DAY, NewerTickets, day_digest, for_readers
from server.queue.estimate import (
    ARRIVAL_HISTORY_DAYS,
    MIN_BOOKINGS_MEASURED,
    Ahead,
    CallWindow,
    Habits,
    PeopleAhead,
    ahead_in,
    arrival_rate,
    call_window,
    pace_doubt_minutes,
    priority_share,
    spread_minutes,
)
from server.queue.events import WAITING_STATUSES, calling_ticket
from server.queue.rules import Waiting, average_service_minutes, call_order, display_number
from server.queue.tables import CounterBreakRow, ServiceDayRow, TicketRow, VisitRow

PARALLEL_WINDOW = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Pace:
    """How fast a (service, day) queue moves: what a waiting ticket's estimate needs."""

    avg_minutes: float
    counters: int
    opens_at: dt.datetime | None
    spread: float = 0.0
    """Minutes: the standard deviation of one service time."""
    doubt: float = 0.0
    """Minutes: how far `avg_minutes` may be from the true average."""

    def window(
        self, now: dt.datetime, ahead: PeopleAhead, habits: Habits, *, present: bool, regular: bool
    ) -> CallWindow | None:
        """When a ticket with `ahead` will be called, as a range: never before the service
        opens (None while every counter is on a break)."""
        return call_window(
            now=now, opens_at=self.opens_at, ahead=ahead, arrival_rate=habits.arrival_rate,
            avg_minutes=self.avg_minutes, spread=self.spread, doubt=self.doubt, counters=self.counters,
            present=present, regular=regular, priority_share=habits.priority_share,
        )


def pace(
    *, session: Session, directory: Directory, service: ServiceInfo, day: dt.date, now: dt.datetime
) -> Pace:
    """Today's measured pace of the queue (the configured one until it is measured).
    Numbers are called on their own day only: a later day has nothing called or served
    yet, so its pace is the configured one, at the configured counters."""
    opens_at = directory.service_opens_at(service, day)
    if day > service_date_of(now):
        return pace_of([], service=service, day=day, opens_at=opens_at,
                       counters=service.setting_on(day).counter_count)
    durations = service_durations(session=session, service=service, day=day)
    counters = open_counters(session=session, service=service, day=day, now=now)
    return pace_of(durations, service=service, day=day, counters=counters, opens_at=opens_at)


def pace_of(
    durations: list[float], *, service: ServiceInfo, day: dt.date, counters: int,
    opens_at: dt.datetime | None,
) -> Pace:
    """The pace from the day's call-to-done durations (none: the configured minutes)."""
    avg, measured = average_service_minutes(durations, service.setting_on(day).avg_service_minutes)
    spread = spread_minutes(durations, avg)
    return Pace(avg_minutes=avg, counters=counters, opens_at=opens_at, spread=spread,
                doubt=pace_doubt_minutes(len(durations), measured, avg, spread))


def service_durations(*, session: Session, service: ServiceInfo, day: dt.date) -> list[float]:
    """Seconds from call to done of the day's served tickets."""
    rows = session.execute(
        select(TicketRow.called_at, TicketRow.finished_at).where(
            (TicketRow.service_id == service.id)
            & (TicketRow.service_date == day)
            & (TicketRow.status.in_(("done", "transferred")))
            & TicketRow.called_at.is_not(None)
        )
    ).all()
    return [(finished - called).total_seconds() for called, finished in rows if called and finished]


def measured_average(
    *, session: Session, service: ServiceInfo, day: dt.date
) -> tuple[float, bool]:
    """Today's average minutes from call to done, or the configured minutes."""
    durations = service_durations(session=session, service=service, day=day)
    return average_service_minutes(durations, service.setting_on(day).avg_service_minutes)


BOOKING_CHANNELS = (Channel.app.value, Channel.web.value, Channel.mobile_jkn.value)


def queue_habits(*, session: Session, service: ServiceInfo, day: dt.date) -> Habits:
    """The service's last weeks before `day`: the share of its bookings that checked in
    (of the facility's when the service has too few, `estimate.arrival_rate`) and the
    share of its tickets in the priority lane."""
    since = day - dt.timedelta(days=ARRIVAL_HISTORY_DAYS)
    same_service = TicketRow.service_id == VisitRow.service_id  # the service booked
    is_booking = VisitRow.channel.in_(BOOKING_CHANNELS) & same_service
    bookings = func.coalesce(func.sum(case((is_booking, 1), else_=0)), 0)
    came = func.coalesce(func.sum(case((is_booking & VisitRow.checked_in_at.is_not(None), 1), else_=0)), 0)
    priority = func.coalesce(func.sum(case((TicketRow.lane == Lane.priority.value, 1), else_=0)), 0)
    of_service = session.execute(
        select(bookings, came, func.count(), priority).select_from(TicketRow)
        .join(VisitRow, TicketRow.visit_id == VisitRow.id)
        .where((TicketRow.service_id == service.id) & (TicketRow.service_date >= since)
               & (TicketRow.service_date < day) & (TicketRow.status != TicketStatus.cancelled.value))
    ).one()
    of_facility = (0, 0)
    if of_service[0] < MIN_BOOKINGS_MEASURED:
        of_facility = session.execute(
            select(func.count(), func.count(VisitRow.checked_in_at)).select_from(VisitRow)
            .join(TicketRow, (TicketRow.visit_id == VisitRow.id) & same_service)
            .where((VisitRow.facility_id == service.facility_id) & (VisitRow.service_date >= since)
                   & (VisitRow.service_date < day) & VisitRow.channel.in_(BOOKING_CHANNELS)
                   & (TicketRow.status != TicketStatus.cancelled.value))
        ).one()
    return Habits(
        arrival_rate=arrival_rate((int(of_service[0]), int(of_service[1])),
                                  (int(of_facility[0]), int(of_facility[1]))),
        priority_share=priority_share(int(of_service[2]), int(of_service[3])),
    )


HABITS_KEPT = dt.timedelta(minutes=5)
"""How long the habits of a (service, day) are reused: four weeks of history do not
move in minutes, and every booking and every read of one would otherwise read them."""

_habits: PerDatabase[dict[tuple[int, dt.date], tuple[dt.datetime, Habits]]] = PerDatabase(dict)
_habits_lock = threading.Lock()


def habits_of(*, session: Session, service: ServiceInfo, day: dt.date, now: dt.datetime) -> Habits:
    """`queue_habits`, read at most once per `HABITS_KEPT` per (service, day) and database."""
    kept = _habits.of(session)
    with _habits_lock:
        until, habits = kept.get((service.id, day), (None, None))
    if habits is not None and until is not None and now < until:
        return habits
    habits = queue_habits(session=session, service=service, day=day)
    with _habits_lock:
        if len(kept) > 4096:  # a long-running service: forget what expired
            for key in [k for k, (u, _) in kept.items() if u <= now]:
                del kept[key]
        kept[(service.id, day)] = (now + HABITS_KEPT, habits)
    return habits


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


def ahead_of(*, session: Session, ticket: TicketRow) -> PeopleAhead:
    """Who stands before this ticket in the call order: the checked-in tickets, and the
    bookings not arrived yet that keep a place before it (`server.queue.estimate`)."""
    if ticket.status not in WAITING_STATUSES:
        return Ahead()
    day = ticket.service_date
    turns = day_turns(session=session, service_id=ticket.service_id, day=day)
    if ticket.return_after_call is None:  # in its lane: counted from the day's lanes
        ahead = day_lanes(session=session, service_id=ticket.service_id, day=day,
                          **turns).ahead_of(ticket.number, Lane(ticket.lane))
        if ahead is not None:
            return ahead
    waiting = waiting_and_booked(session=session, service_id=ticket.service_id, day=day)
    return ahead_in(call_order(waiting, turns["priority_streak"], turns["calls_made"]), ticket.id)


def day_turns(*, session: Session, service_id: int, day: dt.date) -> Mapping[str, int]:
    """The day's priority streak and calls made so far, by `DayOrder`'s names."""
    return counted_turns(session=session, service_id=service_id, day=day) or NO_TURNS


NO_TURNS: Mapping[str, int] = MappingProxyType({"priority_streak": 0, "calls_made": 0})
"""A day before its first number."""


_TURNS = select(ServiceDayRow.priority_streak, ServiceDayRow.calls_made).where(
    (ServiceDayRow.service_id == bindparam("service_id")) & (ServiceDayRow.service_date == bindparam("day"))
)


def counted_turns(*, session: Session, service_id: int, day: dt.date) -> Mapping[str, int] | None:
    """`day_turns`, or None when the day has no counter yet (no number issued)."""
    row = session.execute(_TURNS, {"service_id": service_id, "day": day}).first()
    if row is None:
        return None
    return {"priority_streak": row.priority_streak, "calls_made": row.calls_made or 0}


def day_lanes(
    *, session: Session, service_id: int, day: dt.date, priority_streak: int, calls_made: int
) -> DayOrder:
    """The day's tickets not called yet in lanes, shared by every read of the day until
    a ticket of it changes (`server.queue.day_orders`); not to be changed. A session
    that writes builds its own: what it sees may never be committed."""
    if not session.info.get(READS_ONLY):
        return day_order_of(session=session, service_id=service_id, day=day,
                            priority_streak=priority_streak, calls_made=calls_made)
    store, key = for_readers(session), (service_id, day)
    digest = day_digest(session=session, service_id=service_id, day=day)
    order = store.peek(key, digest)
    if order is None or (order.priority_streak, order.calls_made) != (priority_streak, calls_made):
        order = day_order_of(session=session, service_id=service_id, day=day,
                             priority_streak=priority_streak, calls_made=calls_made)
        store.keep(key, digest, order)
    return order


def day_order_of(
    *, session: Session, service_id: int, day: dt.date, priority_streak: int, calls_made: int
) -> DayOrder:
    """The day's tickets not called yet in lanes, read from the database."""
    return DayOrder.of(waiting_and_booked(session=session, service_id=service_id, day=day),
                       priority_streak, calls_made)


def checked_in(*, session: Session, service: ServiceInfo, day: dt.date) -> list[Waiting]:
    """The tickets of `service` on `day` that wait to be called (checked in)."""
    return _waiting(session=session, service_id=service.id, day=day)


_AS_WAITING = (TicketRow.id, TicketRow.number, TicketRow.lane, TicketRow.return_after_call,
               TicketRow.status, TicketRow.issued_at)
"""The columns `_as_waiting` reads, in its order."""
_WAITING = select(*_AS_WAITING).where(OF_DAY & TicketRow.status.in_(bindparam("statuses", expanding=True)))
"""Built once: on a day of thousands of bookings, each transaction that issues a number
reads them all (`server.queue.issue`), and SQLAlchemy's ORM layer would cost more than
the read."""


def _waiting(
    *, session: Session, service_id: int, day: dt.date, booked_too: bool = False
) -> list[Waiting]:
    statuses = list(WAITING_STATUSES) if booked_too else [TicketStatus.checked_in.value]
    session.flush()  # what the session changed counts (as `session.execute` would flush it)
    return _as_waiting(session.connection().execute(
        _WAITING, {"service_id": service_id, "day": day, "statuses": statuses}))


_UP_TO = select(func.count()).where(OF_DAY & (TicketRow.number <= bindparam("number")))
_AFTER = select(*_AS_WAITING, _UP_TO.scalar_subquery()).where(
    OF_DAY & (TicketRow.number > bindparam("number")))


def tickets_after(
    *, session: Session, service_id: int, day: dt.date, number: int
) -> NewerTickets:
    """The tickets of the day numbered above `number` (`server.queue.day_orders`:
    another worker's new tickets), and how many are numbered up to it, in one snapshot."""
    params = {"service_id": service_id, "day": day, "number": number}
    rows = session.connection().execute(_AFTER, params).all()
    up_to = rows[0][-1] if rows else session.connection().execute(_UP_TO, params).scalar_one()
    return NewerTickets(
        above=len(rows), up_to=int(up_to),
        waiting=_as_waiting(row[:-1] for row in rows if row.status in WAITING_STATUSES),  # type: ignore[misc]
    )


def _as_waiting(rows: Iterable[Row[int, int, str, int | None, str, dt.datetime]]) -> list[Waiting]:
    """Rows of (id, number, lane, return_after_call, status, issued_at)."""
    booked, lanes = TicketStatus.booked.value, {lane.value: lane for lane in Lane}
    return [
        Waiting(ticket_id=t_id, number=number, lane=lanes[lane], returned_after=returned_after,
                booked=status == booked, issued_at=issued_at)
        for t_id, number, lane, returned_after, status, issued_at in rows
    ]


def waiting_and_booked(*, session: Session, service_id: int, day: dt.date) -> list[Waiting]:
    """Every ticket of the day not called yet: checked in, and bookings not arrived."""
    return _waiting(session=session, service_id=service_id, day=day, booked_too=True)


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

