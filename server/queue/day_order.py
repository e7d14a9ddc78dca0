"""Who stands before a ticket, without putting the whole day in order again.

A transaction that issues numbers (`server.queue.issue`) needs, for each new ticket,
who stands before it in the call order (`rules.call_order`, then
`estimate.ahead_in`): done that way it sorts and walks the whole day for every
number, and a day of thousands of bookings spends most of its time there.

A ticket's place follows from its place in its lane and the lanes' lengths alone (a
new ticket always has the highest number of its (service, day), so it is the last of
its lane):

- a regular ticket, the k-th of its lane (from 0), has the k regular tickets before
  it and the priority tickets of the runs before each of them: the run under way
  (`PRIORITY_RUN` − streak) and a whole run before each of the k regulars;
- a priority ticket, the k-th of its lane, has the k priority tickets before it and
  one regular for each run completed before it (none while the run under way lasts);
- a returned ticket stands before it once its place rule is due by then (a short
  list, walked).

Each lane keeps its numbers in order with running counts of its bookings, so who
of the bookings before the ticket is still due (`estimate.Turns`) is a binary
search: those from the first number whose turn has not passed, and those made after
now (few: walked from a list in the order they were made).
`tests/domain/test_day_order.py` checks it against `call_order` and `ahead_in`, for new
tickets and for every ticket of a day (`ahead_of`, a booking read by its code).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from api_client.models import Lane
from server.queue.estimate import BookingAhead, Counted, PeopleAhead, Turns
from server.queue.rules import PRIORITY_RUN, Waiting, calls_left


@dataclass
class _Lane:
    """One lane's tickets not called yet, by number, with running counts of bookings."""

    numbers: list[int] = field(default_factory=list)
    booked_before: list[int] = field(default_factory=lambda: [0])
    """`booked_before[k]`: bookings among the first k tickets."""
    made: list[tuple[dt.datetime, int]] = field(default_factory=list)
    """(issued_at, place in the lane) of its bookings, in the order they were made."""

    def append(self, w: Waiting) -> None:
        if w.booked and w.issued_at is not None:
            bisect.insort(self.made, (w.issued_at, len(self.numbers)))
        self.numbers.append(w.number)
        self.booked_before.append(self.booked_before[-1] + w.booked)

    def __len__(self) -> int:
        return len(self.numbers)

    def due_among_first(self, k: int, turns: Turns) -> int:
        """Bookings among the first k whose turn has not come and gone."""
        # The first place whose number's turn is still to come (the turns rise with it):
        # found from the first such number, then made exact against `told_due` itself.
        start = bisect.bisect_left(self.numbers, turns.first_due_number(), 0, k)
        while start > 0 and turns.told_due(self.numbers[start - 1]):
            start -= 1
        while start < k and not turns.told_due(self.numbers[start]):
            start += 1
        due = self.booked_before[k] - self.booked_before[start]
        # Before it, those made after now: their turn is not before they were made.
        made_late = bisect.bisect_left(self.made, (turns.now,))
        return due + sum(1 for _, place in self.made[made_late:] if place < start)


@dataclass(frozen=True, eq=False)
class _Before(PeopleAhead):
    """The people before a new ticket: the first `regular` and `priority` of their
    lanes and the `returned` tickets due before it."""

    lanes: DayOrder
    regular: int
    priority: int
    returned: tuple[Waiting, ...]

    @property
    def checked_in(self) -> int:  # type: ignore[override]
        return (self.regular + self.priority + len(self.returned)) - self.booked

    @property
    def booked(self) -> int:
        return (self.lanes.regular.booked_before[self.regular]
                + self.lanes.priority.booked_before[self.priority]
                + sum(w.booked for w in self.returned))

    def still_due(self, turns: Turns) -> Counted:
        due = (self.lanes.regular.due_among_first(self.regular, turns)
               + self.lanes.priority.due_among_first(self.priority, turns)
               + sum(1 for w in self.returned
                     if w.booked and turns.due(BookingAhead(w.number, w.issued_at))))
        return Counted(checked_in=self.checked_in, due_bookings=due)


@dataclass
class DayOrder:
    """The tickets of one (service, day) not called yet, as one transaction adds to them."""

    priority_streak: int
    calls_made: int
    regular: _Lane = field(default_factory=_Lane)
    priority: _Lane = field(default_factory=_Lane)
    returned: list[Waiting] = field(default_factory=list)

    @classmethod
    def of(cls, waiting: list[Waiting], priority_streak: int, calls_made: int) -> DayOrder:
        order = cls(priority_streak, calls_made)
        for w in sorted(waiting, key=lambda w: w.number):
            if w.returned_after is not None:
                order.returned.append(w)
            else:
                order._lane(w.lane).append(w)
        order.returned.sort(key=lambda w: (w.returned_after or 0, w.number))
        return order

    def __len__(self) -> int:
        """Tickets not called yet."""
        return len(self.regular) + len(self.priority) + len(self.returned)

    def _lane(self, lane: Lane) -> _Lane:
        return self.regular if lane is Lane.regular else self.priority

    def append(self, new: Waiting) -> None:
        """A ticket in its lane, with the highest number of the day so far."""
        self._lane(new.lane).append(new)

    def include(self, w: Waiting) -> None:
        """A ticket numbered above all those of its lane, unless the lane has it already
        (read at a later moment than the lanes' digest, `server.queue.issue`)."""
        lane = self._lane(w.lane)
        if not lane.numbers or lane.numbers[-1] < w.number:
            lane.append(w)

    def add(self, new: Waiting) -> PeopleAhead:
        """A new ticket, with the highest number of the day so far: who stands before it."""
        lane = self._lane(new.lane)
        k = len(lane)
        lane.append(new)
        return self._before(new.lane, k)

    def ahead_of(self, number: int, lane: Lane) -> PeopleAhead | None:
        """Who stands before the ticket `number` of `lane`, a ticket in its lane (not a
        returned one); None if the lane has no such ticket."""
        numbers = self._lane(lane).numbers
        k = bisect.bisect_left(numbers, number)
        if k == len(numbers) or numbers[k] != number:
            return None
        return self._before(lane, k)

    def _before(self, lane: Lane, k: int) -> PeopleAhead:
        """Who stands before the k-th ticket (from 0) of `lane`: its place follows from
        the lanes' lengths before and beside it."""
        # The run under way before the first regular: what the streak leaves of it.
        first_run = max(0, PRIORITY_RUN - self.priority_streak)
        if lane is Lane.regular:
            regular, priority = k, min(len(self.priority), first_run + k * PRIORITY_RUN)
        else:
            done = 0 if k < first_run else (k - first_run) // PRIORITY_RUN + 1
            regular, priority = min(len(self.regular), done), k
        returned = []
        for j, w in enumerate(self.returned):  # in the order they fall due
            if calls_left(w, self.calls_made + regular + priority + j):
                break
            returned.append(w)
        return _Before(self, regular, priority, tuple(returned))
