"""Fill an empty database from `rembang.yaml`, and add the demo accounts.

Runs on every start; does nothing when facilities already exist.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.clock import minute_of_day
from server.facilities.quotas import SINCE_EVER
from server.facilities.tables import (
    ClosureRow,
    DoctorRow,
    DoctorScheduleRow,
    FacilityRow,
    HoursRow,
    ServiceRow,
    ServiceSettingRow,
)
from server.seed.schema import SeedFile, ServiceSeed, WeekHours
from server.staff.passwords import hash_password
from server.staff.tables import KioskDeviceRow, StaffAccountRow

SEED_FILE = Path(__file__).with_name("rembang.yaml")
DEMO_PASSWORD = "rembang-demo"  # noqa: S105 - documented demo credential, off in production
STAFF_ROLES = ("loket", "poli", "apotek", "admin")


def read_seed(path: Path = SEED_FILE) -> SeedFile:
    return SeedFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def demo_kiosk_key(facility_id: str) -> str:
    return f"demo-kiosk-{facility_id}"


def kiosk_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def seed_if_empty(*, session: Session, demo: bool, path: Path = SEED_FILE) -> bool:
    """Insert the seed file (and demo accounts) into an empty database. True if it did."""
    if session.scalar(select(func.count()).select_from(FacilityRow)):
        return False
    seed = read_seed(path)
    for f in seed.facilities:
        session.add(
            FacilityRow(
                id=f.id,
                name=f.name,
                type=f.type,
                kecamatan=f.kecamatan,
                kecamatan_code=f.kecamatan_code,
                address=f.address,
                phone=f.phone,
                lat=f.lat,
                lon=f.lon,
                unconfirmed=list(f.unconfirmed),
            )
        )
        _add_hours(session, f.id, None, f.hours)
        session.flush()
        for s in f.services:
            service = ServiceRow(
                facility_id=f.id,
                code=s.code,
                name=s.name,
                kind=s.kind,
                prefix=s.prefix,
                online=s.online,
                walkin=s.walkin,
                quota_jkn=s.quotas("jkn")[0],
                quota_non_jkn=s.quotas("non_jkn")[0],
                quota_walkin=s.quotas("walkin")[0],
                avg_service_minutes=s.avg_service_minutes,
                unconfirmed=list(s.unconfirmed),
                disabled=s.disabled,
            )
            session.add(service)
            session.flush()
            _add_settings(session, service.id, s)
            if s.hours is not None:
                _add_hours(session, f.id, service.id, s.hours)
            for d in s.doctors:
                doctor = DoctorRow(
                    facility_id=f.id, service_id=service.id, name=d.name, sip=d.sip,
                    unconfirmed=list(d.unconfirmed),
                )
                session.add(doctor)
                session.flush()
                for weekday, span in _spans(d.schedule):
                    session.add(
                        DoctorScheduleRow(
                            doctor_id=doctor.id, weekday=weekday,
                            starts_minute=span[0], ends_minute=span[1],
                        )
                    )
    for closure in seed.extra_closures:
        session.add(ClosureRow(facility_id=None, service_date=closure.date, reason=closure.name))
    if demo:
        _add_demo_accounts(session, [f.id for f in seed.facilities])
    session.flush()
    return True


def _add_settings(session: Session, service_id: int, s: ServiceSeed) -> None:
    """Quotas that differ by weekday, or named counters, are a settings version in
    force since ever (server/facilities/quotas.py); plain daily quotas need none."""
    weeks = [s.quotas(pool) for pool in ("jkn", "non_jkn", "walkin")]
    if all(len(set(w)) == 1 for w in weeks) and not s.counters:
        return
    session.add(ServiceSettingRow(
        service_id=service_id, effective_from=SINCE_EVER, quota_jkn=weeks[0], quota_non_jkn=weeks[1],
        quota_walkin=weeks[2], avg_service_minutes=s.avg_service_minutes, counters=list(s.counters),
        created_at=dt.datetime.now(dt.UTC), created_by="seed",
    ))


def _spans(hours: WeekHours) -> list[tuple[int, tuple[int, int]]]:
    out = []
    for weekday in range(7):
        value = hours.for_weekday(weekday)
        if value:
            opens, closes = value.split("-")
            out.append((weekday, (minute_of_day(opens), minute_of_day(closes))))
    return out


def _add_hours(session: Session, facility_id: str, service_id: int | None, hours: WeekHours) -> None:
    for weekday, (opens, closes) in _spans(hours):
        session.add(
            HoursRow(
                facility_id=facility_id, service_id=service_id, weekday=weekday,
                opens_minute=opens, closes_minute=closes,
            )
        )


def _add_demo_accounts(session: Session, facility_ids: list[str]) -> None:
    password_hash = hash_password(DEMO_PASSWORD)  # one hash: argon2 is slow on purpose
    session.add(StaffAccountRow(
        username="dinkes", password_hash=password_hash, role="admin", facility_id=None, demo=True
    ))
    for facility_id in facility_ids:
        for role in STAFF_ROLES:
            session.add(StaffAccountRow(
                username=f"{role}.{facility_id}", password_hash=password_hash,
                role=role, facility_id=facility_id, demo=True,
            ))
        session.add(KioskDeviceRow(
            facility_id=facility_id, name="Kiosk lobi (demo)",
            key_hash=kiosk_key_hash(demo_kiosk_key(facility_id)), demo=True,
        ))
