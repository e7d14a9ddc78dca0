"""Issuing numbers inside the allocating transaction, lean: statements built once,
one round trip per number, and answers built from what the transaction knows.

Several bookings share one transaction (`server.queue.group_commit`):
`QueueFacts.admit` takes each booking in arrival order, `allocate` writes their
visits and then gives them their numbers, and `finish` writes all the tickets,
events and task times of the transaction in one statement each (`server.bulk`)
and builds the answers. On PostgreSQL the day's counter row stays locked from the
number to the commit, and another worker's batch for the same day waits for it:
so what needs no number (the visits, the day's facts) comes before it.

Numbers come from conditional `UPDATE … RETURNING`s (the database decides). The
bookings of one (service, day) first ask for a block of numbers in one statement
(`allocate_block`), assigned in arrival order; when a pool has no room for all of
them, or one patient appears twice, they are allocated one by one in arrival
order instead, exactly as if each came alone. Meanwhile:

- whether a patient already has an active booking is read once for every patient
  of the transaction (`prefetch_active`) and kept up to date in memory (the unique
  index still has the last word: a booking committed by another instance meanwhile
  fails the whole transaction, which is then retried request by request);
- how many active bookings each phone and NIK of the transaction holds is read once,
  after locking them on PostgreSQL (`server.queue.limits`), and counted up in
  memory as bookings are admitted: a phone or NIK at its limit is refused in `admit`;
- the facts an answer and an event need about a (service, day) queue (the tickets
  not called yet, the number called now, the measured pace, the counters at work,
  the service's habits: the share of bookings that come, of priority tickets) are
  read once per transaction; within it only
  new tickets are added, each with the highest number so far, and its place in the
  call order is computed in memory (`server.queue.day_order`). The tickets not called
  yet are not even read when nobody changed the day since this process's last
  transaction on it: it takes the lanes that one left (`server.queue.day_orders`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Connection, Table, bindparam, delete, select
from sqlalchemy.orm import Session

from api_client.models import Booking, Lane, TicketStatus
from server.bpjs import outbox
from server.bulk import insert_rows, update_rows
from server.clock import service_date_of
from server.errors import ApiProblem
from server.events.outbox import record_events
from server.facilities.directory import Directory, ServiceInfo
from server.queue.allocation import Allocation, allocate_block, allocate_one, ensure_service_day
from server.queue.answers import booking_answer, ticket_answer
from server.queue.day_order import DayOrder
from server.queue.day_orders import DayOrders, Digest, day_digest
from server.queue.estimate import Habits, PeopleAhead
from server.queue.events import now_calling
from server.queue.intake import NewVisit, already_booked
from server.queue.limits import (
    BookingLimits,
    held_by_phone,
    lock_holders,
    nik_limit_reached,
    phone_limit_reached,
)
from server.queue.rules import Waiting, display_number, task_on_arrival
from server.queue.tables import TaskTimeRow, TicketRow, VisitRow
from server.queue.tickets import (
    NO_TURNS,
    Pace,
    counted_turns,
    day_order_of,
    habits_of,
    pace,
    tickets_after,
)

_visit: Table = VisitRow.__table__  # type: ignore[assignment]
_ticket: Table = TicketRow.__table__  # type: ignore[assignment]
_task: Table = TaskTimeRow.__table__  # type: ignore[assignment]

# Statements built once (building one costs more than running it).
_ACTIVE_VISITS = select(_visit.c.patient_key, _visit.c.service_id, _visit.c.service_date).where(
    _visit.c.patient_key.in_(bindparam("keys", expanding=True)) & _visit.c.active
)
_DELETE_VISITS = delete(_visit).where(_visit.c.id.in_(bindparam("ids", expanding=True)))
# Every column of a new visit, so that the visits of a transaction go in one statement.
_VISIT_COLUMNS = dict.fromkeys(c.name for c in _visit.c if c.name not in ("id", "current_ticket_id"))


@dataclass
class DayQueue:
    """One (service, day) queue as this transaction sees it: its tickets not called yet
    (checked in, and bookings not arrived), new ones added as they are issued."""

    order: DayOrder
    now_calling: str | None
    pace: Pace
    habits: Habits
    digest: Digest | None = None
    """The day's digest its lanes match (`server.queue.day_orders`)."""
    added: int = 0
    last_number: int = 0

    def add(self, number: int, lane: Lane, status: TicketStatus, issued_at: dt.datetime) -> PeopleAhead:
        """A new ticket (the highest number so far): who stands before it."""
        self.added += 1
        self.last_number = max(self.last_number, number)
        return self.order.add(Waiting(ticket_id=-number, number=number, lane=lane,
                                      booked=status is TicketStatus.booked, issued_at=issued_at))


