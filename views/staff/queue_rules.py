"""The counter's rules as plain functions: which services a role serves, what a counter
is called, and in which order the waiting patients will be called.

`SERVES` mirrors the permission table of the central service (server/staff/
permissions.py); the service decides, this only keeps the console from offering
what would be refused. `call_order` follows the documented priority rule
(server/queues/rules.py): at most `PRIORITY_RUN` priority tickets in a row while a
regular one waits, lowest number first within a lane.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from api_client.models import Lane, Role, Service, ServiceKind, TicketStatus, TicketView

PRIORITY_RUN = 2
AT_COUNTER = frozenset({TicketStatus.called, TicketStatus.serving})

SERVES: dict[Role, frozenset[ServiceKind]] = {
    Role.loket: frozenset({ServiceKind.loket}),
    Role.poli: frozenset({ServiceKind.poli, ServiceKind.lab, ServiceKind.ugd}),
    Role.apotek: frozenset({ServiceKind.apotek}),
    Role.admin: frozenset(ServiceKind),
    Role.kiosk: frozenset(),
}

COUNTER_WORD = {
    ServiceKind.loket: "Loket", ServiceKind.poli: "Ruang", ServiceKind.lab: "Ruang",
    ServiceKind.ugd: "Ruang", ServiceKind.apotek: "Apotek",
}


def services_for(role: Role, services: Iterable[Service]) -> list[Service]:
    """The services of a facility that `role` serves, in the facility's order."""
    return [s for s in services if s.kind in SERVES.get(role, frozenset())]


def default_counter(kind: ServiceKind, n: int = 1) -> str:
    """`Loket 1`, `Ruang 1`, `Apotek 1`: a counter name the display can say aloud."""
    return f"{COUNTER_WORD[kind]} {n}"


def priority_streak(tickets: Iterable[TicketView]) -> int:
    """How many priority tickets were called in a row most recently (the rule's count)."""
    called = sorted(
        (t for t in tickets if t.called_at is not None),
        key=lambda t: t.called_at,  # type: ignore[arg-type,return-value]
        reverse=True,
    )
    streak = 0
    for ticket in called:
        if ticket.lane is not Lane.priority:
            break
        streak += 1
    return streak


def call_order(tickets: Sequence[TicketView]) -> list[TicketView]:
    """The checked-in tickets in the order the service will call them."""
    regular = sorted((t for t in tickets if _waiting(t, Lane.regular)), key=_number)
    priority = sorted((t for t in tickets if _waiting(t, Lane.priority)), key=_number)
    streak = priority_streak(tickets)
    order: list[TicketView] = []
    while regular or priority:
        if priority and (not regular or streak < PRIORITY_RUN):
            order.append(priority.pop(0))
            streak += 1
        else:
            order.append(regular.pop(0))
            streak = 0
    return order


def not_arrived(tickets: Iterable[TicketView]) -> list[TicketView]:
    """Booked for today but not checked in yet, in number order."""
    return sorted((t for t in tickets if t.status is TicketStatus.booked), key=_number)


def at_counter(tickets: Iterable[TicketView], counter: str) -> TicketView | None:
    """The ticket now at `counter` (called or being served), the latest called if several."""
    here = [t for t in tickets if t.status in AT_COUNTER and t.counter == counter]
    return max(here, key=lambda t: (t.called_at is not None, t.called_at, t.ticket_id), default=None)


def _waiting(ticket: TicketView, lane: Lane) -> bool:
    return ticket.status is TicketStatus.checked_in and ticket.lane is lane


def _number(ticket: TicketView) -> int:
    return ticket.number
