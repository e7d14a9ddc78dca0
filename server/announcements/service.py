"""Publishing and reading announcements. A closure also closes booking on its dates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.models import Announcement, AnnouncementCreate, AnnouncementKind
from server.announcements.tables import AnnouncementRow
from server.clock import service_date_of
from server.errors import field_problem
from server.facilities.tables import ClosureRow

MAX_CLOSURE_DAYS = 31


def publish(
    session: Session, *, facility_id: str, data: AnnouncementCreate, now: dt.datetime, by: str
) -> Announcement:
    if data.valid_until < data.valid_from:
        raise field_problem(
            "valid_until", "date_range_reversed",
            f"valid_until {data.valid_until} is before valid_from {data.valid_from}",
        )
    if data.valid_until < service_date_of(now):
        raise field_problem("valid_until", "date_in_past", f"{data.valid_until} has passed")
    days = (data.valid_until - data.valid_from).days + 1
    if data.kind is AnnouncementKind.closure:
        if days > MAX_CLOSURE_DAYS:
            raise field_problem(
                "valid_until", "closure_too_long",
                f"a closure covers at most {MAX_CLOSURE_DAYS} days, got {days}",
                max=MAX_CLOSURE_DAYS,
            )
        for offset in range(days):
            session.add(ClosureRow(
                facility_id=facility_id,
                service_date=data.valid_from + dt.timedelta(days=offset),
                reason=data.title,
            ))
    row = AnnouncementRow(
        facility_id=facility_id, kind=data.kind.value, title=data.title, body=data.body,
        valid_from=data.valid_from, valid_until=data.valid_until, created_at=now, created_by=by,
    )
    session.add(row)
    session.flush()
    return _wire(row)


def current(session: Session, *, facility_id: str, now: dt.datetime) -> list[Announcement]:
    """Announcements still valid today or later, soonest first."""
    today = service_date_of(now)
    rows = session.scalars(
        select(AnnouncementRow)
        .where((AnnouncementRow.facility_id == facility_id) & (AnnouncementRow.valid_until >= today))
        .order_by(AnnouncementRow.valid_from, AnnouncementRow.id)
    )
    return [_wire(r) for r in rows]


def _wire(row: AnnouncementRow) -> Announcement:
    return Announcement(
        id=row.id, facility_id=row.facility_id, kind=AnnouncementKind(row.kind), title=row.title,
        body=row.body, valid_from=row.valid_from, valid_until=row.valid_until,
        created_at=row.created_at,
    )
