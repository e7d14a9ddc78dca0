"""A day's lanes kept in the process between issuing transactions, while nobody else
changes the day.

Each transaction that issues numbers needs the day's tickets not called yet in lanes
(`server.queue.day_order.DayOrder`): read from the database, a day of ten thousand
bookings costs it more than everything else it does. The lanes it leaves behind after
its commit are those the next transaction would read, unless another transaction
(a call, a check-in, a cancellation, another worker's booking) changed the day
meanwhile. That is what the day's *digest* tells: how many tickets the day has and
the sum of their `revision`s (0 when inserted, one more on every update: a database
trigger). Tickets are never deleted and never move to another day, so any change
raises the count or the sum, and neither ever comes back down: equal digests mean
the same tickets in the same states.

- `take` hands out the lanes kept for a (service, day) only if the day's digest is
  the one they were kept with, and removes them: the transaction changes them in
  place, and one that rolls back leaves nothing behind.
- `keep`, after the commit, stores them with the digest read before plus the
  transaction's own new tickets. If anyone else changed the day in between, the day's
  digest is higher than that and the lanes are never handed out as they are again;
- unless only new tickets came, all numbered above the last one the lanes know (the
  digest also holds the day's last number): another worker's bookings. Then `take`
  reads just those and adds them.

Reads (a booking read by its code, `server.queue.tickets.ahead_of`) share lanes of
their own, per database (`for_readers`): built by the first read after a change,
then only looked at (`peek`), never changed, so any number of reads use them at
once. A day that stands still between its changes is read from the database once.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from server.db import PerDatabase
from server.queue.day_order import DayOrder
from server.queue.rules import Waiting
from server.queue.tables import TicketRow

KEPT_DAYS = 256
"""(service, day) lanes kept at most; the least recently used go first. A puskesmas
day's lanes of a few hundred tickets take a few KB."""

OF_DAY = (TicketRow.service_id == bindparam("service_id")) & (TicketRow.service_date == bindparam("day"))
"""The tickets of one (service, day), by the parameters `service_id` and `day`."""
_DIGEST = select(
    func.count(), func.coalesce(func.sum(TicketRow.revision), 0),  # index-only: ix_ticket_revision
    select(func.coalesce(func.max(TicketRow.number), 0)).where(OF_DAY).scalar_subquery(),
).where(OF_DAY)  # one statement: one snapshot on PostgreSQL


class Digest(NamedTuple):
    tickets: int
    revisions: int
    last_number: int

    def plus_new(self, tickets: int, last_number: int) -> Digest:
        return Digest(self.tickets + tickets, self.revisions, max(self.last_number, last_number))


def day_digest(*, session: Session, service_id: int, day: dt.date) -> Digest:
    session.flush()  # what the session changed counts
    count, revisions, last = session.connection().execute(
        _DIGEST, {"service_id": service_id, "day": day}).one()
    return Digest(int(count), int(revisions), int(last))


class NewerTickets(NamedTuple):
    """The tickets of a day numbered above one, read in one statement: how many, how
    many are numbered up to it, and those above not called yet."""

    above: int
    up_to: int
    waiting: list[Waiting]


Newer = Callable[[int], NewerTickets]


class DayOrders:
    """The lanes of the (service, day)s this process issued numbers for last."""

    def __init__(self, capacity: int = KEPT_DAYS) -> None:
        self.capacity = capacity
        self._kept: OrderedDict[tuple[int, dt.date], tuple[Digest, DayOrder]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = self.caught_up = 0
        self.gaps_filled = 0
        """Transactions that found another worker's tickets below their own numbers
        (`server.queue.issue.QueueFacts._catch_up`)."""

    def take(self, key: tuple[int, dt.date], digest: Digest,
             newer: Newer) -> tuple[DayOrder, Digest] | None:
        """The lanes kept for the day as it is at `digest`, and the digest they match:
        those kept with it, or with an earlier digest from which only new tickets
        changed it (another worker's bookings): those are read (`newer`) and added if
        they are all of them."""
        with self._lock:
            kept = self._kept.pop(key, None)
        if kept is not None:
            was, order = kept
            if was == digest:
                self.hits += 1
                return order, digest
            if was.revisions == digest.revisions and digest.tickets > was.tickets:
                newer_tickets = newer(was.last_number)
                matched = _newer_matched(was, digest, newer_tickets)
                if matched is not None:
                    for w in sorted(newer_tickets.waiting, key=lambda w: w.number):
                        order.append(w)
                    self.caught_up += 1
                    return order, matched
        self.misses += 1
        return None

    def peek(self, key: tuple[int, dt.date], digest: Digest) -> DayOrder | None:
        """The lanes kept with this digest, left in place: for readers only."""
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept[0] == digest:
                self.hits += 1
                self._kept.move_to_end(key)
                return kept[1]
            self.misses += 1
            return None

    def keep(self, key: tuple[int, dt.date], digest: Digest, order: DayOrder) -> None:
        with self._lock:
            self._kept[key] = (digest, order)
            self._kept.move_to_end(key)
            while len(self._kept) > self.capacity:
                self._kept.popitem(last=False)


def _newer_matched(was: Digest, digest: Digest, newer: NewerTickets) -> Digest | None:
    """The digest of the lanes kept at `was` plus `newer`, if those are all the new
    tickets: nothing new numbered below `was` (in the same snapshot as those above: a
    worker's tickets committed while this one waited for the day's lock are below its
    own), and all the new ones `digest` counts above it. More may be there: another
    worker's tickets committed between the digest's read and this one (under a rush
    of two workers, most times); taken too when none of them moved yet."""
    if newer.up_to != was.tickets:
        return None
    expected = digest.tickets - was.tickets
    if newer.above == expected:
        return digest
    if newer.above > expected and len(newer.waiting) == newer.above \
            and all(w.returned_after is None for w in newer.waiting):
        return Digest(was.tickets + newer.above, digest.revisions,
                      max(w.number for w in newer.waiting))
    return None


_readers: PerDatabase[DayOrders] = PerDatabase(DayOrders)


def for_readers(session: Session) -> DayOrders:
    """The lanes the reads of this session's database share (never a writer's)."""
    return _readers.of(session)
