"""Apply a file's differences with the rules of the admin screens, in the caller's
one transaction: any refusal (a quota below what is booked, a prefix still held by
issued numbers, a bad phone, ...) raises `Refused` and the caller rolls everything back.

Facility facts, hours, service names, prefixes, online/walk-in and disabling change at
once (server/facilities/edits.py); quotas, average minutes and counters from
`effective_from` (server/facilities/service_settings.py). Every change is audited
under the operator and tells the open screens (`reconfigured`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from api_client.models import (
    FacilityChange,
    OpeningHours,
    ServiceChange,
    ServiceCreate,
    ServiceKind,
    ServiceSettingsChange,
)
from server.audit import trail
from server.directory.changes import Change, Edit
from server.directory.diff import FACILITY_AT_ONCE, SERVICE_AT_ONCE, SERVICE_FROM_DATE
from server.directory.doctors import apply_doctors
from server.errors import ApiProblem
from server.facilities import edits as directory_edits
from server.facilities.directory import Directory
from server.facilities.service_settings import change_settings, tell_screens
from server.facilities.tables import ClosureRow, FacilityRow, HoursRow, ServiceRow
from server.queue.tables import TicketRow
from server.seed.schema import WEEKDAYS, FacilitySeed, SeedFile, ServiceSeed, WeekHours
from server.staff.auth import Principal

ACTIVE = ("booked", "checked_in", "called", "serving")
CLOSURE_ACTIONS = {
    Change.added: "add_closure",
    Change.changed: "change_closure",
    Change.removed: "remove_closure",
}


class Refused(Exception):
    """The file cannot be applied; nothing of it is."""


def apply_edits(
    *,
    session: Session,
    directory: Directory,
    wanted: SeedFile,
    edits: list[Edit],
    effective_from: dt.date,
    now: dt.datetime,
    by: Principal,
    days_ahead: int,
) -> None:
    refused = [e for e in edits if e.change is Change.refused]
    if refused:
        raise Refused("; ".join(f"{e.subject} {e.what}: {e.after}" for e in refused))
    facilities = {f.id: f for f in wanted.facilities}
    applied = [e for e in edits if e.change is not Change.kept]
    for facility_id in dict.fromkeys(e.facility_id for e in applied if e.facility_id is not None):
        mine = [e for e in applied if e.facility_id == facility_id]
        with _subject(facility_id):
            _facility(session, facilities[facility_id], mine, now=now, by=by)
        services = {s.code: s for s in facilities[facility_id].services}
        for code in dict.fromkeys(e.service_code for e in mine if e.service_code is not None):
            with _subject(f"{facility_id}/{code}"):
                _service(
                    session,
                    directory,
                    facility_id,
                    services.get(code),
                    [e for e in mine if e.service_code == code],
                    code=code,
                    effective_from=effective_from,
                    now=now,
                    by=by,
                    days_ahead=days_ahead,
                )
    _closures(
        session,
        {c.date: c.name for c in wanted.extra_closures},
        [e for e in edits if e.facility_id is None and e.change is not Change.kept],
        now=now,
        by=by,
    )


@contextmanager
def _subject(subject: str) -> Iterator[None]:
    try:
        yield
    except ApiProblem as problem:
        raise Refused(f"{subject}: {problem}") from problem
    except ValidationError as problem:  # what the screens' wire models refuse
        wrong = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in problem.errors())
        raise Refused(f"{subject}: {wrong}") from problem


def _facility(
    session: Session, f: FacilitySeed, mine: list[Edit], *, now: dt.datetime, by: Principal
) -> None:
    fields = {e.what for e in mine if e.service_code is None}
    change = {name: getattr(f, name) for name in FACILITY_AT_ONCE if name in fields}
    if "hours" in change:
        change["hours"] = opening_hours(f.hours)
    if change:
        directory_edits.change_facility(
            session=session, facility_id=f.id, data=FacilityChange(**change), now=now, by=by
        )
    if "unconfirmed" in fields:
        for mark in _marks(session, f.id):
            if mark not in f.unconfirmed:
                directory_edits.confirm_mark(session=session, facility_id=f.id, field=mark, now=now, by=by)


def _service(
    session: Session,
    directory: Directory,
    facility_id: str,
    s: ServiceSeed | None,
    mine: list[Edit],
    *,
    code: str,
    effective_from: dt.date,
    now: dt.datetime,
    by: Principal,
    days_ahead: int,
) -> None:
    row = session.scalar(
        select(ServiceRow).where((ServiceRow.facility_id == facility_id) & (ServiceRow.code == code))
    )
    fields = {e.what for e in mine}
    if s is None:  # missing from the file: disabled, never deleted
        assert row is not None
        directory_edits.change_service(
            session=session, service_id=row.id, data=ServiceChange(disabled=True), now=now, by=by
        )
        return
    if row is None:
        row = directory_edits.create_service(
            session=session,
            facility_id=facility_id,
            now=now,
            by=by,
            data=ServiceCreate(
                code=s.code,
                name=s.name,
                kind=ServiceKind(s.kind),
                prefix=s.prefix,
                online=s.online,
                walkin=s.walkin,
                **_settings(s),
            ),
        )
        fields = {name for name, on in (("disabled", s.disabled), ("hours", s.hours is not None)) if on}
        fields |= {f"doctor {d.name}" for d in s.doctors}
    at_once = {name: getattr(s, name) for name in SERVICE_AT_ONCE if name in fields}
    if at_once:
        directory_edits.change_service(
            session=session, service_id=row.id, data=ServiceChange(**at_once), now=now, by=by
        )
    if fields & set(SERVICE_FROM_DATE):
        change_settings(
            session=session,
            directory=directory,
            service=directory.services[row.id],
            data=ServiceSettingsChange(effective_from=effective_from, **_settings(s)),
            now=now,
            by=by,
            days_ahead=days_ahead,
        )
    if "hours" in fields:
        _service_hours(session, row, s.hours, now=now, by=by)
    if any(name.startswith("doctor ") for name in fields):
        apply_doctors(
            session=session, directory=directory, facility_id=facility_id, service_id=row.id,
            want=s.doctors, now=now, by=by,
        )


def _settings(s: ServiceSeed) -> dict[str, Any]:
    return {
        "quota_jkn": s.quotas("jkn"),
        "quota_non_jkn": s.quotas("non_jkn"),
        "quota_walkin": s.quotas("walkin"),
        "avg_service_minutes": s.avg_service_minutes,
        "counters": list(s.counters),
    }


def _service_hours(
    session: Session, row: ServiceRow, hours: WeekHours | None, *, now: dt.datetime, by: Principal
) -> None:
    """A service's own hours (none: the facility's), at once, as a facility's are."""
    before = _hours_text(session, row)
    spans = directory_edits.check_hours(opening_hours(hours)) if hours is not None else {}
    session.execute(delete(HoursRow).where(HoursRow.service_id == row.id))
    session.add_all(
        HoursRow(facility_id=row.facility_id, service_id=row.id, weekday=d, opens_minute=o, closes_minute=c)
        for d, (o, c) in sorted(spans.items())
    )
    session.flush()
    trail.record(
        session=session,
        principal=by,
        action="change_service_hours",
        subject=f"service:{row.id}",
        facility_id=row.facility_id,
        at=now,
        before={"hours": before},
        after={"hours": _hours_text(session, row)},
    )
    tell_screens(session=session, facility_id=row.facility_id, service_ids=[row.id], now=now)


