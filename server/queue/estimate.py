"""When a waiting ticket is called: who can be called before it, and a range of
times rather than one (plain functions; the reads are `server.queue.tickets`).

## People ahead

Only those who can be called before the ticket count. Every ticket of the service
day not called yet is put in the rule's call order (`rules.call_order`: returned
tickets by their place rule, the priority lane with its run limit, the lowest number
first in a lane), the bookings not arrived yet as if they checked in now: a booking
keeps the place its number gives it. Before the ticket stand checked-in tickets,
who will be called before it, and bookings, who will be only if they come. A
booking comes with the service's *arrival rate* r: the share of its bookings of the
last `ARRIVAL_HISTORY_DAYS` days (cancelled ones left out) that checked in; with
fewer than `MIN_BOOKINGS_MEASURED` such bookings, the facility's share; with fewer
still, `DEFAULT_ARRIVAL_RATE`. A booking whose turn has come and gone (its number's
place in the day, about r·μ/k per number after the opening) is not counted: it is
late or will not come, and if it comes it is called next in its lane (a booking made
after the opening: its turn is not before it was made). People
ahead is then n = checked-in + r × bookings.

## The range

With k counters open and service times of average μ and spread σ (the standard
deviation of today's call-to-done durations, from `MIN_SPREAD_SAMPLES` of them;
`DEFAULT_SPREAD` × μ until then), the expected call is n·μ/k after now (after the
opening, if the service is not open yet). Around it, the uncertainty adds up from

- the arrivals: how many of the booked ahead come (binomial: b·r·(1−r) people²);
- the service times: n independent times of spread σ (n·σ²);
- the average itself: measured from m durations it may be off by σ/√m, the
  configured one by `UNMEASURED_PACE_DOUBT` × μ, for all n at once ((n·δ)²);

and the ends are `Z` standard deviations either side (at least `MIN_HALF_WIDTH`),
with three more things the count cannot know:

- early end, for a ticket already checked in: bookings not there yet may come after
  it is called, so the early end counts the checked-in ahead only;
- late end, for a regular ticket: priority tickets not issued yet may come before
  it: about π/(1−π) per person ahead, plus one standard deviation (Poisson); π is
  the share of the service's tickets of the same days in the priority lane (from
  `MIN_TICKETS_MEASURED` of them; `DEFAULT_PRIORITY_SHARE` until then);
- late end: one more service time, for the patient at the counter when the turn
  comes (called now, or called in a gap before the ticket arrived).

The ends are rounded outward to `ROUND_TO` (08.10–08.40), at least 10 minutes apart,
never before the service opens. No range while every counter is on a break (k = 0):
any time would be made up. The back-test (tests/api/test_estimate_backtest.py,
docs/domain.md) measures how often the real call falls inside it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import NamedTuple

from server.queue.rules import Waiting

ARRIVAL_HISTORY_DAYS = 28
MIN_BOOKINGS_MEASURED = 20
DEFAULT_ARRIVAL_RATE = 0.85
"""Without history: about 9 bookings in 100 are never used (the demo history's
no-shows, docs/domain.md); 0.85 leans to counting a few more people ahead."""
DEFAULT_SPREAD = 0.5
MIN_SPREAD_SAMPLES = 5
UNMEASURED_PACE_DOUBT = 0.2
Z = 1.28
MIN_HALF_WIDTH = dt.timedelta(minutes=5)
ROUND_TO = dt.timedelta(minutes=5)
MIN_TICKETS_MEASURED = 50
DEFAULT_PRIORITY_SHARE = 0.14
"""Without history: the share of tickets in the priority lane in the demo history."""


class BookingAhead(NamedTuple):
    number: int
    issued_at: dt.datetime | None = None


class Turns(NamedTuple):
    """When each booking's turn comes: the n-th number's at `first` + (n − 1)·`each`
    minutes (r·μ/k), not before it was made; at `now`, a booking whose turn has come and
    gone is no longer counted."""

    first: dt.datetime
    each: float
    now: dt.datetime

    def told_due(self, number: int) -> bool:
        """The number's place in the day has not passed (rising with the number)."""
        return self.first + dt.timedelta(minutes=(number - 1) * self.each) >= self.now

    def first_due_number(self) -> float:
        """About the first number whose place has not passed (`told_due` decides)."""
        if self.each <= 0:
            return -math.inf if self.first >= self.now else math.inf
        return 1 + (self.now - self.first).total_seconds() / 60 / self.each

    def due(self, booking: BookingAhead) -> bool:
        return self.told_due(booking.number) or (
            booking.issued_at is not None and booking.issued_at >= self.now)


