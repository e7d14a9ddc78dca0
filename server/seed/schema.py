"""The shape of the seed file `rembang.yaml`: one editable file for Dinkes.

Every facility, its opening hours, its services (poli) with queue prefix and
daily quotas, and its doctors' schedules. A field listed in `unconfirmed` was
not confirmed by a public source and should be checked by Dinkes.
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


class DoctorSeed(_Strict):
    name: str
    schedule: WeekHours
    unconfirmed: list[str] = Field(default_factory=list)


class ServiceSeed(_Strict):
    code: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    kind: ServiceKind
    prefix: str = Field(pattern=r"^[A-Z]{1,2}$")
    online: bool = Field(description="bookable online (app, web) up to 7 days ahead")
    walkin: bool = Field(description="offered as a walk-in tile on the kiosk and at the loket")
    quota_jkn: int = Field(ge=0, description="online bookings per day for JKN (BPJS) patients")
    quota_non_jkn: int = Field(ge=0, description="online bookings per day for non-JKN patients")
    quota_walkin: int = Field(ge=0, description="walk-in numbers per day (kiosk, loket)")
    avg_service_minutes: float = Field(gt=0, le=240)
    hours: WeekHours | None = Field(default=None, description="if it differs from the facility's")
    doctors: list[DoctorSeed] = Field(default_factory=list)
    unconfirmed: list[str] = Field(default_factory=list)


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
