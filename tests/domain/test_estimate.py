"""Who can be called before a ticket, and the range its call is expected in
(server/queue/estimate.py)."""

from __future__ import annotations

import datetime as dt
import random

from api_client.models import Lane
from server.clock import WIB
from server.queue.estimate import (
    DEFAULT_ARRIVAL_RATE,
    DEFAULT_PRIORITY_SHARE,
    DEFAULT_SPREAD,
    MIN_BOOKINGS_MEASURED,
    MIN_TICKETS_MEASURED,
    Ahead,
    BookingAhead,
    ahead_in,
    arrival_rate,
    call_window,
    priority_share,
    spread_minutes,
)
from server.queue.rules import PRIORITY_RUN, Waiting, call_order, pick_next

R, P = Lane.regular, Lane.priority
OPENS = dt.datetime(2026, 11, 30, 7, 30, tzinfo=WIB)


def bookings(*numbers: int) -> tuple[BookingAhead, ...]:
    return tuple(BookingAhead(n) for n in numbers)


def ahead(waiting: list[Waiting], ticket: int, streak: int = 0, calls: int = 0) -> Ahead:
    return ahead_in(call_order(waiting, streak, calls), ticket)


def window(now: dt.datetime, a: Ahead, *, rate: float = 1.0, avg: float = 8, spread: float = 4,
           doubt: float = 0, counters: int = 1):  # type: ignore[no-untyped-def]
    return call_window(now=now, opens_at=OPENS, ahead=a, arrival_rate=rate, avg_minutes=avg,
                       spread=spread, doubt=doubt, counters=counters)


def test_a_regular_ticket_waits_for_one_priority_run_per_regular_ahead_not_for_every_priority():
    waiting = [Waiting(1, 1, R), Waiting(2, 2, R), *(Waiting(n, n, P) for n in (3, 4, 5, 6, 7))]
    # P3 P4 R1 P5 P6 R2 P7: the regular B-002 has 4 priority and 1 regular ahead, not 6
    assert ahead(waiting, 2) == Ahead(checked_in=2 * PRIORITY_RUN + 1)
    assert ahead(waiting, 1) == Ahead(checked_in=PRIORITY_RUN)
    # a run already under way: one more priority, then the regular
    assert ahead(waiting, 1, streak=PRIORITY_RUN - 1) == Ahead(checked_in=1)


def test_a_priority_ticket_has_a_lower_regular_ahead_only_once_the_run_is_used():
    waiting = [Waiting(1, 1, R), *(Waiting(n, n, P) for n in (2, 3, 4))]
    assert ahead(waiting, 3) == Ahead(checked_in=1)  # P2 only
    assert ahead(waiting, 4) == Ahead(checked_in=3)  # P2 P3 R1


def test_a_returned_ticket_is_ahead_of_everyone_after_the_next_two_calls():
    waiting = [Waiting(9, 9, R, returned_after=12), *(Waiting(n, n, R) for n in (10, 11, 12))]
    # B-010, B-011, then the returned B-009 is due, then B-012
    assert ahead(waiting, 9, calls=10) == Ahead(checked_in=2)
    assert ahead(waiting, 12, calls=10) == Ahead(checked_in=3)
    assert ahead(waiting, 11, calls=10) == Ahead(checked_in=1)


def test_bookings_not_arrived_count_by_the_share_that_comes():
    waiting = [Waiting(1, 1, R, booked=True), Waiting(2, 2, R), Waiting(3, 3, R, booked=True),
               Waiting(4, 4, R), Waiting(5, 5, R, booked=True)]
    mine = ahead(waiting, 4)
    assert mine == Ahead(checked_in=1, bookings=bookings(1, 3))
    assert mine.expected(0.75) == 2.5
    assert mine.expected(1.0) == 3 and mine.expected(0.0) == 1
    # a booking keeps its place: it stands before later numbers even before it arrives,
    # and a later booking stands before nobody
    assert ahead(waiting, 5) == Ahead(checked_in=2, bookings=bookings(1, 3))


def test_the_order_in_one_pass_is_the_order_of_calling_pick_next_again_and_again():
    rng = random.Random(16)
    for _ in range(2000):
        waiting = [
            Waiting(i, n, rng.choice([R, P]),
                    returned_after=rng.randint(0, 9) if rng.random() < 0.25 else None)
            for i, n in enumerate(rng.sample(range(1, 60), rng.randint(0, 12)))
        ]
        streak, calls = rng.randint(0, PRIORITY_RUN + 1), rng.randint(0, 8)
        expected, left, s, c = [], list(waiting), streak, calls
        while (chosen := pick_next(left, s, c))[0] is not None:
            expected.append(chosen[0])
            left.remove(chosen[0])
            s, c = chosen[1], c + 1
        assert call_order(waiting, streak, calls) == expected