class PeopleAhead:
    """Who stands before a ticket in the call order: `checked_in` people, and `booked`
    bookings not arrived yet that keep a place before it."""

    checked_in: int

    @property
    def booked(self) -> int:
        raise NotImplementedError

    def expected(self, arrival_rate: float) -> float:
        return self.checked_in + arrival_rate * self.booked

    def variance(self, arrival_rate: float) -> float:
        """Of the number of people ahead: who of the booked come."""
        return self.booked * arrival_rate * (1 - arrival_rate)

    def still_due(self, turns: Turns) -> PeopleAhead:
        """Without the bookings whose turn has come and gone."""
        raise NotImplementedError


@dataclass(frozen=True)
class Ahead(PeopleAhead):
    """Who stands before a ticket, each booking listed."""

    checked_in: int = 0
    bookings: tuple[BookingAhead, ...] = ()
    """The bookings not arrived yet that keep a place before it."""

    @property
    def booked(self) -> int:
        return len(self.bookings)

    def still_due(self, turns: Turns) -> Ahead:
        return Ahead(self.checked_in, tuple(b for b in self.bookings if turns.due(b)))


@dataclass(frozen=True)
class Counted(PeopleAhead):
    """Who stands before a ticket, counted (`server.queue.day_order`): the bookings are
    already those still due."""

    checked_in: int = 0
    due_bookings: int = 0

    @property
    def booked(self) -> int:
        return self.due_bookings

    def still_due(self, turns: Turns) -> Counted:
        return self


def ahead_in(order: list[Waiting], ticket_id: int) -> Ahead:
    """Who stands before `ticket_id` in `order` (`rules.call_order` of the waiting
    tickets and the bookings not arrived, the ticket itself included)."""
    before = next((order[:i] for i, w in enumerate(order) if w.ticket_id == ticket_id), [])
    return Ahead(checked_in=sum(1 for w in before if not w.booked),
                 bookings=tuple(BookingAhead(w.number, w.issued_at) for w in before if w.booked))


@dataclass(frozen=True)
class Habits:
    """What the service's last `ARRIVAL_HISTORY_DAYS` days say about its patients."""

    arrival_rate: float = DEFAULT_ARRIVAL_RATE
    """The share of bookings that checked in (`arrival_rate`)."""
    priority_share: float = DEFAULT_PRIORITY_SHARE
    """The share of tickets in the priority lane (`priority_share`)."""


def priority_share(tickets: int, priority: int) -> float:
    """The share of the service's tickets in the priority lane, from
    `MIN_TICKETS_MEASURED` tickets on (at most a half: the lane is the smaller one)."""
    return min(priority / tickets, 0.5) if tickets >= MIN_TICKETS_MEASURED else DEFAULT_PRIORITY_SHARE


def arrival_rate(service_counts: tuple[int, int], facility_counts: tuple[int, int]) -> float:
    """The share of bookings that came, from (bookings, came) of the service, else of
    the facility, else the default."""
    for bookings, came in (service_counts, facility_counts):
        if bookings >= MIN_BOOKINGS_MEASURED:
            return came / bookings
    return DEFAULT_ARRIVAL_RATE


