"""Publishing and reading announcements. A closure also closes booking on its dates and
cancels the bookings already made for them: each ticket then shows why (the closure's
reason, read from the facility's closures), and the cancellation goes out on its
service's live stream like any other. Each cancellation, and the publishing itself,
leaves its audit row under the admin who published."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.models import Announcement, AnnouncementCreate, AnnouncementKind, ErrorCode, TicketStatus
from server.announcements.tables import AnnouncementRow
from server.audit import trail
from server.clock import service_date_of
from server.errors import field_problem
from server.facilities.directory import Directory
from server.facilities.tables import ClosureRow
from server.queue.bookings import cancel
from server.queue.tables import TicketRow, VisitRow
from server.staff.auth import Principal

MAX_CLOSURE_DAYS = 31


def publish(
    *, session: Session, facility_id: str, data: AnnouncementCreate, now: dt.datetime, by: Principal,
    directory: Directory,
) -> Announcement:
    if data.valid_until < data.valid_from:
        raise field_problem(
            "valid_until", ErrorCode.date_range_reversed,
            f"valid_until {data.valid_until} is before valid_from {data.valid_from}",
        )
    if data.valid_until < service_date_of(now):
        raise field_problem("valid_until", ErrorCode.date_in_past, f"{data.valid_until} has passed")
    days = (data.valid_until - data.valid_from).days + 1
    services = {s.id: s for s in directory.facilities[facility_id].services}
    if data.service_id is not None and data.service_id not in services:
        raise field_problem(
            "service_id", ErrorCode.service_not_of_facility,
            f"service {data.service_id} is not a service of {facility_id}",
        )
    if data.kind is AnnouncementKind.closure:
        if days > MAX_CLOSURE_DAYS:
            raise field_problem(
                "valid_until", ErrorCode.closure_too_long,
                f"a closure covers at most {MAX_CLOSURE_DAYS} days, got {days}",
                max=MAX_CLOSURE_DAYS,
            )
        dates = [data.valid_from + dt.timedelta(days=offset) for offset in range(days)]
        for day in dates:
            session.add(ClosureRow(
                facility_id=facility_id, service_id=data.service_id, service_date=day, reason=data.title,
            ))
        # A closure of the whole facility leaves its 24-hour UGD open; one naming a
        # service closes that service only.
        closed = ([data.service_id] if data.service_id is not None
                  else [s for s, info in services.items() if not info.always_open])
        cancel_bookings_on(
            session=session, directory=directory, service_ids=closed, dates=dates, now=now, by=by,
        )
    row = AnnouncementRow(
        facility_id=facility_id, service_id=data.service_id, kind=data.kind.value, title=data.title,
        body=data.body, valid_from=data.valid_from, valid_until=data.valid_until, created_at=now,
        created_by=by.name,
    )
    session.add(row)
    session.flush()
    trail.record(session=session, principal=by, action="publish_announcement",
                 subject=f"announcement:{row.id}", facility_id=facility_id, at=now,
                 after={"kind": row.kind, "valid_from": row.valid_from.isoformat(),
                        "valid_until": row.valid_until.isoformat()})
    return _wire(row)


def cancel_bookings_on(
    *, session: Session, directory: Directory, service_ids: list[int], dates: list[dt.date],
    now: dt.datetime, by: Principal,
) -> int:
    """Cancel the visits not yet called on `dates` (booked or checked in) whose current
    ticket is at one of `service_ids`, each as `by`'s action. How many were cancelled."""
    codes = session.scalars(
        select(VisitRow.booking_code)
        .join(TicketRow, TicketRow.id == VisitRow.current_ticket_id)
        .where(
            TicketRow.service_id.in_(service_ids) & VisitRow.service_date.in_(dates)
            & TicketRow.status.in_((TicketStatus.booked.value, TicketStatus.checked_in.value))
        )
        .order_by(VisitRow.id)
    ).all()
    for code in codes:
        cancel(session=session, directory=directory, code=code, now=now, by=by)
    return len(codes)


def current(*, session: Session, facility_id: str, now: dt.datetime) -> list[Announcement]:
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
        id=row.id, facility_id=row.facility_id, service_id=row.service_id, kind=AnnouncementKind(row.kind),
        title=row.title, body=row.body, valid_from=row.valid_from, valid_until=row.valid_until,
        created_at=row.created_at,
    )
