"""A service's quotas per weekday, average minutes and counters, changed from a date on.

A change is a new version (`service_setting`) in force from its `effective_from`
(today or later) until the next version's date. The quota counters of the days it
covers (`service_day`) take the new quotas in the same transaction, after a check:
lowering a quota below what is already booked for a day is refused for that day,
with the date and the count (422 `quota_below_booked`, one field error per day and
pool). The open days of the booking window that have no counter yet get one with the
new quotas, so an instance that has not yet reloaded the directory cannot create one with
the old quotas. Numbers already issued never change: the counters keep their
`last_number`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.models import (
    ErrorCode,
    FieldError,
    ServiceQuotas,
    ServiceSettingsChange,
    ServiceSettingsVersion,
)
from server.audit import trail
from server.clock import service_date_of
from server.errors import ApiProblem, field_problem
from server.events.outbox import record_events
from server.facilities.directory import Directory, ServiceInfo
from server.facilities.quotas import ServiceSetting, week
from server.facilities.tables import ServiceSettingRow
from server.horizon import require_within_horizon
from server.queue.allocation import ensure_service_day
from server.queue.tables import ServiceDayRow
from server.staff.auth import Principal

POOLS = ("jkn", "non_jkn", "walkin")


def change_settings(
    *, session: Session, directory: Directory, service: ServiceInfo, data: ServiceSettingsChange,
    now: dt.datetime, by: Principal, days_ahead: int,
) -> None:
    today = service_date_of(now)
    if data.effective_from < today:
        raise field_problem("effective_from", ErrorCode.date_in_past,
                            f"effective_from {data.effective_from} is before today {today}",
                            today=today.isoformat())
    require_within_horizon(field="effective_from", day=data.effective_from, now=now)
    _counters_unique(data.counters)
    new = _setting(data.effective_from, data)
    later = [v.effective_from for v in service.settings if v.effective_from > data.effective_from]
    until = min(later) if later else None  # the next version's date: this one ends there
    last_open = today + dt.timedelta(days=days_ahead)
    day = data.effective_from
    while day <= last_open and (until is None or day < until):
        if directory.service_closed_reason(service, day) is None:  # bookable: counted from now on
            ensure_service_day(session=session, service=service, day=day, quotas=new.quotas(day.weekday()))
        day += dt.timedelta(days=1)
    _apply_to_counted_days(session, service, new, until)
    before = service.setting_on(data.effective_from)
    add_version(session=session, service_id=service.id, effective_from=data.effective_from, data=data,
                now=now, by=by)
    trail.record(session=session, principal=by, action="change_service_settings",
                 subject=f"service:{service.id}", facility_id=service.facility_id, at=now,
                 before=snapshot(before), after={**snapshot(new), "until": str(until or "")})
    tell_screens(session=session, facility_id=service.facility_id, service_ids=[service.id], now=now)


def _apply_to_counted_days(
    session: Session, service: ServiceInfo, new: ServiceSetting, until: dt.date | None
) -> None:
    query = select(ServiceDayRow).where((ServiceDayRow.service_id == service.id)
                                        & (ServiceDayRow.service_date >= new.effective_from))
    if until is not None:
        query = query.where(ServiceDayRow.service_date < until)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    days = session.scalars(query.order_by(ServiceDayRow.service_date)).all()
    refused: list[FieldError] = []
    for row in days:
        quotas = new.quotas(row.service_date.weekday())
        for pool in POOLS:
            booked, quota = getattr(row, f"used_{pool}"), getattr(quotas, pool)
            if booked > quota:
                refused.append(FieldError(
                    field=f"quota_{pool}.{row.service_date.weekday()}", code=ErrorCode.quota_below_booked,
                    message=f"{booked} {pool} places are already booked on {row.service_date}: "
                            f"the quota cannot be {quota}",
                    params={"date": row.service_date.isoformat(), "booked": booked, "quota": quota},
                ))
    if refused:
        raise ApiProblem(
            422, ErrorCode.validation_failed,
            "a quota may not go below what is already booked: "
            + "; ".join(f.message for f in refused),
            fields=refused,
        )
    for row in days:
        quotas = new.quotas(row.service_date.weekday())
        row.quota_jkn, row.quota_non_jkn, row.quota_walkin = quotas.jkn, quotas.non_jkn, quotas.walkin


def add_version(
    *, session: Session, service_id: int, effective_from: dt.date, data: ServiceQuotas,
    now: dt.datetime, by: Principal,
) -> None:
    """A second change for the same date replaces that date's version."""
    row = session.scalar(select(ServiceSettingRow).where(
        (ServiceSettingRow.service_id == service_id) & (ServiceSettingRow.effective_from == effective_from)
    ))
    if row is None:
        row = ServiceSettingRow(service_id=service_id, effective_from=effective_from)
        session.add(row)
    row.quota_jkn, row.quota_non_jkn = list(data.quota_jkn), list(data.quota_non_jkn)
    row.quota_walkin, row.avg_service_minutes = list(data.quota_walkin), data.avg_service_minutes
    row.counters, row.created_at, row.created_by = list(data.counters), now, by.name
    session.flush()


