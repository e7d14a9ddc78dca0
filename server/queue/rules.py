"""The queue's rules, as plain functions: numbering, who is called next, estimates,
and which BPJS Antrean task a step records.

## The priority rule

Only checked-in tickets are called. The priority lane (lansia, ibu hamil,
balita, disabilitas) goes first, but while a regular ticket is waiting at most
`PRIORITY_RUN` priority tickets are called in a row; then one regular ticket is
called. Within a lane, the lowest number goes first: a booking keeps the place
its number gives it, so a booked patient who checks in late is called next in
their lane. With no regular ticket waiting, priority tickets are called one
after another; with no priority ticket waiting, regular ones are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from api_client.models import Lane, ServiceKind

PRIORITY_RUN = 2
MIN_MEASURED_SAMPLES = 3


def display_number(prefix: str, number: int) -> str:
    """`A-012`: the prefix and at least three digits."""
    return f"{prefix}-{number:03d}"


@dataclass(frozen=True)
class Waiting:
    ticket_id: int
    number: int
    lane: Lane


def pick_next(waiting: list[Waiting], priority_streak: int) -> tuple[Waiting | None, int]:
    """The ticket to call next and the new count of priority calls in a row."""
    regular = min((w for w in waiting if w.lane is Lane.regular), key=_number, default=None)
    priority = min((w for w in waiting if w.lane is Lane.priority), key=_number, default=None)
    if priority is not None and (regular is None or priority_streak < PRIORITY_RUN):
        return priority, priority_streak + 1
    if regular is not None:
        return regular, 0
    return None, priority_streak


def call_order(waiting: list[Waiting], priority_streak: int) -> list[Waiting]:
    """Every waiting ticket, in the order `pick_next` will call them if no one else
    checks in (sent to the consoles in `QueueState.call_order`)."""
    left, streak = list(waiting), priority_streak
    order: list[Waiting] = []
    while True:
        chosen, streak = pick_next(left, streak)
        if chosen is None:
            return order
        order.append(chosen)
        left.remove(chosen)


def _number(w: Waiting) -> int:
    return w.number


def average_service_minutes(
    durations_seconds: list[float], configured_minutes: float
) -> tuple[float, bool]:
    """Today's measured average (from called to done), or the configured one."""
    if len(durations_seconds) < MIN_MEASURED_SAMPLES:
        return configured_minutes, False
    return sum(durations_seconds) / len(durations_seconds) / 60, True


def estimated_call_at(
    *,
    now: dt.datetime,
    opens_at: dt.datetime | None,
    people_ahead: int,
    avg_minutes: float,
    counters: int = 1,
) -> dt.datetime:
    """When a ticket with `people_ahead` will be called: never before the service opens."""
    start = max(now, opens_at) if opens_at is not None else now
    return start + dt.timedelta(minutes=people_ahead * avg_minutes / max(counters, 1))


# BPJS Antrean task ids.
TASK_CANCELLED = 99


def task_on_arrival(kind: ServiceKind) -> int:
    """Checked in (or a walk-in issued): 1 waits for admission; 3 waits for the poli."""
    return 1 if kind is ServiceKind.loket else (5 if kind is ServiceKind.apotek else 3)


def task_on_call(kind: ServiceKind) -> int:
    return {ServiceKind.loket: 2, ServiceKind.apotek: 6}.get(kind, 4)


def task_on_done(kind: ServiceKind) -> int:
    return {ServiceKind.loket: 3, ServiceKind.apotek: 7}.get(kind, 5)
