"""Closing one service's queue early for today, from the desk: a closure of that
service for today (no more bookings or walk-ins today), published like any closure,
that cancels the bookings of today not yet checked in with the clerk's reason (their
tickets show it) and leaves those already checked in to be served. The TV and the
apps read it as they read any closure (`GET /facilities/{id}/closures`: this service,
today, the reason; and the facility's announcements)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api_client.models import AnnouncementCreate, AnnouncementKind, ClosedEarly, ErrorCode, TicketStatus
from server.announcements.service import not_called_on, published
from server.clock import service_date_of
from server.errors import ApiProblem
from server.facilities.directory import Directory, ServiceInfo
from server.staff.auth import Principal


def require_open_today(directory: Directory, service: ServiceInfo, now: dt.datetime) -> None:
    """Open today, and not a 24-hour service: the UGD never closes its queue early (a
    closure for a day can still name it, published by an admin)."""
    if service.always_open:
        raise ApiProblem(409, ErrorCode.service_always_open,
                         f"service {service.id} is open day and night; its queue cannot close early")
    today = service_date_of(now)
    if reason := directory.service_closed_reason(service, today):
        raise ApiProblem(409, ErrorCode.service_closed,
                         f"service {service.id} is already closed on {today}: {reason}")


def close_early(
    *, session: Session, directory: Directory, service: ServiceInfo, reason: str, now: dt.datetime,
    by: Principal,
) -> ClosedEarly:
    require_open_today(directory, service, now)
    today = service_date_of(now)
    closure, cancelled = published(
        session=session, facility_id=service.facility_id, directory=directory, now=now, by=by,
        data=AnnouncementCreate(
            kind=AnnouncementKind.closure, service_id=service.id, valid_from=today, valid_until=today,
            title=reason, body=f"{service.name} tutup lebih awal hari ini.",
        ),
        keep_arrived=True, action="close_early",
    )
    still = session.scalar(select(func.count()).select_from(
        not_called_on([service.id], [today], (TicketStatus.checked_in,)).subquery()
    ))
    return ClosedEarly(announcement=closure, cancelled=cancelled, keeps_serving=still or 0)
