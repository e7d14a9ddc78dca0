"""Quota hoarding: how many bookings one phone number and one NIK may hold at once.

A phone may hold at most `max_active_bookings_per_phone` active online bookings
across the regency (default 5: one phone books for a family), a NIK at most
`max_active_bookings_per_nik` (default 3), on top of one per service and day.
Active: the visit is still open (booked, checked in, or being called or served)
on today or a later day. Walk-ins at the kiosk or the loket are never refused for
these limits (the person is there), but an open walk-in with a NIK counts for it.

The count is read inside the allocating transaction, never before it:

- SQLite: the write transaction is `BEGIN IMMEDIATE` (one writer at a time), so
  what it counts cannot change until it commits;
- PostgreSQL: the transaction first takes a transaction-scoped advisory lock on
  each phone and NIK it books for, all in one statement, in sorted order and before
  any queue counter row, so two transactions never wait on each other in a circle.
  A second transaction with the same phone waits at the lock until the first has
  committed; its count (a later statement, READ COMMITTED) then sees that booking.

Within a transaction (a group commit batch) the counts are kept in memory as
bookings are admitted. A booking admitted and then refused for a full quota
still counts for the rest of its batch: conservative, and rare.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Table, bindparam, func, select, text
from sqlalchemy.orm import Session

from api_client.models import ErrorCode
from server.errors import ApiProblem
from server.queue.tables import VisitRow

_visit: Table = VisitRow.__table__  # type: ignore[assignment]

_HELD_BY_PHONE = (
    select(_visit.c.phone_key, func.count())
    .where(_visit.c.phone_key.in_(bindparam("keys", expanding=True)) & _visit.c.active
           & (_visit.c.service_date >= bindparam("today")))
    .group_by(_visit.c.phone_key)
)
# Sorted keys in, locks taken in that order (a function scan keeps the array's order).
_LOCK = text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k")


@dataclass(frozen=True)
class BookingLimits:
    per_phone: int
    per_nik: int


def lock_holders(*, session: Session, keys: Iterable[str]) -> None:
    """PostgreSQL: lock these phone and NIK look-up keys until the transaction ends."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    numbers = sorted({_lock_number(k) for k in keys})
    if numbers:
        connection.execute(_LOCK, {"keys": numbers})


def _lock_number(key: str) -> int:
    """A look-up key (hex of a keyed hash) as a positive bigint: its first 60 bits."""
    return int(key[:15], 16)


def held_by_phone(*, session: Session, keys: Iterable[str], today: dt.date) -> Counter[str]:
    wanted = sorted(set(keys))
    if not wanted:
        return Counter()
    rows = session.connection().execute(_HELD_BY_PHONE, {"keys": wanted, "today": today})
    return Counter({row[0]: row[1] for row in rows})


def phone_limit_reached(limit: int) -> ApiProblem:
    return ApiProblem(
        409, ErrorCode.phone_booking_limit,
        f"this phone number already holds {limit} active bookings, the most one phone may "
        "hold across the regency; cancel one or wait until one is over",
    )


def nik_limit_reached(limit: int) -> ApiProblem:
    return ApiProblem(
        409, ErrorCode.nik_booking_limit,
        f"this NIK already holds {limit} active bookings, the most one person may hold "
        "across the regency; cancel one or wait until one is over",
    )