def _hours_text(session: Session, row: ServiceRow) -> str:
    hours = session.scalars(select(HoursRow).where(HoursRow.service_id == row.id).order_by(HoursRow.weekday))
    return " ".join(f"{h.weekday}:{h.opens_minute}-{h.closes_minute}" for h in hours) or "as the facility"


def _closures(
    session: Session, wanted: dict[dt.date, str], edits: list[Edit], *, now: dt.datetime, by: Principal
) -> None:
    """Regency-wide closed days. One that patients already booked, or one published as
    an announcement, is changed in the admin face, which tells the booked patients."""
    for e in edits:
        day = dt.date.fromisoformat(e.what.removeprefix("closure "))
        rows = session.scalars(
            select(ClosureRow).where(
                ClosureRow.facility_id.is_(None)
                & ClosureRow.service_id.is_(None)
                & (ClosureRow.service_date == day)
            )
        ).all()
        if any(r.announcement_id is not None for r in rows):
            raise Refused(
                f"closure {day} was published as an announcement: change or withdraw it in the "
                "admin face, which tells the booked patients"
            )
        booked = (
            session.scalar(
                select(func.count())
                .select_from(TicketRow)
                .where((TicketRow.service_date == day) & TicketRow.status.in_(ACTIVE))
            )
            or 0
        )
        if e.change is Change.added and booked:
            raise Refused(
                f"closure {day}: {booked} tickets are booked for that day; publish it as a "
                "regency-wide closure in the admin face, which tells them"
            )
        for r in rows:
            session.delete(r)
        if e.change is not Change.removed:
            session.add(ClosureRow(facility_id=None, service_date=day, reason=wanted[day]))
        trail.record(
            session=session,
            principal=by,
            action=CLOSURE_ACTIONS[e.change],
            subject=f"closure:{day}",
            at=now,
            before={"reason": e.before} if e.before else None,
            after={"reason": e.after} if e.change is not Change.removed else None,
        )
    session.flush()


def opening_hours(hours: WeekHours) -> list[OpeningHours]:
    out = []
    for weekday, day in enumerate(WEEKDAYS):
        span = getattr(hours, day)
        if span:
            opens, closes = span.split("-")
            out.append(OpeningHours(weekday=weekday, opens=opens, closes=closes))
    return out


def _marks(session: Session, facility_id: str) -> list[str]:
    row = session.get_one(FacilityRow, facility_id)
    return list(row.unconfirmed or [])
