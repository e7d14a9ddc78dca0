"""Publishing and reading announcements. A closure also closes booking on its dates and
cancels the bookings already made for them: each ticket then shows why (the closure's
reason, read from the facility's closures), and the cancellation goes out on its
service's live stream like any other. Each cancellation, and the publishing itself,
leaves its audit row under the staff member who published.

Changing or withdrawing a published announcement: `server.announcements.changes`;
what an action would do before it is done: `server.announcements.impact`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from api_client.models import Announcement, AnnouncementCreate, AnnouncementKind, ErrorCode, TicketStatus
from server.announcements.heard import tell_open_screens
from server.announcements.tables import AnnouncementRow
from server.audit import trail
from server.clock import service_date_of
from server.doctors.tables import DoctorAbsenceRow
from server.errors import field_problem
from server.facilities.directory import Directory
from server.facilities.tables import ClosureRow
from server.horizon import require_within_horizon
from server.queue.bookings import cancel
from server.queue.tables import TicketRow, VisitRow
from server.staff.auth import Principal

MAX_CLOSURE_DAYS = 31
NOT_ARRIVED = (TicketStatus.booked,)
NOT_CALLED = (TicketStatus.booked, TicketStatus.checked_in)


def publish(
    *, session: Session, facility_id: str, data: AnnouncementCreate, now: dt.datetime, by: Principal,
    directory: Directory,
) -> Announcement:
    return published(
        session=session, facility_id=facility_id, data=data, now=now, by=by, directory=directory,
    )[0]


def published(
    *, session: Session, facility_id: str, data: AnnouncementCreate, now: dt.datetime, by: Principal,
    directory: Directory, keep_arrived: bool = False, action: str = "publish_announcement",
) -> tuple[Announcement, int]:
    """Publish; with how many bookings a closure cancelled. `keep_arrived`: only
    those not yet checked in (closing a queue early: those already there are served)."""
    check(directory=directory, facility_id=facility_id, data=data, now=now)
    row = AnnouncementRow(
        facility_id=facility_id, service_id=data.service_id, kind=data.kind.value, title=data.title,
        body=data.body, valid_from=data.valid_from, valid_until=data.valid_until, created_at=now,
        created_by=by.name,
    )
    session.add(row)
    session.flush()
    cancelled = 0
    if data.kind is AnnouncementKind.closure:
        days = dates(data.valid_from, data.valid_until)
        close_days(session=session, row=row, days=days)
        cancelled = cancel_bookings_on(
            session=session, directory=directory,
            service_ids=closed_services(directory, facility_id, data.service_id),
            dates=[d for d in days if d >= service_date_of(now)], now=now, by=by, closure=row,
            statuses=NOT_ARRIVED if keep_arrived else NOT_CALLED,
        )
    trail.record(session=session, principal=by, action=action,
                 subject=f"announcement:{row.id}", facility_id=facility_id, at=now,
                 after={**snapshot(row), "cancelled": cancelled})
    tell_open_screens(session=session, row=row, now=now)
    return wire(row), cancelled


def check(
    *, directory: Directory, facility_id: str, data: AnnouncementCreate, now: dt.datetime
) -> None:
    """The rules of an announcement's dates and service (also of a change and a preview)."""
    check_dates(data=data, now=now)
    services = {s.id for s in directory.facilities[facility_id].services}
    if data.service_id is not None and data.service_id not in services:
        raise field_problem(
            "service_id", ErrorCode.service_not_of_facility,
            f"service {data.service_id} is not a service of {facility_id}",
        )


def check_dates(*, data: AnnouncementCreate, now: dt.datetime) -> None:
    """In order, not over, not past the planning horizon (`server.horizon`), and a
    closure no longer than `MAX_CLOSURE_DAYS`."""
    if data.valid_until < data.valid_from:
        raise field_problem(
            "valid_until", ErrorCode.date_range_reversed,
            f"valid_until {data.valid_until} is before valid_from {data.valid_from}",
        )
    if data.valid_until < service_date_of(now):
        raise field_problem("valid_until", ErrorCode.date_in_past, f"{data.valid_until} has passed")
    require_within_horizon(field="valid_until", day=data.valid_until, now=now)
    days = (data.valid_until - data.valid_from).days + 1
    if data.kind is AnnouncementKind.closure and days > MAX_CLOSURE_DAYS:
        raise field_problem(
            "valid_until", ErrorCode.closure_too_long,
            f"a closure covers at most {MAX_CLOSURE_DAYS} days, got {days}", max=MAX_CLOSURE_DAYS,
        )


def dates(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]


