"""The queue's rules, as plain functions: numbering, who is called next, the average
service time, and which BPJS Antrean task a step records (the estimate:
`server.queue.estimate`).

## The priority rule

Only checked-in tickets are called. The priority lane (lansia, ibu hamil,
balita, disabilitas) goes first, but while a regular ticket is waiting at most
`PRIORITY_RUN` priority tickets are called in a row; then one regular ticket is
called. Within a lane, the lowest number goes first: a booking keeps the place
its number gives it, so a booked patient who checks in late is called next in
their lane. With no regular ticket waiting, priority tickets are called one
after another; with no priority ticket waiting, regular ones are.

## A skipped ticket returned to the waiting list

A patient marked not present (skipped, no-show) who comes back the same day is
returned to the waiting list by the counter: "dipanggil setelah dua panggilan
berikutnya". Its place: after the next `REQUEUE_AFTER_CALLS` calls of its service
(at any counter, call next or a number called out of turn), it is called before
either lane; if nobody else waits, it is called at once. Several returned tickets
whose wait is over go in the order they were returned. Calling it does not count
in the priority run. (Calling a number out of turn, `call_number`, needs no rule:
the officer chose it.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from api_client.models import Lane, ServiceKind

PRIORITY_RUN = 2
REQUEUE_AFTER_CALLS = 2
MIN_MEASURED_SAMPLES = 3


def display_number(prefix: str, number: int) -> str:
    """`A-012`: the prefix and at least three digits."""
    return f"{prefix}-{number:03d}"


@dataclass(frozen=True)
class Waiting:
    ticket_id: int
    number: int
    lane: Lane
    returned_after: int | None = None
    """A returned ticket: the service day's call count from which it is due."""
    booked: bool = False
    """A booking not arrived yet: placed as if it checked in now (the estimate's order,
    `server.queue.estimate`); never called before it checks in."""
    issued_at: dt.datetime | None = None


def calls_left(w: Waiting, calls_made: int) -> int | None:
    """How many calls still come before a returned ticket is due (None: not returned)."""
    return None if w.returned_after is None else max(0, w.returned_after - calls_made)


def pick_next(
    waiting: list[Waiting], priority_streak: int, calls_made: int = 0
) -> tuple[Waiting | None, int]:
    """The ticket to call next and the new count of priority calls in a row, when the
    service has made `calls_made` calls today."""
    returned = [w for w in waiting if w.returned_after is not None]
    due = [w for w in returned if w.returned_after <= calls_made]  # type: ignore[operator]
    if due:
        return min(due, key=_returned_order), priority_streak
    in_lanes = [w for w in waiting if w.returned_after is None]
    regular = min((w for w in in_lanes if w.lane is Lane.regular), key=_number, default=None)
    priority = min((w for w in in_lanes if w.lane is Lane.priority), key=_number, default=None)
    if priority is not None and (regular is None or priority_streak < PRIORITY_RUN):
        return priority, priority_streak + 1
    if regular is not None:
        return regular, 0
    if returned:  # nobody else waits: no reason to keep them waiting
        return min(returned, key=_returned_order), priority_streak
    return None, priority_streak


def call_order(waiting: list[Waiting], priority_streak: int, calls_made: int = 0) -> list[Waiting]:
    """Every waiting ticket, in the order `pick_next` will call them if no one else
    checks in (sent to the consoles in `QueueState.call_order`). The same choices as
    calling `pick_next` again and again, in one pass over the sorted lanes."""
    returned = sorted((w for w in waiting if w.returned_after is not None), key=_returned_order)
    regular = sorted((w for w in waiting if w.returned_after is None and w.lane is Lane.regular),
                     key=_number)
    priority = sorted((w for w in waiting if w.returned_after is None and w.lane is Lane.priority),
                      key=_number)
    order: list[Waiting] = []
    streak, calls, r, p, q = priority_streak, calls_made, 0, 0, 0
    while len(order) < len(waiting):
        if q < len(returned) and (returned[q].returned_after or 0) <= calls:
            order.append(returned[q])
            q += 1
        elif p < len(priority) and (r == len(regular) or streak < PRIORITY_RUN):
            order.append(priority[p])
            p, streak = p + 1, streak + 1
        elif r < len(regular):
            order.append(regular[r])
            r, streak = r + 1, 0
        else:  # only returned tickets are left: called at once
            order.append(returned[q])
            q += 1
        calls += 1
    return order


def _number(w: Waiting) -> int:
    return w.number


def _returned_order(w: Waiting) -> tuple[int, int]:
    return (w.returned_after or 0, w.number)


def average_service_minutes(
    durations_seconds: list[float], configured_minutes: float
) -> tuple[float, bool]:
    """Today's measured average (from called to done), or the configured one."""
    if len(durations_seconds) < MIN_MEASURED_SAMPLES:
        return configured_minutes, False
    return sum(durations_seconds) / len(durations_seconds) / 60, True


# BPJS Antrean task ids.
TASK_CANCELLED = 99


def task_on_arrival(kind: ServiceKind) -> int:
    """Checked in (or a walk-in issued): 1 waits for admission; 3 waits for the poli."""
    return 1 if kind is ServiceKind.loket else (5 if kind is ServiceKind.apotek else 3)


def task_on_call(kind: ServiceKind) -> int:
    return {ServiceKind.loket: 2, ServiceKind.apotek: 6}.get(kind, 4)


def task_on_done(kind: ServiceKind) -> int:
    return {ServiceKind.loket: 3, ServiceKind.apotek: 7}.get(kind, 5)