def test_the_arrival_rate_is_the_services_then_the_facilitys_then_the_default():
    enough = MIN_BOOKINGS_MEASURED
    assert arrival_rate((enough, enough // 2), (1000, 900)) == 0.5
    assert arrival_rate((enough - 1, 0), (200, 150)) == 0.75
    assert arrival_rate((3, 0), (enough - 1, 0)) == DEFAULT_ARRIVAL_RATE


def test_the_spread_is_measured_from_five_durations_on():
    assert spread_minutes([300, 600, 900, 1200], 8) == DEFAULT_SPREAD * 8
    assert spread_minutes([300, 300, 300, 300, 300], 5) == 0
    # 4, 6, 8, 10, 12 minutes: a sample standard deviation of √10 minutes
    assert abs(spread_minutes([240, 360, 480, 600, 720], 8) - 10 ** 0.5) < 1e-9


def test_the_range_never_shows_the_same_time_twice_and_is_rounded_to_five_minutes():
    now = dt.datetime(2026, 11, 30, 8, 3, tzinfo=WIB)
    for n in range(0, 30):
        w = window(now, Ahead(checked_in=n), spread=0)
        assert w is not None
        assert w.latest - w.earliest >= dt.timedelta(minutes=10)
        assert w.earliest <= w.at <= w.latest
        assert w.earliest.minute % 5 == 0 and w.latest.minute % 5 == 0 and w.latest.second == 0


def test_the_range_never_starts_before_the_service_opens():
    night = dt.datetime(2026, 11, 29, 20, 0, tzinfo=WIB)
    w = window(night, Ahead(checked_in=0, bookings=bookings(1)), rate=0.85)
    assert w is not None and w.earliest == OPENS and w.at >= OPENS


def test_no_range_while_every_counter_is_on_a_break():
    assert window(OPENS, Ahead(checked_in=3), counters=0) is None


def test_the_range_widens_with_bookings_that_may_not_come_and_with_a_doubtful_pace():
    now = OPENS

    def width(**kwargs: object) -> dt.timedelta:
        w = window(now, **kwargs)  # type: ignore[arg-type]
        assert w is not None
        return w.latest - w.earliest

    certain = width(a=Ahead(checked_in=20), rate=0.5)
    twenty = bookings(*range(1, 21))
    assert width(a=Ahead(checked_in=10, bookings=twenty), rate=0.5) > certain  # 20 expected
    assert width(a=Ahead(checked_in=20), doubt=2) > certain
    # and two counters halve the wait
    one = window(now, Ahead(checked_in=20))
    two = window(now, Ahead(checked_in=20), counters=2)
    assert one is not None and two is not None and (two.at - now) * 2 == one.at - now


def test_a_booking_whose_turn_has_passed_is_not_counted():
    # B-001 to B-003 booked, not come; 8 minutes each from 07:30: by 07:40 the turns of
    # B-001 (07:30) and B-002 (07:38) are over, B-003's (07:46) is not
    late = dt.datetime(2026, 11, 30, 7, 40, tzinfo=WIB)
    w = window(late, Ahead(checked_in=1, bookings=bookings(1, 2, 3)))
    assert w is not None and w.at == late + dt.timedelta(minutes=2 * 8)


def test_a_checked_in_ticket_may_be_called_before_bookings_not_there_yet():
    kept = Ahead(checked_in=1, bookings=bookings(*range(1, 11)))
    booked = call_window(now=OPENS, opens_at=OPENS, ahead=kept, arrival_rate=0.9, avg_minutes=8,
                         spread=4, doubt=0, counters=1, present=False)
    there = call_window(now=OPENS, opens_at=OPENS, ahead=kept, arrival_rate=0.9, avg_minutes=8,
                        spread=4, doubt=0, counters=1, present=True)
    assert booked is not None and there is not None
    assert there.at == booked.at and there.latest == booked.latest
    assert there.earliest < booked.earliest and there.earliest <= OPENS + dt.timedelta(minutes=8)


def test_only_a_regular_ticket_waits_for_priority_tickets_not_issued_yet():
    ahead_of_it = Ahead(checked_in=10)
    regular = call_window(now=OPENS, opens_at=OPENS, ahead=ahead_of_it, arrival_rate=1, avg_minutes=8,
                          spread=4, doubt=0, counters=1, regular=True)
    priority = call_window(now=OPENS, opens_at=OPENS, ahead=ahead_of_it, arrival_rate=1,
                           avg_minutes=8, spread=4, doubt=0, counters=1, regular=False)
    assert regular is not None and priority is not None
    assert regular.at == priority.at and regular.latest > priority.latest


def test_a_booking_made_after_the_opening_has_its_turn_after_it_was_made():
    # B-001 booked at 08:00 for the same morning: at 08:00 it is not late, though its
    # place from the opening (07:30) has passed
    eight = dt.datetime(2026, 11, 30, 8, 0, tzinfo=WIB)
    w = window(eight, Ahead(checked_in=0, bookings=(BookingAhead(1, eight),)))
    assert w is not None and w.at == eight + dt.timedelta(minutes=8)


def test_the_priority_share_is_measured_from_fifty_tickets_on():
    assert priority_share(MIN_TICKETS_MEASURED - 1, 20) == DEFAULT_PRIORITY_SHARE
    assert priority_share(MIN_TICKETS_MEASURED * 2, MIN_TICKETS_MEASURED // 5) == 0.1
    assert priority_share(100, 90) == 0.5  # never more than half: the lane is the smaller one
    # a service with more priority patients: a regular ticket's late end is later
    few, many = (call_window(now=OPENS, opens_at=OPENS, ahead=Ahead(checked_in=10), arrival_rate=1,
                             avg_minutes=8, spread=4, doubt=0, counters=1, priority_share=share)
                 for share in (0.05, 0.3))
    assert few is not None and many is not None and many.latest > few.latest and many.at == few.at