@dataclass
class _Issued:
    """A number allocated in this transaction, waiting for its rows to be written; its
    ticket as an answer shows it (`server.queue.answers.TicketFacts`)."""

    new: NewVisit
    number: int
    ahead: PeopleAhead
    waiting: int
    """Tickets not called yet, this one included (the event's count)."""
    queue: DayQueue
    visit_id: int | None
    """Written before the number (`QueueFacts.allocate`); None: written in `finish`."""
    id: int = 0  # the ticket's, once written
    counter: None = None
    called_at: None = None

    @property
    def service_date(self) -> dt.date:
        return self.new.service_date

    @property
    def lane(self) -> Lane:
        return self.new.lane

    @property
    def status(self) -> TicketStatus:
        return self.new.status


Allocated = int | ApiProblem  # the index of the answer in `finish`, or the refusal


@dataclass
class QueueFacts:
    """What one allocating transaction learned, and what it still has to write."""

    directory: Directory
    limits: BookingLimits | None = None
    day_orders: DayOrders | None = None
    """The lanes earlier transactions of this process left (`keep_days` after the commit)."""
    days: dict[tuple[int, dt.date], DayQueue] = field(default_factory=dict)
    active: set[tuple[str, int, dt.date]] = field(default_factory=set)
    held_by_phone: Counter[str] = field(default_factory=Counter)  # today or later
    held_by_nik: Counter[str] = field(default_factory=Counter)
    admitted: list[NewVisit] = field(default_factory=list)
    issued: list[_Issued] = field(default_factory=list)
    bridged: frozenset[str] | None = None
    """The facilities bridged to BPJS (`server.bpjs.outbox`), read before any lock."""

    def admit(self, new: NewVisit) -> int:
        """Take a booking in arrival order (its index for `allocate`); refuse a patient
        who held an active booking before this transaction, and an online booking
        whose phone or NIK holds as many as `limits` allow (`prefetch_active` first)."""
        key = new.visit["patient_key"]
        if key is not None and (str(key), new.service.id, new.service_date) in self.active:
            raise already_booked()
        phone = new.visit.get("phone_key")
        if self.limits is not None and new.online:
            if phone is not None and self.held_by_phone[str(phone)] >= self.limits.per_phone:
                raise phone_limit_reached(self.limits.per_phone)
            if key is not None and self.held_by_nik[str(key)] >= self.limits.per_nik:
                raise nik_limit_reached(self.limits.per_nik)
        if phone is not None:
            self.held_by_phone[str(phone)] += 1
        if key is not None:
            self.held_by_nik[str(key)] += 1
        self.admitted.append(new)
        return len(self.admitted) - 1

    def allocate(self, session: Session) -> list[Allocated]:
        """Numbers for every admitted booking (by `admit`'s index). Their visits are
        written first, before any number is asked for: the day's counter stays locked
        from its number to the commit (PostgreSQL), and the visits, the widest rows,
        need no number. A visit whose booking is then refused is deleted again."""
        admitted, self.admitted = self.admitted, []
        visit_ids = _write_visits(session, admitted)
        if admitted and self.bridged is None:
            self.bridged = outbox.bridged_facilities(session)
        groups: dict[tuple[int, dt.date], list[int]] = {}
        for index, new in enumerate(admitted):
            groups.setdefault((new.service.id, new.service_date), []).append(index)
        out: list[Allocated] = [0] * len(admitted)
        # Each day's counter locked in one order (service, day) by every batch: two
        # batches for the same two days never wait on each other in a circle.
        for _, indices in sorted(groups.items()):
            results = self._allocate_group(session, [admitted[i] for i in indices],
                                           [visit_ids[i] for i in indices])
            for i, result in zip(indices, results, strict=True):
                out[i] = result
        unused = [v for v, result in zip(visit_ids, out, strict=True)
                  if v is not None and isinstance(result, ApiProblem)]
        if unused:
            session.connection().execute(_DELETE_VISITS, {"ids": unused})
        return out

    def _allocate_group(self, session: Session, news: list[NewVisit],
                        visit_ids: list[int | None]) -> list[Allocated]:
        first = news[0]
        service, day = first.service, first.service_date
        queue = self.day(session, service, day, first.now)
        keys = [str(n.visit["patient_key"]) for n in news if n.visit["patient_key"] is not None]
        if len(set(keys)) == len(keys):
            counts = Counter(n.pool for n in news)
            block = allocate_block(session=session, service=service, day=day, counts=counts)
            if block is not None:
                last = block.last_number
                self._recount_turns(session, service, day, queue, block)
                self._catch_up(session, service, day, queue, below=last - len(news) + 1)
                self.active.update((k, service.id, day) for k in keys)
                numbers = range(last - len(news) + 1, last + 1)
                return [self._issue(new, number, queue, visit_id)
                        for new, number, visit_id in zip(news, numbers, visit_ids, strict=True)]
        results: list[Allocated] = []
        for new, visit_id in zip(news, visit_ids, strict=True):  # one by one, as if each came alone
            key = new.visit["patient_key"]
            held = (str(key), service.id, day)
            if key is not None and held in self.active:
                results.append(already_booked())
                continue
            allocated = allocate_one(session=session, service=service, day=day, pool=new.pool)
            if allocated is None:
                results.append(new.quota_full(session, self.directory))
                continue
            number = allocated.last_number
            self._recount_turns(session, service, day, queue, allocated)
            self._catch_up(session, service, day, queue, below=number)
            if key is not None:
                self.active.add(held)
            results.append(self._issue(new, number, queue, visit_id))
        return results

    def _recount_turns(self, session: Session, service: ServiceInfo, day: dt.date,
                       queue: DayQueue, allocated: Allocation) -> None:
        """With the day's lock held: a call committed since the day was read (the day
        is read without waiting for a staff action in flight) moved the turns; the
        day is read again whole, the number called now too. After it the lanes carry
        the day's turns as they stand under the lock (`_catch_up` relies on it)."""
        if (queue.order.priority_streak, queue.order.calls_made) != (allocated.priority_streak,
                                                                      allocated.calls_made):
            _read_again(session, service, day, queue, {
                "priority_streak": allocated.priority_streak, "calls_made": allocated.calls_made})

    def _catch_up(self, session: Session, service: ServiceInfo, day: dt.date, queue: DayQueue, *,
                  below: int) -> None:
        """Before issuing `below`: the tickets numbered between what the lanes know and
        it. Another worker issued them after this transaction read the day and before
        it got the day's lock (PostgreSQL; on SQLite writers go one at a time, and
        there is never a gap). The lock is held now, so they are all committed and all
        there is below `below`: read just those, and the new tickets' people ahead count
        them. Should one of them have been called or sent back already, the lanes are
        read again whole."""
        if queue.digest is None:  # read again whole below: it has them all
            return
        known = max(queue.digest.last_number, queue.last_number)
        if below <= known + 1:
            return
        gap = tickets_after(session=session, service_id=service.id, day=day, number=known)
        if gap.above == len(gap.waiting) and all(w.returned_after is None for w in gap.waiting):
            for w in sorted(gap.waiting, key=lambda w: w.number):
                queue.order.include(w)
            queue.digest = queue.digest.plus_new(gap.above, below - 1)
        else:  # sent back meanwhile: read again, with the turns `_recount_turns` checked
            _read_again(session, service, day, queue, {
                "priority_streak": queue.order.priority_streak, "calls_made": queue.order.calls_made})
        if self.day_orders is not None:
            self.day_orders.gaps_filled += 1

    def _issue(self, new: NewVisit, number: int, queue: DayQueue, visit_id: int | None) -> int:
        ahead = queue.add(number, new.lane, new.status, new.now)
        self.issued.append(_Issued(new=new, number=number, ahead=ahead, waiting=len(queue.order),
                                   queue=queue, visit_id=visit_id))
        return len(self.issued) - 1

    def prefetch_active(self, session: Session, news: Sequence[NewVisit]) -> None:
        """What the patients and phones of these bookings hold: the patients' active
        visits (all services, for one per service and day), and with `limits` how many
        active visits of today or later each phone and NIK holds, read after locking
        them (`server.queue.limits`). During a key rotation a patient's earlier visits
        may still carry the hash under the retiring key (`NewVisit.patient_aliases`):
        they count as theirs too."""
        canonical: dict[str, str] = {}
        for new in news:
            key = new.visit["patient_key"]
            if key is not None:
                canonical.update(dict.fromkeys((str(key), *new.patient_aliases), str(key)))
        keys = sorted(canonical)
        phones = sorted({str(p) for n in news if (p := n.visit.get("phone_key")) is not None})
        if self.limits is not None:
            lock_holders(session=session, keys=[*keys, *phones])
        if not news:
            return
        today = service_date_of(news[0].now)
        if keys:
            for row in session.connection().execute(_ACTIVE_VISITS, {"keys": keys}):
                patient = canonical[row.patient_key]
                self.active.add((patient, row.service_id, row.service_date))
                if row.service_date >= today:
                    self.held_by_nik[patient] += 1
        if phones and self.limits is not None:
            self.held_by_phone.update(held_by_phone(session=session, keys=phones, today=today))

    def day(self, session: Session, service: ServiceInfo, day: dt.date,
            now: dt.datetime) -> DayQueue:
        queue = self.days.get((service.id, day))
        if queue is None:
            # Read without waiting for the counter's lock (another worker allocating
            # holds it): its numbers committed meanwhile are read under the lock
            # (`_catch_up`). Written only for the day's first number.
            turns: Mapping[str, int] | None = counted_turns(session=session, service_id=service.id, day=day)
            if turns is None:
                ensure_service_day(session=session, service=service, day=day)
                turns = NO_TURNS
            # Numbers are called on their own day only: nothing is called yet on a later day.
            calling = now_calling(session=session, service=service, day=day) \
                if day <= service_date_of(now) else None
            # Read first: the lanes hold at least what it counts (`_catch_up` adds the rest).
            digest = day_digest(session=session, service_id=service.id, day=day)
            taken = None
            if self.day_orders is not None:
                taken = self.day_orders.take((service.id, day), digest, lambda after: tickets_after(
                    session=session, service_id=service.id, day=day, number=after))
            if taken is None:
                order = day_order_of(session=session, service_id=service.id, day=day, **turns)
            else:  # the same tickets; the calls made since move the returned ones' turns
                order, digest = taken
                order.priority_streak, order.calls_made = turns["priority_streak"], turns["calls_made"]
            queue = self.days[(service.id, day)] = DayQueue(
                order=order,
                now_calling=calling,
                pace=pace(session=session, directory=self.directory, service=service, day=day, now=now),
                habits=habits_of(session=session, service=service, day=day, now=now),
                digest=digest,
            )
        return queue

    def keep_days(self) -> None:
        """After the commit: leave the days' lanes to the next transaction, with the
        digest they had when read plus this transaction's new tickets."""
        if self.day_orders is None:
            return
        for key, queue in self.days.items():
            if queue.digest is not None:
                self.day_orders.keep(key, queue.digest.plus_new(queue.added, queue.last_number),
                                     queue.order)

    def finish(self, session: Session) -> list[Booking]:
        """Write the visits, tickets, task times and events of every number issued,
        one statement per table, and answer each (in the order of `issue`)."""
        issued, self.issued = self.issued, []
        if not issued:
            return []
        connection = session.connection()
        late = [i for i in issued if i.visit_id is None]
        for i, visit_id in zip(late, _insert_visits(connection, [i.new for i in late]), strict=True):
            i.visit_id = visit_id
        visit_ids = [cast(int, i.visit_id) for i in issued]
        ticket_ids = insert_rows(connection, _ticket, [
            {
                "visit_id": visit_id, "service_id": i.new.service.id,
                "service_date": i.new.service_date, "number": i.number,
                "lane": i.new.lane.value, "priority_reason": i.new.priority_reason,
                "status": i.new.status.value, "issued_at": i.new.now,
                "checked_in_at": i.new.visit["checked_in_at"],
            }
            for i, visit_id in zip(issued, visit_ids, strict=True)
        ], returning_ids=True)
        update_rows(connection, _visit, [
            {"id": v, "current_ticket_id": t} for v, t in zip(visit_ids, ticket_ids, strict=True)
        ], key="id")
        insert_rows(connection, _task, [
            {"visit_id": v, "task_id": task_on_arrival(i.new.service.kind), "recorded_at": i.new.now}
            for i, v in zip(issued, visit_ids, strict=True)
            if i.new.status is TicketStatus.checked_in
        ])
        outbox.enqueue_issued(session, (
            outbox.Issued(visit_id=v, facility_id=i.new.facility_id, channel=i.new.channel,
                          at=i.new.now, arrival_task=(task_on_arrival(i.new.service.kind)
                                                      if i.new.status is TicketStatus.checked_in else None))
            for i, v in zip(issued, visit_ids, strict=True)
        ), bridged=self.bridged or frozenset())
        record_events(session=session, events=[_issued_event(i) for i in issued])
        session.add_all([row for i, v in zip(issued, visit_ids, strict=True) if i.new.rows_beside
                         for row in i.new.rows_beside(v)])
        return [self._answer(i, t) for i, t in zip(issued, ticket_ids, strict=True)]

    def _answer(self, issued: _Issued, ticket_id: int) -> Booking:
        issued.id = ticket_id
        new = issued.new
        ticket = ticket_answer(new.service, issued, ahead=issued.ahead,
                               habits=issued.queue.habits, pace=issued.queue.pace,
                               now=new.now)
        return booking_answer(self.directory, new, ticket)