def spread_minutes(durations_seconds: list[float], avg_minutes: float) -> float:
    """The standard deviation of one service time: measured, or `DEFAULT_SPREAD` × μ."""
    if len(durations_seconds) < MIN_SPREAD_SAMPLES:
        return DEFAULT_SPREAD * avg_minutes
    mean = sum(durations_seconds) / len(durations_seconds)
    var = sum((d - mean) ** 2 for d in durations_seconds) / (len(durations_seconds) - 1)
    return math.sqrt(var) / 60


def pace_doubt_minutes(samples: int, measured: bool, avg_minutes: float, spread: float) -> float:
    """How far the average used may be from the true one."""
    return spread / math.sqrt(samples) if measured and samples else UNMEASURED_PACE_DOUBT * avg_minutes


@dataclass(frozen=True)
class CallWindow:
    at: dt.datetime
    """The expected call: n·μ/k after the start."""
    earliest: dt.datetime
    latest: dt.datetime


def call_window(
    *, now: dt.datetime, opens_at: dt.datetime | None, ahead: PeopleAhead, arrival_rate: float,
    avg_minutes: float, spread: float, doubt: float, counters: int, present: bool = False,
    regular: bool = True, priority_share: float = DEFAULT_PRIORITY_SHARE,
) -> CallWindow | None:
    """When a ticket with `ahead` before it is called, as a range (module docstring);
    `present`: the ticket is checked in (it can be called before bookings not there
    yet); `regular`: it is in the regular lane (priority tickets issued later can come
    before it)."""
    if counters <= 0:
        return None
    start = max(now, opens_at) if opens_at is not None else now
    # A booking not arrived when its turn has come and gone is not counted: it is late
    # or will not come (if it comes, it is called next in its lane).
    ahead = ahead.still_due(Turns(first=opens_at or start, each=arrival_rate * avg_minutes / counters,
                                  now=now))

    def minutes(a: PeopleAhead, sign: int) -> float:
        n = a.expected(arrival_rate)
        variance = n * spread**2 + avg_minutes**2 * a.variance(arrival_rate) + (n * doubt) ** 2
        return (n * avg_minutes + sign * Z * math.sqrt(variance)) / counters

    mean = dt.timedelta(minutes=ahead.expected(arrival_rate) * avg_minutes / counters)
    # The early end of a ticket already there: if none of the bookings ahead comes in time.
    due = Ahead(ahead.checked_in) if present else ahead
    early = min(dt.timedelta(minutes=minutes(due, -1)), mean - MIN_HALF_WIDTH)
    # The late end of a regular ticket: priority tickets not known yet may still come
    # before it (about one for every (1 − π)/π regular ones called, Poisson).
    unknown = 0.0
    if regular:
        m = priority_share / (1 - priority_share) * (ahead.expected(arrival_rate) + 1)
        unknown = (m + math.sqrt(m)) * avg_minutes / counters
    late = max(dt.timedelta(minutes=minutes(ahead, +1) + unknown), mean + MIN_HALF_WIDTH)
    at_counter = dt.timedelta(minutes=avg_minutes / counters)
    earliest = _round(start + max(early, dt.timedelta()), up=False)
    if opens_at is not None:
        earliest = max(earliest, opens_at)
    latest = max(_round(start + late + at_counter, up=True), earliest + 2 * MIN_HALF_WIDTH)
    return CallWindow(at=start + mean, earliest=earliest, latest=latest)


def _round(at: dt.datetime, *, up: bool) -> dt.datetime:
    """To `ROUND_TO` (whole minutes of the hour, so the same in every time zone of
    whole hours, WIB included)."""
    step = ROUND_TO.total_seconds()
    seconds = at.minute * 60 + at.second + at.microsecond / 1e6
    rounded = (math.ceil if up else math.floor)(seconds / step) * step
    return at.replace(minute=0, second=0, microsecond=0) + dt.timedelta(seconds=rounded)
