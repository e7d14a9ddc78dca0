"""The differences between the directory as it is and as a file wants it.

Each `Edit` names what changes and how; the run applies the `added`, `changed` and
`removed` ones (server/directory/apply.py), reports the `kept` ones (what the tool
does not do, and why) and refuses the whole file for a `refused` one."""

from __future__ import annotations

import datetime as dt

from server.directory.changes import Change, Edit
from server.directory.doctors import doctor_edits
from server.errors import ApiProblem
from server.facilities.directory import Directory
from server.facilities.edits import KECAMATAN, facility_phone
from server.seed.schema import (
    WEEKDAYS,
    FacilitySeed,
    Quota,
    SeedFile,
    ServiceSeed,
    WeekHours,
    WeekQuota,
    quota_week,
)

FACILITY_AT_ONCE = ("name", "address", "phone", "kecamatan", "lat", "lon", "hours")
SERVICE_AT_ONCE = ("name", "prefix", "online", "walkin", "disabled")
SERVICE_FROM_DATE = ("quota_jkn", "quota_non_jkn", "quota_walkin", "avg_service_minutes", "counters")


def differences(current: SeedFile, wanted: SeedFile, *, today: dt.date) -> list[Edit]:
    edits: list[Edit] = []
    have = {f.id: f for f in current.facilities}
    for f in wanted.facilities:
        if f.id not in have:
            edits.append(
                Edit(
                    Change.refused,
                    f.id,
                    what="facility",
                    after="a new facility is not added from a file (not in the directory)",
                )
            )
            continue
        edits += _facility(have[f.id], f)
    wanted_ids = {f.id for f in wanted.facilities}
    edits += [
        Edit(
            Change.kept,
            f.id,
            what="facility",
            after="missing from the file; a facility is never removed by the tool",
        )
        for f in current.facilities
        if f.id not in wanted_ids
    ]
    edits += _closures(current, wanted, today=today)
    return edits


def _facility(now: FacilitySeed, want: FacilitySeed) -> list[Edit]:
    edits = [
        Edit(
            Change.changed,
            want.id,
            what=name,
            before=_text(getattr(now, name)),
            after=_text(getattr(want, name)),
        )
        for name in FACILITY_AT_ONCE
        if getattr(now, name) != (_phone(want.phone) if name == "phone" else getattr(want, name))
    ]
    if want.type != now.type:
        edits.append(
            Edit(
                Change.refused,
                want.id,
                what="type",
                after=f"a facility's type cannot change ({now.type} -> {want.type})",
            )
        )
    if KECAMATAN.get(want.kecamatan) not in (None, want.kecamatan_code):
        edits.append(
            Edit(
                Change.refused,
                want.id,
                what="kecamatan_code",
                after=f"kecamatan {want.kecamatan} is {KECAMATAN[want.kecamatan]}, not {want.kecamatan_code}",
            )
        )
    edits += _marks(want.id, None, now.unconfirmed, want.unconfirmed, confirmable=True)
    have = {s.code: s for s in now.services}
    for s in want.services:
        if s.code in have:
            edits += _service(want.id, have[s.code], s)
        else:
            edits.append(
                Edit(
                    Change.added,
                    want.id,
                    s.code,
                    what="service",
                    after=f"{s.name} ({s.prefix}), {_quotas(s)}" + (", disabled" if s.disabled else ""),
                )
            )
    codes = {s.code for s in want.services}
    edits += [
        Edit(
            Change.removed,
            want.id,
            s.code,
            what="service",
            before=f"{s.name}: disabled (not deleted; its tickets stay)",
        )
        for s in now.services
        if s.code not in codes and not s.disabled
    ]
    return edits


def _service(facility_id: str, now: ServiceSeed, want: ServiceSeed) -> list[Edit]:
    edits = [
        Edit(
            Change.changed,
            facility_id,
            want.code,
            what=name,
            before=(_quota_text if name.startswith("quota_") else _text)(getattr(now, name)),
            after=(_quota_text if name.startswith("quota_") else _text)(getattr(want, name)),
        )
        for name in (*SERVICE_AT_ONCE, *SERVICE_FROM_DATE, "hours")
        if _value(getattr(now, name)) != _value(getattr(want, name))
    ]
    if want.kind != now.kind:
        edits.append(
            Edit(
                Change.refused,
                facility_id,
                want.code,
                what="kind",
                after=f"a service's kind cannot change ({now.kind} -> {want.kind}); "
                "add a new service instead",
            )
        )
    edits += _marks(facility_id, want.code, now.unconfirmed, want.unconfirmed, confirmable=False)
    edits += doctor_edits(facility_id, want.code, now.doctors, want.doctors)
    return edits