def _read_again(session: Session, service: ServiceInfo, day: dt.date, queue: DayQueue,
                turns: Mapping[str, int]) -> None:
    """The day's lanes and the number called now, read again whole with the day's lock
    held (so every ticket below this transaction's numbers is there); read at another
    moment than the digest, the lanes are not kept after the commit."""
    queue.order = day_order_of(session=session, service_id=service.id, day=day, **turns)
    queue.now_calling = now_calling(session=session, service=service, day=day)
    queue.digest = None


def _write_visits(session: Session, admitted: list[NewVisit]) -> list[int | None]:
    """The visits of `admitted` (by index), one per patient and (service, day): the
    unique index on active visits would refuse a second one, so a patient's second
    booking in the same transaction gets its visit with its number, if any (`finish`)."""
    first: list[int] = []
    held: set[tuple[object, int, dt.date]] = set()
    for index, new in enumerate(admitted):
        key = new.visit["patient_key"]
        if key is None or (key, new.service.id, new.service_date) not in held:
            if key is not None:
                held.add((key, new.service.id, new.service_date))
            first.append(index)
    out: list[int | None] = [None] * len(admitted)
    written = _insert_visits(session.connection(), [admitted[i] for i in first])
    for index, visit_id in zip(first, written, strict=True):
        out[index] = visit_id
    return out


def _insert_visits(connection: Connection, news: list[NewVisit]) -> list[int]:
    return insert_rows(connection, _visit, [{**_VISIT_COLUMNS, **new.visit} for new in news],
                       returning_ids=True)


def _issued_event(issued: _Issued) -> dict[str, object]:
    new = issued.new
    return {
        "facility_id": new.service.facility_id, "service_id": new.service.id,
        "service_date": new.service_date, "type": "issued",
        "display_number": display_number(new.service.prefix, issued.number), "counter": None,
        "at": new.now, "now_calling": issued.queue.now_calling,
        "waiting": issued.waiting,
    }
