"""The booking window: which dates can be booked, and which still have room."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from api_client.models import DayAvailability, ErrorCode, Payer, ServiceAvailability
from server.clock import WIB, at_minute, service_date_of
from server.errors import ApiProblem, field_problem
from server.facilities.directory import Directory, ServiceInfo
from server.queue.allocation import quota_left


def window(now: dt.datetime, days_ahead: int) -> list[dt.date]:
    today = service_date_of(now)
    return [today + dt.timedelta(days=i) for i in range(days_ahead + 1)]


def require_bookable_day(
    directory: Directory, service: ServiceInfo, day: dt.date, *, now: dt.datetime, days_ahead: int
) -> None:
    """Refuse dates outside today..today+days_ahead, closed days, and today after closing."""
    today = service_date_of(now)
    last = today + dt.timedelta(days=days_ahead)
    if day < today or day > last:
        raise field_problem(
            "service_date", ErrorCode.date_outside_window,
            f"bookings are for {today} to {last}, got {day}",
            first=today.isoformat(), last=last.isoformat(),
        )
    if reason := directory.service_closed_reason(service, day):
        raise ApiProblem(
            409, ErrorCode.service_closed, f"service {service.id} is closed on {day}: {reason}"
        )
    if day == today:
        _, closes = service.hours[day.weekday()]
        if now.astimezone(WIB) >= at_minute(day, closes):
            raise ApiProblem(
                409, ErrorCode.service_closed, f"service {service.id} has closed for today"
            )


def availability(
    *, session: Session, directory: Directory, service: ServiceInfo, now: dt.datetime,
    days_ahead: int,
) -> ServiceAvailability:
    days = window(now, days_ahead)
    left = quota_left(session=session, service=service, days=days)
    out = []
    for day in days:
        reason = directory.service_closed_reason(service, day)
        if reason is None and day == days[0]:
            _, closes = service.hours[day.weekday()]
            if now.astimezone(WIB) >= at_minute(day, closes):
                reason = "closed_for_today"
        quota_jkn, left_jkn, quota_non, left_non = left[day]
        out.append(
            DayAvailability(
                service_date=day,
                open=reason is None and service.online,
                closed_reason=reason,
                quota_jkn=quota_jkn,
                left_jkn=left_jkn if reason is None else 0,
                quota_non_jkn=quota_non,
                left_non_jkn=left_non if reason is None else 0,
            )
        )
    return ServiceAvailability(service_id=service.id, days=out)


def next_available(
    *, session: Session, directory: Directory, service: ServiceInfo, payer: Payer, 
    after: dt.date, now: dt.datetime, days_ahead: int, limit: int = 3,
) -> list[dt.date]:
    """The next open dates in the window that still have room for `payer`."""
    result = availability(
        session=session, directory=directory, service=service, now=now, days_ahead=days_ahead
    )
    return [
        d.service_date
        for d in result.days
        if d.service_date > after and d.open
        and (d.left_jkn if payer is Payer.jkn else d.left_non_jkn) > 0
    ][:limit]