def _marks(
    facility_id: str, code: str | None, now: list[str], want: list[str], *, confirmable: bool
) -> list[Edit]:
    """A facility's marks missing from the file are confirmed; nothing else about marks
    is applied."""
    edits = []
    cleared = [m for m in now if m not in want]
    if confirmable and cleared:
        edits.append(
            Edit(
                Change.changed,
                facility_id,
                code,
                what="unconfirmed",
                before=", ".join(now),
                after=", ".join(m for m in now if m in want) or "none",
            )
        )
    added = [m for m in want if m not in now]
    if added or (cleared and not confirmable):
        why = (
            "a mark once confirmed is not set again"
            if confirmable
            else "only a facility's marks are confirmed (admin face)"
        )
        edits.append(
            Edit(
                Change.kept,
                facility_id,
                code,
                what="unconfirmed",
                after=f"{', '.join(want) or 'none'} not applied: {why}",
            )
        )
    return edits


def _closures(current: SeedFile, wanted: SeedFile, *, today: dt.date) -> list[Edit]:
    have = {c.date: c.name for c in current.extra_closures if c.date >= today}
    want = {c.date: c.name for c in wanted.extra_closures}
    past = sum(day < today for day in want)
    edits = [
        Edit(Change.kept, None, what="closures", after=f"{past} days before {today}: the past is not changed")
    ]
    edits = edits if past else []
    for day in sorted(d for d in want if d >= today):
        if day not in have:
            edits.append(Edit(Change.added, None, what=f"closure {day}", after=want[day]))
        elif have[day] != want[day]:
            edits.append(Edit(Change.changed, None, what=f"closure {day}", before=have[day], after=want[day]))
    edits += [
        Edit(Change.removed, None, what=f"closure {day}", before=have[day])
        for day in sorted(have)
        if day not in want
    ]
    return edits


def _phone(text: str) -> str:
    """As the directory keeps it (E.164), so `0295 691234` is no change from `+62295691234`;
    one the screens refuse is shown as written and refused when applied."""
    try:
        return facility_phone(text)
    except ApiProblem:
        return text


def _value(value: object) -> object:
    """Quotas compare per weekday: `30` is `{mon: 30, ..., sun: 30}`."""
    if isinstance(value, WeekQuota) or (isinstance(value, int) and not isinstance(value, bool)):
        return quota_week(value)
    return value


def _quotas(s: ServiceSeed) -> str:
    return (
        f"quota_jkn {_quota_text(s.quota_jkn)}, quota_non_jkn {_quota_text(s.quota_non_jkn)}, "
        f"quota_walkin {_quota_text(s.quota_walkin)}"
    )


def _text(value: object) -> str:
    if value is None:
        return "none (as the facility)"
    if isinstance(value, WeekHours):
        return " ".join(f"{day} {getattr(value, day) or 'closed'}" for day in WEEKDAYS)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    if isinstance(value, WeekQuota):
        return week_text(quota_week(value))
    return str(value)


def _quota_text(value: Quota) -> str:
    return week_text(quota_week(value))


def week_text(week: list[int]) -> str:
    if len(set(week)) == 1:
        return f"{week[0]} every day"
    return " ".join(f"{day} {n}" for day, n in zip(WEEKDAYS, week, strict=True))


def planned_later(edits: list[Edit], *, directory: Directory, on: dt.date) -> list[Edit]:
    """A note per service whose settings change from `on` while a version planned in the
    admin face starts later: that one still takes over on its date."""
    ids = {(s.facility_id, s.code): s for s in directory.services.values()}
    notes = []
    for facility_id, code in dict.fromkeys(
        (e.facility_id, e.service_code) for e in edits if e.what in SERVICE_FROM_DATE and e.service_code
    ):
        service = ids.get((facility_id or "", code or ""))
        later = [v.effective_from for v in service.settings if v.effective_from > on] if service else []
        if later:
            notes.append(
                Edit(
                    Change.kept,
                    facility_id,
                    code,
                    what="settings",
                    after=f"apply from {on} until {min(later)}, when the version planned then "
                    "takes over (change that one in the admin face)",
                )
            )
    return notes