def closed_services(directory: Directory, facility_id: str, service_id: int | None) -> list[int]:
    """What a closure closes: the one service it names, or every service of the facility
    but its 24-hour UGD."""
    if service_id is not None:
        return [service_id]
    return [s.id for s in directory.facilities[facility_id].services if not s.always_open]


def close_days(*, session: Session, row: AnnouncementRow, days: list[dt.date]) -> None:
    for day in days:
        session.add(ClosureRow(
            facility_id=row.facility_id, service_id=row.service_id, service_date=day, reason=row.title,
            announcement_id=row.id,
        ))


def not_called_on(
    service_ids: list[int], days: list[dt.date], statuses: tuple[TicketStatus, ...] = NOT_CALLED
) -> Select[str, int, dt.date]:
    """The visits on `days` whose current ticket is at one of `service_ids` in one of
    `statuses`: (booking code, service id, date), in the order they were made."""
    return (
        select(VisitRow.booking_code, TicketRow.service_id, VisitRow.service_date)
        .join(TicketRow, TicketRow.id == VisitRow.current_ticket_id)
        .where(
            TicketRow.service_id.in_(service_ids) & VisitRow.service_date.in_(days)
            & TicketRow.status.in_([s.value for s in statuses])
        )
        .order_by(VisitRow.id)
    )


def cancel_bookings_on(
    *, session: Session, directory: Directory, service_ids: list[int], dates: list[dt.date],
    now: dt.datetime, by: Principal, closure: AnnouncementRow,
    statuses: tuple[TicketStatus, ...] = NOT_CALLED,
) -> int:
    """Cancel the visits not yet called on `dates` (booked or checked in, or as
    `statuses` says) whose current ticket is at one of `service_ids`, each as `by`'s
    action and each marked with the `closure` that cancelled it. How many were
    cancelled."""
    if not dates:
        return 0
    codes = session.scalars(
        not_called_on(service_ids, dates, statuses).with_only_columns(VisitRow.booking_code)
    ).all()
    for code in codes:
        cancel(session=session, directory=directory, code=code, now=now, by=by, closure_id=closure.id)
    return len(codes)


def current(
    *, session: Session, facility_id: str, now: dt.datetime, kecamatan: str | None = None
) -> list[Announcement]:
    """Announcements still valid today or later and not withdrawn, soonest first: the
    facility's own and the regency-wide ones (those of the whole regency, and those of
    its `kecamatan`)."""
    today = service_date_of(now)
    regional = AnnouncementRow.facility_id.is_(None) & (
        AnnouncementRow.kecamatan.is_(None) | (AnnouncementRow.kecamatan == kecamatan)
    )
    rows = session.scalars(
        select(AnnouncementRow)
        .where(((AnnouncementRow.facility_id == facility_id) | regional)
               & (AnnouncementRow.valid_until >= today) & AnnouncementRow.withdrawn_at.is_(None))
        .order_by(AnnouncementRow.valid_from, AnnouncementRow.id)
    )
    return [wire(r) for r in rows]


def managed(*, session: Session, facility_id: str, now: dt.datetime) -> list[Announcement]:
    """What the facility's admin manages: those valid today or later, withdrawn ones
    included (they say so), soonest first."""
    today = service_date_of(now)
    rows = session.scalars(
        select(AnnouncementRow)
        .where((AnnouncementRow.facility_id == facility_id) & (AnnouncementRow.valid_until >= today))
        .order_by(AnnouncementRow.valid_from, AnnouncementRow.id)
    ).all()
    absences: dict[int, int] = {  # which of them tell a doctor's absence (they change in Dokter)
        announcement_id: absence_id for announcement_id, absence_id in session.execute(
            select(DoctorAbsenceRow.announcement_id, DoctorAbsenceRow.id)
            .where(DoctorAbsenceRow.announcement_id.in_([r.id for r in rows])))
    }
    return [wire(r, absences.get(r.id)) for r in rows]


def snapshot(row: AnnouncementRow) -> dict[str, str | int | None]:
    """What the audit trail keeps of an announcement: no text, only its shape."""
    return {"kind": row.kind, "service_id": row.service_id, "valid_from": row.valid_from.isoformat(),
            "valid_until": row.valid_until.isoformat(),
            "withdrawn_at": row.withdrawn_at.isoformat() if row.withdrawn_at else None}


def wire(row: AnnouncementRow, absence_id: int | None = None) -> Announcement:
    return Announcement(
        id=row.id, facility_id=row.facility_id, service_id=row.service_id, kind=AnnouncementKind(row.kind),
        title=row.title, body=row.body, valid_from=row.valid_from, valid_until=row.valid_until,
        created_at=row.created_at, withdrawn_at=row.withdrawn_at, kecamatan=row.kecamatan,
        absence_id=absence_id,
    )
