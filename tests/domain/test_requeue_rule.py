"""The place rule of a skipped ticket returned to the waiting list (server/queue/rules.py):
called after the next two calls, before either lane; at once when nobody else waits."""

from __future__ import annotations

from api_client.models import Lane
from server.queue.rules import REQUEUE_AFTER_CALLS, Waiting, call_order, pick_next

R, P = Lane.regular, Lane.priority


def numbers(order: list[Waiting]) -> list[int]:
    return [w.number for w in order]


def test_the_rule_is_the_next_two_calls():
    assert REQUEUE_AFTER_CALLS == 2


def test_a_returned_ticket_comes_third_whatever_its_number():
    waiting = [Waiting(1, 1, R, returned_after=10), *(Waiting(n, n, R) for n in (4, 5, 6))]
    assert numbers(call_order(waiting, 0, calls_made=8)) == [4, 5, 1, 6]


def test_once_due_it_goes_before_the_priority_lane_and_does_not_count_in_the_run():
    waiting = [Waiting(1, 1, R, returned_after=3), Waiting(7, 7, P), Waiting(8, 8, P), Waiting(4, 4, R)]
    chosen, streak = pick_next(waiting, 1, calls_made=3)
    assert (chosen and chosen.number, streak) == (1, 1)
    assert numbers(call_order(waiting, 1, calls_made=3)) == [1, 7, 4, 8]


def test_two_returned_tickets_go_in_the_order_they_were_returned():
    waiting = [Waiting(9, 9, R, returned_after=7), Waiting(2, 2, R, returned_after=8),
               *(Waiting(n, n, R) for n in (10, 11, 12))]
    assert numbers(call_order(waiting, 0, calls_made=6)) == [10, 9, 2, 11, 12]


def test_with_nobody_else_waiting_a_returned_ticket_is_called_at_once():
    chosen, _ = pick_next([Waiting(1, 1, R, returned_after=12)], 0, calls_made=10)
    assert chosen is not None and chosen.number == 1


def test_without_returned_tickets_the_priority_rule_is_unchanged():
    waiting = [Waiting(1, 1, R), Waiting(2, 2, R), Waiting(3, 3, P), Waiting(4, 4, P), Waiting(5, 5, P)]
    assert numbers(call_order(waiting, 0)) == [3, 4, 1, 5, 2]
