"""Today's directory in the seed format (server/seed/schema.py `SeedFile`).

Public facts only: facilities, hours, services with their settings, doctors' names
and schedules, regency-wide closures from today on. No staff account, no key, no
patient, and not who confirmed a mark (`unconfirmed` lists what is still to check)."""

from __future__ import annotations

import datetime as dt
from typing import cast

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.clock import hhmm
from server.directory.doctors import doctor_seeds
from server.facilities.directory import Directory
from server.facilities.tables import ClosureRow, FacilityRow, HoursRow, ServiceRow
from server.seed.schema import (
    WEEKDAYS,
    ExtraClosure,
    FacilitySeed,
    FacilityType,
    SeedFile,
    ServiceKind,
    ServiceSeed,
    WeekHours,
    quota_of,
)

HEADER = """\
# The directory of Layanan Sehat Rembang, written by `python -m server.directory export`
# on {today} (settings in force on {on}). Edit it and apply it with
#   python -m server.directory import FILE --dry-run    # the differences, nothing changed
#   python -m server.directory import FILE              # applied from --effective-from
# Shape: server/seed/schema.py (SeedFile). A quota is a number for every day or one per
# weekday ({{mon: 30, tue: 30, ..., sun: 0}}); hours are WIB, "HH:MM-HH:MM", null = closed.
"""


def current_seed(*, session: Session, directory: Directory, on: dt.date, today: dt.date) -> SeedFile:
    """The directory as a seed file, with each service's settings in force on `on`."""
    hours: dict[tuple[str, int | None], dict[int, str]] = {}
    for h in session.scalars(select(HoursRow)):
        hours.setdefault((h.facility_id, h.service_id), {})[h.weekday] = (
            f"{hhmm(h.opens_minute)}-{hhmm(h.closes_minute)}"
        )
    facilities = []
    for f in session.scalars(select(FacilityRow).order_by(FacilityRow.name)):
        services = []
        for s in session.scalars(
            select(ServiceRow).where(ServiceRow.facility_id == f.id).order_by(ServiceRow.id)
        ):
            setting = directory.services[s.id].setting_on(on) if s.id in directory.services else None
            own = hours.get((f.id, s.id))
            services.append(
                ServiceSeed(
                    code=s.code,
                    name=s.name,
                    kind=cast(ServiceKind, s.kind),
                    prefix=s.prefix,
                    online=s.online,
                    walkin=s.walkin,
                    quota_jkn=quota_of(list(setting.quota_jkn)) if setting else s.quota_jkn,
                    quota_non_jkn=quota_of(list(setting.quota_non_jkn)) if setting else s.quota_non_jkn,
                    quota_walkin=quota_of(list(setting.quota_walkin)) if setting else s.quota_walkin,
                    avg_service_minutes=setting.avg_service_minutes if setting else s.avg_service_minutes,
                    counters=list(setting.counters) if setting else [],
                    disabled=s.disabled,
                    hours=_week(own) if own is not None else None,
                    doctors=doctor_seeds(session, s.id),
                    unconfirmed=list(s.unconfirmed or []),
                )
            )
        facilities.append(
            FacilitySeed(
                id=f.id,
                name=f.name,
                type=cast(FacilityType, f.type),
                kecamatan=f.kecamatan,
                kecamatan_code=f.kecamatan_code,
                address=f.address,
                phone=f.phone,
                lat=f.lat,
                lon=f.lon,
                hours=_week(hours.get((f.id, None), {})),
                services=services,
                unconfirmed=list(f.unconfirmed or []),
            )
        )
    closures = session.scalars(
        select(ClosureRow)
        .where(
            ClosureRow.facility_id.is_(None)
            & ClosureRow.service_id.is_(None)
            & (ClosureRow.service_date >= today)
        )
        .order_by(ClosureRow.service_date)
    )
    return SeedFile(
        facilities=facilities,
        extra_closures=[ExtraClosure(date=c.service_date, name=c.reason) for c in closures],
    )


def seed_yaml(seed: SeedFile, *, today: dt.date, on: dt.date) -> str:
    body: str = yaml.safe_dump(
        seed.model_dump(mode="json", exclude_defaults=True), sort_keys=False, allow_unicode=True, width=100
    )
    return HEADER.format(today=today, on=on) + "\n" + body


def _week(spans: dict[int, str]) -> WeekHours:
    return WeekHours(**{day: spans.get(i) for i, day in enumerate(WEEKDAYS)})