def versions_ahead(rows: Sequence[ServiceSettingRow], today: dt.date) -> list[ServiceSettingsVersion]:
    """The version in force today, then the later ones (`rows` by date)."""
    current = [r for r in rows if r.effective_from <= today][-1:]
    return [
        ServiceSettingsVersion(
            effective_from=r.effective_from, quota_jkn=r.quota_jkn, quota_non_jkn=r.quota_non_jkn,
            quota_walkin=r.quota_walkin, avg_service_minutes=r.avg_service_minutes,
            counters=r.counters or [], created_by=r.created_by, created_at=r.created_at,
        )
        for r in [*current, *(r for r in rows if r.effective_from > today)]
    ]


def version_of(setting: ServiceSetting) -> ServiceSettingsVersion:
    """A version the service row itself holds (no change made yet)."""
    return ServiceSettingsVersion(
        effective_from=setting.effective_from, quota_jkn=list(setting.quota_jkn),
        quota_non_jkn=list(setting.quota_non_jkn), quota_walkin=list(setting.quota_walkin),
        avg_service_minutes=setting.avg_service_minutes, counters=list(setting.counters),
    )


def tell_screens(
    *, session: Session, facility_id: str, service_ids: Sequence[int], now: dt.datetime
) -> None:
    """A `reconfigured` event per service: the open screens read the directory again."""
    if not service_ids:
        return
    today = service_date_of(now)
    record_events(session=session, events=[
        {"facility_id": facility_id, "service_id": sid, "service_date": today, "type": "reconfigured",
         "display_number": "", "counter": None, "at": now, "now_calling": None, "waiting": None}
        for sid in service_ids
    ])


def week_text(values: Sequence[int]) -> str:
    return ",".join(str(v) for v in values)


def snapshot(setting: ServiceSetting) -> dict[str, str | float]:
    return {"effective_from": setting.effective_from.isoformat(),
            "quota_jkn": week_text(setting.quota_jkn), "quota_non_jkn": week_text(setting.quota_non_jkn),
            "quota_walkin": week_text(setting.quota_walkin),
            "avg_service_minutes": setting.avg_service_minutes, "counters": ",".join(setting.counters)}


def _setting(effective_from: dt.date, data: ServiceQuotas) -> ServiceSetting:
    return ServiceSetting(
        effective_from=effective_from, quota_jkn=week(data.quota_jkn), quota_non_jkn=week(data.quota_non_jkn),
        quota_walkin=week(data.quota_walkin), avg_service_minutes=data.avg_service_minutes,
        counters=tuple(data.counters),
    )


def _counters_unique(counters: Sequence[str]) -> None:
    seen: set[str] = set()
    for i, name in enumerate(counters):
        if name.lower() in seen:
            raise field_problem(f"counters.{i}", ErrorCode.counter_repeated,
                                f"counter {name!r} is named twice", counter=name)
        seen.add(name.lower())

