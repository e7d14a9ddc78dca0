"""Changing and withdrawing a published announcement.

A closure's days are the `ClosureRow`s it made. A change of its dates closes the new
days (cancelling the bookings on them, as publishing does) and reopens the days from
today on that it no longer covers; a withdrawal reopens every day from today on. Days
already past stay as they were (what happened, happened), and so do the bookings the
closure cancelled: a cancelled booking is never revived, its patient books again."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.orm import Session

from api_client.models import (
    Announcement,
    AnnouncementChange,
    AnnouncementCreate,
    AnnouncementKind,
    ErrorCode,
)
from server.announcements.heard import tell_open_screens
from server.announcements.service import (
    cancel_bookings_on,
    check,
    close_days,
    closed_services,
    dates,
    snapshot,
    wire,
)
from server.announcements.tables import AnnouncementRow
from server.audit import trail
from server.clock import service_date_of
from server.doctors.tables import DoctorAbsenceRow
from server.errors import ApiProblem, not_found
from server.facilities.directory import Directory
from server.facilities.tables import ClosureRow
from server.staff.auth import Principal


def find(
    *, session: Session, facility_id: str | None, announcement_id: int, now: dt.datetime,
    of_absence: bool = False,
) -> AnnouncementRow:
    """A live announcement of this facility (None: a regency-wide one): one of another
    answers as unknown; a withdrawn or ended one cannot change any more. One a doctor's
    absence published changes only with the absence (`of_absence`: the absence's own
    withdrawal); on its own it is refused (409 `announcement_of_absence`), so the
    absence and what the patients read never disagree."""
    row = session.get(AnnouncementRow, announcement_id)
    if row is None or row.facility_id != facility_id:
        raise not_found(ErrorCode.announcement_not_found, announcement_id)
    if row.withdrawn_at is not None:
        raise ApiProblem(409, ErrorCode.announcement_withdrawn,
                         f"announcement {announcement_id} was withdrawn at {row.withdrawn_at.isoformat()}")
    if row.valid_until < service_date_of(now):
        raise ApiProblem(409, ErrorCode.announcement_ended,
                         f"announcement {announcement_id} ended on {row.valid_until}")
    if not of_absence:
        absence = session.scalar(select(DoctorAbsenceRow.id).where(
            DoctorAbsenceRow.announcement_id == row.id))
        if absence is not None:
            raise ApiProblem(409, ErrorCode.announcement_of_absence,
                             f"announcement {announcement_id} tells doctor absence {absence}: change or "
                             "withdraw the absence (Dokter), not its announcement")
    return row


def as_created(row: AnnouncementRow, data: AnnouncementChange) -> AnnouncementCreate:
    """The announcement as it would be after `data` (its kind and service stay)."""
    return AnnouncementCreate(
        kind=AnnouncementKind(row.kind), service_id=row.service_id, title=data.title, body=data.body,
        valid_from=data.valid_from, valid_until=data.valid_until,
    )


def closed_days(session: Session, row: AnnouncementRow, *, since: dt.date) -> set[dt.date]:
    """The days from `since` on that this closure keeps closed."""
    return set(session.scalars(
        select(ClosureRow.service_date).where(_of(row) & (ClosureRow.service_date >= since))
    ))


def day_changes(
    session: Session, row: AnnouncementRow, data: AnnouncementChange, today: dt.date
) -> tuple[list[dt.date], list[dt.date]]:
    """(days to close, days to reopen) if a closure's dates became `data`'s, from today on."""
    before = closed_days(session, row, since=today)
    after = {d for d in dates(data.valid_from, data.valid_until) if d >= today}
    return sorted(after - before), sorted(before - after)


def change(
    *, session: Session, directory: Directory, facility_id: str, announcement_id: int,
    data: AnnouncementChange, now: dt.datetime, by: Principal,
) -> Announcement:
    row = find(session=session, facility_id=facility_id, announcement_id=announcement_id, now=now)
    check(directory=directory, facility_id=facility_id, data=as_created(row, data), now=now)
    before = snapshot(row)
    cancelled, reopened = 0, 0
    if row.kind == AnnouncementKind.closure.value:
        close, reopen = day_changes(session, row, data, service_date_of(now))
        session.execute(delete(ClosureRow).where(_of(row) & ClosureRow.service_date.in_(reopen)))
        session.execute(update(ClosureRow).where(_of(row)).values(reason=data.title, announcement_id=row.id))
        row.title = data.title
        close_days(session=session, row=row, days=close)
        cancelled = cancel_bookings_on(
            session=session, directory=directory,
            service_ids=closed_services(directory, facility_id, row.service_id), dates=close, now=now, by=by,
            closure=row,
        )
        reopened = len(reopen)
    row.title, row.body = data.title, data.body
    row.valid_from, row.valid_until = data.valid_from, data.valid_until
    trail.record(session=session, principal=by, action="change_announcement",
                 subject=f"announcement:{row.id}", facility_id=facility_id, at=now, before=before,
                 after={**snapshot(row), "cancelled": cancelled, "reopened_days": reopened})
    tell_open_screens(session=session, row=row, now=now)
    return wire(row)


def withdraw(
    *, session: Session, facility_id: str | None, announcement_id: int, now: dt.datetime, by: Principal,
    of_absence: bool = False,
) -> Announcement:
    """Take it back: it is no longer shown, and a closure's days from today on reopen.
    The bookings it cancelled stay cancelled. `of_absence`: the doctor's absence that
    published it is withdrawn (`server.doctors.absences.withdraw`)."""
    row = find(session=session, facility_id=facility_id, announcement_id=announcement_id, now=now,
               of_absence=of_absence)
    before = snapshot(row)
    reopened = 0
    if row.kind == AnnouncementKind.closure.value:
        reopen = sorted(closed_days(session, row, since=service_date_of(now)))
        session.execute(delete(ClosureRow).where(_of(row) & ClosureRow.service_date.in_(reopen)))
        reopened = len(reopen)
    row.withdrawn_at, row.withdrawn_by = now, by.name
    trail.record(session=session, principal=by, action="withdraw_announcement",
                 subject=f"announcement:{row.id}", facility_id=facility_id, at=now, before=before,
                 after={**snapshot(row), "reopened_days": reopened})
    tell_open_screens(session=session, row=row, now=now)
    return wire(row)


def _of(row: AnnouncementRow) -> ColumnElement[bool]:
    """The closed days this announcement made (before migration 0015 they carried no
    link: those of its facility, service and dates with its title as their reason; a
    regency-wide one is newer than that)."""
    if row.facility_id is None:
        return ClosureRow.announcement_id == row.id
    unlinked = (
        ClosureRow.announcement_id.is_(None) & (ClosureRow.facility_id == row.facility_id)
        & (ClosureRow.service_id.is_(None) if row.service_id is None
           else ClosureRow.service_id == row.service_id)
        & ClosureRow.service_date.between(row.valid_from, row.valid_until) & (ClosureRow.reason == row.title)
    )
    return (ClosureRow.announcement_id == row.id) | unlinked
