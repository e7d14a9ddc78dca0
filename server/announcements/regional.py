"""Regency-wide announcements, Dinkes's alone: for every facility (cuti bersama) or
for one kecamatan's (a flood in Sedan). They have no facility; each facility's
readers see them among its own. A regional closure closes every service but the
24-hour UGD of each facility it covers, and cancels their bookings not yet called,
each ticket then showing its reason, as a facility's closure does
(`server.announcements.service`). Withdrawing it reopens its days from today on; what
it cancelled stays cancelled. It cannot name a service, and its dates cannot be
changed (withdraw it and publish another)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.models import Announcement, AnnouncementKind, ErrorCode, RegionalAnnouncementCreate
from server.announcements import changes
from server.announcements.heard import tell_open_screens
from server.announcements.service import (
    cancel_bookings_on,
    check_dates,
    closed_services,
    dates,
    snapshot,
    wire,
)
from server.announcements.tables import AnnouncementRow
from server.audit import trail
from server.clock import service_date_of
from server.errors import field_problem
from server.facilities.directory import Directory
from server.facilities.tables import ClosureRow
from server.staff.auth import Principal


def publish(
    *, session: Session, directory: Directory, data: RegionalAnnouncementCreate, now: dt.datetime,
    by: Principal,
) -> Announcement:
    kecamatan = check_regional(directory=directory, data=data, now=now)
    row = AnnouncementRow(
        facility_id=None, kecamatan=kecamatan, service_id=None, kind=data.kind.value, title=data.title,
        body=data.body, valid_from=data.valid_from, valid_until=data.valid_until, created_at=now,
        created_by=by.name,
    )
    session.add(row)
    session.flush()
    cancelled = 0
    if data.kind is AnnouncementKind.closure:
        days = dates(data.valid_from, data.valid_until)
        facilities = covered(directory, kecamatan)
        for day in days:  # the whole regency: one row a day, as a cuti bersama of the seed
            for facility_id in facilities if kecamatan else [None]:
                session.add(ClosureRow(facility_id=facility_id, service_id=None, service_date=day,
                                       reason=row.title, announcement_id=row.id))
        cancelled = cancel_bookings_on(
            session=session, directory=directory,
            service_ids=[s for f in facilities for s in closed_services(directory, f, None)],
            dates=[d for d in days if d >= service_date_of(now)], now=now, by=by, closure=row,
        )
    trail.record(session=session, principal=by, action="publish_regional_announcement",
                 subject=f"announcement:{row.id}", at=now,
                 after={**snapshot(row), "kecamatan": kecamatan, "cancelled": cancelled})
    tell_open_screens(session=session, row=row, now=now)
    return wire(row)


def check_regional(*, directory: Directory, data: RegionalAnnouncementCreate, now: dt.datetime) -> str | None:
    """Its dates as any announcement's, no service, a kecamatan that has a facility:
    that kecamatan as the directory spells it (None: every facility)."""
    check_dates(data=data, now=now)
    if data.service_id is not None:
        raise field_problem("service_id", ErrorCode.service_not_of_facility,
                            f"a regency-wide announcement names no service, got {data.service_id}")
    return _kecamatan(directory, data.kecamatan)


def managed(*, session: Session, now: dt.datetime) -> list[Announcement]:
    """Dinkes's: those valid today or later, withdrawn ones included, soonest first."""
    rows = session.scalars(
        select(AnnouncementRow)
        .where(AnnouncementRow.facility_id.is_(None) & (AnnouncementRow.valid_until >= service_date_of(now)))
        .order_by(AnnouncementRow.valid_from, AnnouncementRow.id)
    )
    return [wire(r) for r in rows]


def withdraw(*, session: Session, announcement_id: int, now: dt.datetime, by: Principal) -> Announcement:
    """A facility's announcement answers as unknown here (and a regional one there)."""
    return changes.withdraw(session=session, facility_id=None, announcement_id=announcement_id, now=now,
                            by=by)


def covered(directory: Directory, kecamatan: str | None) -> list[str]:
    """The facilities a regional announcement reaches."""
    return [f for f, info in directory.facilities.items() if kecamatan in (None, info.row.kecamatan)]


def _kecamatan(directory: Directory, name: str | None) -> str | None:
    """The kecamatan as the directory spells it; one without a facility is refused."""
    if name is None:
        return None
    known = {info.row.kecamatan.lower(): info.row.kecamatan for info in directory.facilities.values()}
    if name.strip().lower() not in known:
        raise field_problem("kecamatan", ErrorCode.kecamatan_unknown,
                            f"no facility in kecamatan {name!r}", kecamatan=name)
    return known[name.strip().lower()]
