"""The lanes a worker keeps between its transactions (server/queue/day_orders.py):
taken again when only new tickets changed the day, and the digest they then match."""

from __future__ import annotations

from api_client.models import Lane
from server.queue.day_order import DayOrder
from server.queue.day_orders import DayOrders, Digest, NewerTickets
from server.queue.rules import Waiting

KEY = (2, None)


def _kept(numbers: range) -> DayOrders:
    orders = DayOrders()
    waiting = [Waiting(n, n, Lane.regular) for n in numbers]
    orders.keep(KEY, Digest(len(waiting), 0, numbers[-1]), DayOrder.of(waiting, 0, 0))  # type: ignore[arg-type]
    return orders


def _newer(numbers: range, *, called: int | None = None) -> NewerTickets:
    return NewerTickets(above=len(numbers), up_to=5, waiting=[
        Waiting(n, n, Lane.regular) for n in numbers if n != called])


def test_the_new_tickets_counted_by_the_digest_are_added() -> None:
    orders = _kept(range(1, 6))
    taken = orders.take(KEY, Digest(7, 0, 7), lambda after: _newer(range(after + 1, 8)))  # type: ignore[arg-type]
    assert taken is not None
    order, digest = taken
    assert (len(order), digest) == (7, Digest(7, 0, 7))


def test_tickets_committed_after_the_digest_was_read_are_taken_with_their_digest() -> None:
    """Another worker committed 8 and 9 between the digest's read (7 tickets) and the
    read of the new ones: the lanes hold all nine and say so, no whole-day read."""
    orders = _kept(range(1, 6))
    taken = orders.take(KEY, Digest(7, 0, 7), lambda after: _newer(range(after + 1, 10)))  # type: ignore[arg-type]
    assert taken is not None
    order, digest = taken
    assert (len(order), digest) == (9, Digest(9, 0, 9))
    assert (orders.caught_up, orders.misses) == (1, 0)


def test_a_later_ticket_already_called_means_the_day_is_read_again() -> None:
    orders = _kept(range(1, 6))
    newer = _newer(range(6, 10), called=8)  # called meanwhile: the turns moved too
    assert orders.take(KEY, Digest(7, 0, 7), lambda after: newer) is None  # type: ignore[arg-type]
    assert orders.misses == 1


def test_a_new_ticket_below_the_kept_ones_means_the_day_is_read_again() -> None:
    orders = _kept(range(1, 6))
    below = NewerTickets(above=2, up_to=6, waiting=[Waiting(n, n, Lane.regular) for n in (6, 7)])
    assert orders.take(KEY, Digest(8, 0, 7), lambda after: below) is None  # type: ignore[arg-type]
