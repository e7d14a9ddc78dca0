"""Number allocation: one conditional `UPDATE … RETURNING` per number, in the caller's
transaction. The database decides; Python never checks and then inserts.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from sqlalchemy import Table, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.facilities.directory import ServiceInfo
from server.queues.tables import ServiceDayRow

Pool = Literal["jkn", "non_jkn", "walkin"]

_day: Table = ServiceDayRow.__table__  # type: ignore[assignment]
_USED = {"jkn": _day.c.used_jkn, "non_jkn": _day.c.used_non_jkn, "walkin": _day.c.used_walkin}
_QUOTA = {"jkn": _day.c.quota_jkn, "non_jkn": _day.c.quota_non_jkn, "walkin": _day.c.quota_walkin}


def ensure_service_day(session: Session, service: ServiceInfo, day: dt.date) -> None:
    """Create the (service, date) counter with the service's quotas, unless it exists."""
    values = {
        "service_id": service.id,
        "service_date": day,
        "last_number": 0,
        "quota_jkn": service.quota_jkn,
        "quota_non_jkn": service.quota_non_jkn,
        "quota_walkin": service.quota_walkin,
        "used_jkn": 0,
        "used_non_jkn": 0,
        "used_walkin": 0,
        "priority_streak": 0,
    }
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(_day).values(values).on_conflict_do_nothing())


def allocate_number(
    session: Session, service: ServiceInfo, day: dt.date, pool: Pool | None
) -> int | None:
    """The next number for (service, day), counted against `pool`'s quota.

    None when that quota is used up. `pool=None` (a transfer between services)
    takes a number without touching any quota.
    """
    ensure_service_day(session, service, day)
    where = (_day.c.service_id == service.id) & (_day.c.service_date == day)
    values: dict[str, object] = {"last_number": _day.c.last_number + 1}
    if pool is not None:
        where = where & (_USED[pool] < _QUOTA[pool])
        values[_USED[pool].name] = _USED[pool] + 1
    return session.execute(
        update(_day).where(where).values(values).returning(_day.c.last_number)
    ).scalar_one_or_none()


def release_quota(session: Session, service_id: int, day: dt.date, pool: Pool) -> None:
    """Give a cancelled booking's place in the quota back. Its number stays used."""
    used = _USED[pool]
    session.execute(
        update(_day)
        .where((_day.c.service_id == service_id) & (_day.c.service_date == day) & (used > 0))
        .values({used.name: used - 1})
    )


def lock_service_day(session: Session, service: ServiceInfo, day: dt.date) -> ServiceDayRow:
    """The counter row, locked for this transaction (PostgreSQL; SQLite holds the write lock)."""
    ensure_service_day(session, service, day)
    query = select(ServiceDayRow).where(
        (ServiceDayRow.service_id == service.id) & (ServiceDayRow.service_date == day)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return session.scalars(query).one()


def quota_left(
    session: Session, service: ServiceInfo, days: list[dt.date]
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
            out[day] = (service.quota_jkn, service.quota_jkn, service.quota_non_jkn,
                        service.quota_non_jkn)
        else:
            out[day] = (r.quota_jkn, max(r.quota_jkn - r.used_jkn, 0), r.quota_non_jkn,
                        max(r.quota_non_jkn - r.used_non_jkn, 0))
    return out
