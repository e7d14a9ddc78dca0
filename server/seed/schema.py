"""The shape of the seed file `rembang.yaml`: one editable file for Dinkes.

Every facility, its opening hours, its services (poli) with queue prefix and
daily quotas, and its doctors' schedules. A field listed in `unconfirmed` was
not confirmed by a public source and should be checked by Dinkes.

The same shape is what `python -m server.directory export` writes and `import`
reads (server/directory/): a quota is a number for every day or one per weekday
(`{mon: 30, ..., sun: 0}`), a service may be `disabled` and name its `counters`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$")

FacilityType = Literal["puskesmas", "rumah_sakit"]
ServiceKind = Literal["loket", "poli", "lab", "apotek", "ugd"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_hours(value: str | None) -> str | None:
    if value is not None and not _HOURS.match(value):
        raise ValueError(f"hours must look like '07:30-12:00', got {value!r}")
    if value is not None:
        opens, closes = value.split("-")
        if closes <= opens:
            raise ValueError(f"hours must close after they open, got {value!r}")
    return value


class WeekHours(_Strict):
    """Opening hours per weekday, `HH:MM-HH:MM` (WIB), or null when closed."""

    mon: str | None = None
    tue: str | None = None
    wed: str | None = None
    thu: str | None = None
    fri: str | None = None
    sat: str | None = None
    sun: str | None = None

    _valid = field_validator(*WEEKDAYS)(_check_hours)

    def for_weekday(self, weekday: int) -> str | None:
        """Hours on `weekday` (0 = Monday, as `date.weekday()`)."""
        hours: str | None = getattr(self, WEEKDAYS[weekday])
        return hours


class WeekQuota(_Strict):
    """A quota per weekday (all seven days given)."""

    mon: int = Field(ge=0, le=9999)
    tue: int = Field(ge=0, le=9999)
    wed: int = Field(ge=0, le=9999)
    thu: int = Field(ge=0, le=9999)
    fri: int = Field(ge=0, le=9999)
    sat: int = Field(ge=0, le=9999)
    sun: int = Field(ge=0, le=9999)


Quota = int | WeekQuota


def quota_week(value: Quota) -> list[int]:
    """Seven numbers, Monday first."""
    if isinstance(value, int):
        return [value] * 7
    return [getattr(value, day) for day in WEEKDAYS]


def quota_of(week: list[int]) -> Quota:
    """A number when every day has the same, else one per weekday."""
    if len(set(week)) == 1:
        return week[0]
    return WeekQuota(**dict(zip(WEEKDAYS, week, strict=True)))


class DoctorSeed(_Strict):
    name: str
    sip: str | None = Field(default=None, description="Surat Izin Praktik number, when known")
    schedule: WeekHours
    unconfirmed: list[str] = Field(default_factory=list)


class ServiceSeed(_Strict):
    code: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    kind: ServiceKind
    prefix: str = Field(pattern=r"^[A-Z]{1,2}$")
    online: bool = Field(description="bookable online (app, web) up to 7 days ahead")
    walkin: bool = Field(description="offered as a walk-in tile on the kiosk and at the loket")
    quota_jkn: Quota = Field(description="online bookings per day for JKN (BPJS) patients")
    quota_non_jkn: Quota = Field(description="online bookings per day for non-JKN patients")
    quota_walkin: Quota = Field(description="walk-in numbers per day (kiosk, loket)")
    avg_service_minutes: float = Field(gt=0, le=240)
    counters: list[str] = Field(default_factory=list, description="who calls it: 'Ruang 1', ...")
    disabled: bool = Field(default=False, description="offered no more; its tickets stay")
    hours: WeekHours | None = Field(default=None, description="if it differs from the facility's")
    doctors: list[DoctorSeed] = Field(default_factory=list)
    unconfirmed: list[str] = Field(default_factory=list)

    @field_validator("quota_jkn", "quota_non_jkn", "quota_walkin")
    @classmethod
    def _quota_in_range(cls, value: Quota) -> Quota:
        if isinstance(value, int) and not 0 <= value <= 9999:
            raise ValueError(f"a quota must be 0 to 9999, got {value}")
        return value

    def quotas(self, pool: str) -> list[int]:
        """The quota of `pool` ('jkn', 'non_jkn', 'walkin') per weekday, Monday first."""
        return quota_week(getattr(self, f"quota_{pool}"))


class FacilitySeed(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    type: FacilityType
    kecamatan: str
    kecamatan_code: str = Field(pattern=r"^33\.17\.\d{2}$")
    address: str
    phone: str
    lat: float = Field(ge=-7.2, le=-6.4)
    lon: float = Field(ge=111.0, le=111.9)
    hours: WeekHours
    services: list[ServiceSeed]
    unconfirmed: list[str] = Field(default_factory=list)
    source: str = Field(default="", description="where the confirmed facts come from")

    @model_validator(mode="after")
    def _unique_services(self) -> FacilitySeed:
        codes = [s.code for s in self.services]
        prefixes = [s.prefix for s in self.services]
        if len(set(codes)) != len(codes):
            raise ValueError(f"{self.id}: service codes repeat: {codes}")
        if len(set(prefixes)) != len(prefixes):
            raise ValueError(f"{self.id}: queue prefixes repeat: {prefixes}")
        return self


class ExtraClosure(_Strict):
    """A day closed on top of the national calendar (cuti bersama, regional)."""

    date: dt.date
    name: str


class SeedFile(_Strict):
    facilities: list[FacilitySeed]
    extra_closures: list[ExtraClosure] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_facilities(self) -> SeedFile:
        ids = [f.id for f in self.facilities]
        if len(set(ids)) != len(ids):
            raise ValueError(f"facility ids repeat: {ids}")
        return self
