"""Who stands before a new ticket, counted from the lanes (server/queue/day_order.py),
is who `call_order` and `ahead_in` put before it, bookings still due included."""

from __future__ import annotations

import datetime as dt
import random

from api_client.models import Lane
from server.clock import WIB
from server.queue.day_order import DayOrder
from server.queue.estimate import Turns, ahead_in
from server.queue.rules import PRIORITY_RUN, Waiting, call_order

R, P = Lane.regular, Lane.priority
OPENS = dt.datetime(2026, 11, 30, 7, 30, tzinfo=WIB)


def _random_day(rng: random.Random) -> tuple[list[Waiting], int]:
    """Tickets not called yet of a day: some returned, some bookings made at random
    times of the morning (some after the opening); and the next number."""
    waiting = []
    numbers = sorted(rng.sample(range(1, 80), rng.randint(0, 25)))
    for i, n in enumerate(numbers):
        booked = rng.random() < 0.5
        returned = None if booked or rng.random() > 0.15 else rng.randint(0, 12)
        made = OPENS + dt.timedelta(minutes=rng.randint(-600, 120))
        waiting.append(Waiting(i, n, rng.choice([R, P]), returned_after=returned,
                               booked=booked, issued_at=made))
    return waiting, (numbers[-1] if numbers else 0) + 1


def test_the_lanes_count_the_same_people_as_the_whole_order():
    rng = random.Random(19)
    for _ in range(1500):
        waiting, number = _random_day(rng)
        streak, calls = rng.randint(0, PRIORITY_RUN + 1), rng.randint(0, 10)
        order = DayOrder.of(list(waiting), streak, calls)
        for step in range(rng.randint(1, 6)):  # a transaction issuing several numbers
            now = OPENS + dt.timedelta(minutes=rng.randint(-60, 180))
            new = Waiting(-number, number, rng.choice([R, P]), booked=rng.random() < 0.6,
                          issued_at=now)
            counted = order.add(new)
            waiting.append(new)
            expected = ahead_in(call_order(waiting, streak, calls), new.ticket_id)
            assert (counted.checked_in, counted.booked) == (expected.checked_in, expected.booked)
            turns = Turns(first=OPENS, each=rng.choice([0.0, 2.5, 6.8, 12.0]), now=now)
            due = counted.still_due(turns)
            assert (due.checked_in, due.booked) == (expected.checked_in,
                                                    expected.still_due(turns).booked), step
            number += rng.randint(1, 3)


def test_a_long_day_of_bookings_is_counted_like_the_whole_order():
    # A thousand bookings, one in seven priority, made the day before; two hours after
    # the opening the first turns have passed.
    order, waiting = DayOrder.of([], 0, 0), []
    turns = Turns(first=OPENS, each=6.8, now=OPENS + dt.timedelta(hours=2))
    for n in range(1, 1001):
        new = Waiting(-n, n, P if n % 7 == 0 else R, booked=True, issued_at=OPENS - dt.timedelta(days=1))
        counted = order.add(new)
        waiting.append(new)
        if n in (1, 500, 1000):
            expected = ahead_in(call_order(waiting, 0, 0), new.ticket_id)
            assert counted.booked == expected.booked == n - 1
            assert counted.still_due(turns).booked == expected.still_due(turns).booked


def test_every_ticket_of_a_day_has_the_people_the_whole_order_puts_before_it():
    """`ahead_of`, for a ticket read by its code: every ticket in a lane, not only the
    newest (returned tickets keep the whole order's walk)."""
    rng = random.Random(16)
    for _ in range(1500):
        waiting, _number = _random_day(rng)
        streak, calls = rng.randint(0, PRIORITY_RUN + 1), rng.randint(0, 10)
        order = DayOrder.of(list(waiting), streak, calls)
        whole = call_order(waiting, streak, calls)
        turns = Turns(first=OPENS, each=rng.choice([0.0, 2.5, 6.8, 12.0]),
                      now=OPENS + dt.timedelta(minutes=rng.randint(-60, 180)))
        for w in waiting:
            counted = order.ahead_of(w.number, w.lane)
            if w.returned_after is not None:
                assert counted is None
                continue
            assert counted is not None
            expected = ahead_in(whole, w.ticket_id)
            assert (counted.checked_in, counted.booked) == (expected.checked_in, expected.booked)
            due = counted.still_due(turns)
            assert (due.checked_in, due.booked) == (expected.checked_in, expected.still_due(turns).booked)
        assert order.ahead_of(_number, R) is None  # not a ticket of the day
