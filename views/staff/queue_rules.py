"""The counter's reading of the queue as plain functions: the services a signed-in
account serves, what a counter is called, and the waiting patients in the order the
service will call them.

The rules stay with the service: it sends what an account serves (`StaffMe.serves`)
and the order of the next calls (`QueueState.call_order`, the priority rule); this
only keeps the console from offering what would be refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from api_client.models import Service, ServiceKind, StaffAbilities, TicketStatus, TicketView

AT_COUNTER = frozenset({TicketStatus.called, TicketStatus.serving})

COUNTER_WORD = {
    ServiceKind.loket: "Loket", ServiceKind.poli: "Ruang", ServiceKind.lab: "Ruang",
    ServiceKind.ugd: "Ruang", ServiceKind.apotek: "Apotek",
}


def services_for(staff: StaffAbilities, services: Iterable[Service]) -> list[Service]:
    """The services of a facility that `staff` serves, in the facility's order."""
    return [s for s in services if s.kind in staff.serves]


def default_counter(kind: ServiceKind, n: int = 1) -> str:
    """`Loket 1`, `Ruang 1`, `Apotek 1`: a counter name the display can say aloud."""
    return f"{COUNTER_WORD[kind]} {n}"


def call_order(tickets: Sequence[TicketView], numbers: Sequence[int]) -> list[TicketView]:
    """The checked-in tickets in the order the service will call them: `numbers` is its
    `QueueState.call_order`; one checked in since it was read comes after, by number."""
    waiting = {t.number: t for t in tickets if t.status is TicketStatus.checked_in}
    order = [waiting.pop(n) for n in numbers if n in waiting]
    return order + sorted(waiting.values(), key=_number)


def not_arrived(tickets: Iterable[TicketView]) -> list[TicketView]:
    """Booked for today but not checked in yet, in number order."""
    return sorted((t for t in tickets if t.status is TicketStatus.booked), key=_number)


def skipped(tickets: Iterable[TicketView]) -> list[TicketView]:
    """Today's no-shows, the latest number first (the one most likely back)."""
    return sorted((t for t in tickets if t.status is TicketStatus.no_show), key=_number, reverse=True)


def at_counter(tickets: Iterable[TicketView], counter: str) -> TicketView | None:
    """The ticket now at `counter` (called or being served), the latest called if several."""
    here = [t for t in tickets if t.status in AT_COUNTER and t.counter == counter]
    return max(here, key=lambda t: (t.called_at is not None, t.called_at, t.ticket_id), default=None)


def _number(ticket: TicketView) -> int:
    return ticket.number
