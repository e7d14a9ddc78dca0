"""Number allocation: one conditional `UPDATE … RETURNING` per number, in the caller's
transaction. The database decides; Python never checks and then inserts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Literal, NamedTuple

from sqlalchemy import BindParameter, Table, Update, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.facilities.directory import ServiceInfo
from server.facilities.quotas import Quotas
from server.queue.tables import ServiceDayRow

Pool = Literal["jkn", "non_jkn", "walkin"]


class Allocation(NamedTuple):
    """A number (or the last of a block) and the day's turns as the counter row holds
    them when its lock is taken: calls committed after the day was read show here."""

    last_number: int
    priority_streak: int
    calls_made: int


_day: Table = ServiceDayRow.__table__  # type: ignore[assignment]
_USED = {"jkn": _day.c.used_jkn, "non_jkn": _day.c.used_non_jkn, "walkin": _day.c.used_walkin}
_QUOTA = {"jkn": _day.c.quota_jkn, "non_jkn": _day.c.quota_non_jkn, "walkin": _day.c.quota_walkin}


def _allocate_statement(pool: Pool | None) -> Update:
    where = (_day.c.service_id == bindparam("sid")) & (_day.c.service_date == bindparam("day"))
    values: dict[str, object] = {"last_number": _day.c.last_number + 1}
    if pool is not None:
        where = where & (_USED[pool] < _QUOTA[pool])
        values[_USED[pool].name] = _USED[pool] + 1
    return update(_day).where(where).values(values).returning(*_RETURNED)


_RETURNED = (_day.c.last_number, _day.c.priority_streak, _day.c.calls_made)

# Built once: building a statement costs ~10x executing a cached one (measured:
# 158 µs against 18 µs per allocation on SQLite).
_ALLOCATE: dict[Pool | None, Update] = {
    pool: _allocate_statement(pool) for pool in (None, "jkn", "non_jkn", "walkin")
}
_ENSURE = {
    "postgresql": postgresql.insert(_day).on_conflict_do_nothing(),
    "sqlite": sqlite.insert(_day).on_conflict_do_nothing(),
}


def ensure_service_day(
    *, session: Session, service: ServiceInfo, day: dt.date, quotas: Quotas | None = None
) -> None:
    """Create the (service, date) counter with the service's quotas of that day (the
    version in force, its weekday; or `quotas`), unless it exists."""
    quotas = quotas or service.quotas_on(day)
    values = {
        "service_id": service.id,
        "service_date": day,
        "last_number": 0,
        "quota_jkn": quotas.jkn,
        "quota_non_jkn": quotas.non_jkn,
        "quota_walkin": quotas.walkin,
        "used_jkn": 0,
        "used_non_jkn": 0,
        "used_walkin": 0,
        "priority_streak": 0,
    }
    connection = session.connection()
    connection.execute(_ENSURE[connection.dialect.name], values)


def allocate_number(
    *, session: Session, service: ServiceInfo, day: dt.date, pool: Pool | None,
    ensure: bool = True,
) -> int | None:
    """The next number for (service, day), counted against `pool`'s quota.

    None when that quota is used up. `pool=None` (a transfer between services, an
    emergency walk-in) takes a number without touching any quota. `ensure=False`
    when this transaction has already made sure the counter row exists.
    """
    if ensure:
        ensure_service_day(session=session, service=service, day=day)
    allocated = allocate_one(session=session, service=service, day=day, pool=pool)
    return allocated.last_number if allocated else None


def allocate_one(
    *, session: Session, service: ServiceInfo, day: dt.date, pool: Pool | None
) -> Allocation | None:
    """`allocate_number` on an existing counter row, with the day's turns."""
    row = session.connection().execute(_ALLOCATE[pool], {"sid": service.id, "day": day}).first()
    return Allocation(*row) if row else None


def allocate_block(
    *, session: Session, service: ServiceInfo, day: dt.date, counts: Counter[Pool | None]
) -> Allocation | None:
    """Numbers for several requests at once, in one conditional `UPDATE … RETURNING`:
    `counts` says how many numbers each pool asks for. Returns the last number of the
    block (the block is the `sum(counts)` numbers ending there) with the day's turns,
    or None, changing nothing, when any pool lacks room for all it asks (then
    allocate one by one).

    One statement instead of one per request keeps the counter row's lock (held to
    the commit, PostgreSQL) from waiting on a round trip per booking.
    """
    pools = frozenset(p for p, n in counts.items() if p is not None and n > 0)
    statement = _BLOCKS.get(pools)
    if statement is None:
        statement = _BLOCKS[pools] = _block_statement(pools)
    params: dict[str, object] = {"sid": service.id, "day": day, "total": sum(counts.values())}
    params.update({f"n_{p}": counts[p] for p in pools})
    row = session.connection().execute(statement, params).first()
    return Allocation(*row) if row else None


def _block_statement(pools: frozenset[Pool]) -> Update:
    where = (_day.c.service_id == bindparam("sid")) & (_day.c.service_date == bindparam("day"))
    values: dict[str, object] = {"last_number": _day.c.last_number + bindparam("total")}
    for pool in sorted(pools):
        asked: BindParameter[int] = bindparam(f"n_{pool}")
        where = where & (_USED[pool] + asked <= _QUOTA[pool])
        values[_USED[pool].name] = _USED[pool] + asked
    return update(_day).where(where).values(values).returning(*_RETURNED)


_BLOCKS: dict[frozenset[Pool], Update] = {}


def release_quota(*, session: Session, service_id: int, day: dt.date, pool: Pool) -> None:
    """Give a cancelled booking's place in the quota back. Its number stays used."""
    used = _USED[pool]
    session.execute(
        update(_day)
        .where((_day.c.service_id == service_id) & (_day.c.service_date == day) & (used > 0))
        .values({used.name: used - 1})
    )


def lock_service_day(*, session: Session, service: ServiceInfo, day: dt.date) -> ServiceDayRow:
    """The counter row, locked for this transaction (PostgreSQL; SQLite holds the write lock)."""
    ensure_service_day(session=session, service=service, day=day)
    query = select(ServiceDayRow).where(
        (ServiceDayRow.service_id == service.id) & (ServiceDayRow.service_date == day)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return session.scalars(query).one()


def quota_left(
    *, session: Session, service: ServiceInfo, days: list[dt.date]
) -> dict[dt.date, tuple[int, int, int, int]]:
    """For each day: (quota_jkn, left_jkn, quota_non_jkn, left_non_jkn)."""
    rows = {
        r.service_date: r
        for r in session.scalars(
            select(ServiceDayRow).where(
                (ServiceDayRow.service_id == service.id) & ServiceDayRow.service_date.in_(days)
            )
        )
    }
    out = {}
    for day in days:
        r = rows.get(day)
        if r is None:
            quotas = service.quotas_on(day)
            out[day] = (quotas.jkn, quotas.jkn, quotas.non_jkn, quotas.non_jkn)
        else:
            out[day] = (r.quota_jkn, max(r.quota_jkn - r.used_jkn, 0), r.quota_non_jkn,
                        max(r.quota_non_jkn - r.used_non_jkn, 0))
    return out
