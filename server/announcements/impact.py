"""What an announcement would do before it is done (the console's preview): which
bookings a closure would cancel, per service and date, which days a change or a
withdrawal would reopen, and how many bookings the closure already cancelled on them
(they stay cancelled). A dry run: nothing is written. Numbers only, never who."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api_client.models import (
    AffectedDay,
    AnnouncementChange,
    AnnouncementCreate,
    AnnouncementImpact,
    AnnouncementKind,
    RegionalAnnouncementCreate,
    TicketStatus,
)
from server.announcements.changes import as_created, closed_days, day_changes, find
from server.announcements.regional import check_regional, covered
from server.announcements.service import (
    NOT_ARRIVED,
    NOT_CALLED,
    check,
    closed_services,
    dates,
    not_called_on,
)
from server.announcements.tables import AnnouncementRow
from server.clock import service_date_of
from server.facilities.directory import Directory, ServiceInfo
from server.queue.tables import TicketRow, VisitRow


def of_publish(
    *, session: Session, directory: Directory, facility_id: str, data: AnnouncementCreate, now: dt.datetime
) -> AnnouncementImpact:
    check(directory=directory, facility_id=facility_id, data=data, now=now)
    if data.kind is not AnnouncementKind.closure:
        return AnnouncementImpact()
    today = service_date_of(now)
    days = [d for d in dates(data.valid_from, data.valid_until) if d >= today]
    return AnnouncementImpact(
        cancels=_cancels(session, closed_services(directory, facility_id, data.service_id), days),
        stays_open=_stays_open(directory, facility_id, data.service_id),
    )


def of_regional(
    *, session: Session, directory: Directory, data: RegionalAnnouncementCreate, now: dt.datetime
) -> AnnouncementImpact:
    """A regency-wide announcement: the bookings a closure would cancel at every facility
    it covers (all of them, or one kecamatan's), and their 24-hour services left open."""
    check_regional(directory=directory, data=data, now=now)
    if data.kind is not AnnouncementKind.closure:
        return AnnouncementImpact()
    today = service_date_of(now)
    days = [d for d in dates(data.valid_from, data.valid_until) if d >= today]
    facilities = covered(directory, data.kecamatan)
    return AnnouncementImpact(
        cancels=_cancels(session, [s for f in facilities for s in closed_services(directory, f, None)], days),
        stays_open=[s for f in facilities for s in _stays_open(directory, f, None)],
    )


def of_change(
    *, session: Session, directory: Directory, facility_id: str, announcement_id: int,
    data: AnnouncementChange, now: dt.datetime,
) -> AnnouncementImpact:
    row = find(session=session, facility_id=facility_id, announcement_id=announcement_id, now=now)
    check(directory=directory, facility_id=facility_id, data=as_created(row, data), now=now)
    if row.kind != AnnouncementKind.closure.value:
        return AnnouncementImpact()
    close, reopen = day_changes(session, row, data, service_date_of(now))
    services = closed_services(directory, facility_id, row.service_id)
    return AnnouncementImpact(
        cancels=_cancels(session, services, close), reopens=reopen,
        stay_cancelled=_cancelled_by(session, row, services, reopen),
        stays_open=_stays_open(directory, facility_id, row.service_id),
    )


def of_withdrawal(
    *, session: Session, directory: Directory, facility_id: str, announcement_id: int, now: dt.datetime
) -> AnnouncementImpact:
    row = find(session=session, facility_id=facility_id, announcement_id=announcement_id, now=now)
    if row.kind != AnnouncementKind.closure.value:
        return AnnouncementImpact()
    reopen = sorted(closed_days(session, row, since=service_date_of(now)))
    services = closed_services(directory, facility_id, row.service_id)
    return AnnouncementImpact(reopens=reopen, stay_cancelled=_cancelled_by(session, row, services, reopen))


def of_closing_early(*, session: Session, service: ServiceInfo, now: dt.datetime) -> AnnouncementImpact:
    """Today's bookings not yet arrived are cancelled; those checked in are still served."""
    today = [service_date_of(now)]
    waiting = session.scalar(
        select(func.count()).select_from(
            not_called_on([service.id], today, (TicketStatus.checked_in,)).subquery()
        )
    )
    return AnnouncementImpact(cancels=_cancels(session, [service.id], today, NOT_ARRIVED),
                              keeps_serving=waiting or 0)


def _cancels(
    session: Session, service_ids: list[int], days: list[dt.date],
    statuses: tuple[TicketStatus, ...] = NOT_CALLED,
) -> list[AffectedDay]:
    if not days:
        return []
    rows = session.execute(not_called_on(service_ids, days, statuses))
    counted = Counter((row[1], row[2]) for row in rows)
    return [AffectedDay(service_id=s, service_date=d, bookings=n)
            for (s, d), n in sorted(counted.items(), key=lambda item: (item[0][1], item[0][0]))]


def _cancelled_by(session: Session, row: AnnouncementRow, service_ids: list[int], days: list[dt.date]) -> int:
    """The bookings on `days` cancelled since the closure was published (it cancelled
    them: nobody could book or cancel a closed day after that)."""
    if not days:
        return 0
    return session.scalar(
        select(func.count()).select_from(VisitRow)
        .join(TicketRow, TicketRow.id == VisitRow.current_ticket_id)
        .where(TicketRow.service_id.in_(service_ids) & VisitRow.service_date.in_(days)
               & (TicketRow.status == TicketStatus.cancelled.value)
               & (TicketRow.finished_at >= row.created_at))
    ) or 0


def _stays_open(directory: Directory, facility_id: str, service_id: int | None) -> list[int]:
    if service_id is not None:
        return []
    return [s.id for s in directory.facilities[facility_id].services if s.always_open]
