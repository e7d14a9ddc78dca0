"""The facility directory held in memory: small, read on every request, changed rarely.

`Directory.load(session)` reads it once; the service reloads it after a change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.models import (
    Facility,
    FacilityDetail,
    FacilityType,
    OpeningHours,
    Service,
    ServiceKind,
)
from server.clock import WIB, at_minute, hhmm, service_date_of
from server.doctors.roster import Roster
from server.facilities.calendar import closed_reason
from server.facilities.quotas import SINCE_EVER, Quotas, ServiceSetting, in_force, week
from server.facilities.tables import (
    ClosureRow,
    FacilityRow,
    HoursRow,
    ServiceRow,
    ServiceSettingRow,
)

HoursByWeekday = dict[int, tuple[int, int]]


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    facility_id: str
    code: str
    name: str
    kind: ServiceKind
    prefix: str
    online: bool
    walkin: bool
    settings: tuple[ServiceSetting, ...]
    """By `effective_from`: the quotas, minutes and counters of each day (`setting_on`)."""
    hours: HoursByWeekday
    disabled: bool = False

    def setting_on(self, day: dt.date) -> ServiceSetting:
        return in_force(self.settings, day)

    def quotas_on(self, day: dt.date) -> Quotas:
        """The JKN, non-JKN and walk-in quotas of `day` (its version, its weekday)."""
        return self.setting_on(day).quotas(day.weekday())

    @property
    def always_open(self) -> bool:
        return all(self.hours.get(d) == (0, 1440) for d in range(7))

    def wire(self, day: dt.date) -> Service:
        """As the service is on `day` (its average minutes and counters then)."""
        setting = self.setting_on(day)
        return Service(
            id=self.id,
            facility_id=self.facility_id,
            code=self.code,
            name=self.name,
            kind=self.kind,
            prefix=self.prefix,
            online=self.online,
            walkin=self.walkin,
            avg_service_minutes=setting.avg_service_minutes,
            hours=_wire_hours(self.hours),
            counters=list(setting.counters),
        )


@dataclass(frozen=True)
class FacilityInfo:
    row: Facility  # `open_now` in it is a placeholder; see Directory.facility
    hours: HoursByWeekday
    services: list[ServiceInfo]


@dataclass
class Directory:
    facilities: dict[str, FacilityInfo] = field(default_factory=dict)
    services: dict[int, ServiceInfo] = field(default_factory=dict)
    closures: dict[str | None, dict[dt.date, str]] = field(default_factory=dict)
    """Regional (key None) and facility-wide closed days."""
    service_closures: dict[int, dict[dt.date, str]] = field(default_factory=dict)
    """Closed days that name one service (the only ones that close a 24-hour UGD)."""
    roster: Roster = field(default_factory=Roster)
    """The doctors and their absences, for a booking that names its doctor."""

    @classmethod
    def load(cls, session: Session) -> Directory:
        hours: dict[tuple[str, int | None], HoursByWeekday] = {}
        for h in session.scalars(select(HoursRow)):
            hours.setdefault((h.facility_id, h.service_id), {})[h.weekday] = (
                h.opens_minute,
                h.closes_minute,
            )
        closures: dict[str | None, dict[dt.date, str]] = {}
        service_closures: dict[int, dict[dt.date, str]] = {}
        for c in session.scalars(select(ClosureRow)):
            if c.service_id is not None:
                service_closures.setdefault(c.service_id, {})[c.service_date] = c.reason
            else:
                closures.setdefault(c.facility_id, {})[c.service_date] = c.reason
        versions: dict[int, list[ServiceSetting]] = {}
        for v in session.scalars(select(ServiceSettingRow).order_by(ServiceSettingRow.effective_from)):
            versions.setdefault(v.service_id, []).append(setting_of(v))
        directory = cls(closures=closures, service_closures=service_closures,
                        roster=Roster.load(session))
        for f in session.scalars(select(FacilityRow).order_by(FacilityRow.name)):
            f_hours = hours.get((f.id, None), {})
            every = [
                _service_info(s, hours.get((f.id, s.id), f_hours), versions.get(s.id, []))
                for s in session.scalars(
                    select(ServiceRow).where(ServiceRow.facility_id == f.id).order_by(ServiceRow.id)
                )
            ]
            services = [s for s in every if not s.disabled]
            directory.facilities[f.id] = FacilityInfo(
                row=Facility(
                    id=f.id,
                    name=f.name,
                    type=FacilityType(f.type),
                    kecamatan=f.kecamatan,
                    kecamatan_code=f.kecamatan_code,
                    address=f.address,
                    phone=f.phone,
                    lat=f.lat,
                    lon=f.lon,
                    hours=_wire_hours(f_hours),
                    open_now=False,
                    unconfirmed=list(f.unconfirmed or []),
                ),
                hours=f_hours,
                services=services,
            )
            for s in every:  # a disabled service's tickets still find it
                directory.services[s.id] = s
        return directory

    # -- open and closed

    def closures_for(self, facility_id: str) -> dict[dt.date, str]:
        """The regional and facility-wide closed days (not those of one service)."""
        return {**self.closures.get(None, {}), **self.closures.get(facility_id, {})}

    def closures_of_services(self, facility_id: str) -> list[tuple[int, dt.date, str]]:
        """(service id, day, reason) of the closures that name one of the facility's services."""
        return [
            (s.id, day, reason)
            for s in self.facilities[facility_id].services
            for day, reason in self.service_closures.get(s.id, {}).items()
        ]

    def service_closed_reason(self, service: ServiceInfo, day: dt.date) -> str | None:
        """A 24-hour service (the UGD) closes only for a closure that names it."""
        return closed_reason(
            day,
            hours_by_weekday=service.hours,
            closures=self.closures_for(service.facility_id),
            own_closures=self.service_closures.get(service.id),
            emergency=service.always_open,
        )

    def service_open_at(self, service: ServiceInfo, moment: dt.datetime) -> bool:
        local = moment.astimezone(WIB)
        if self.service_closed_reason(service, local.date()) is not None:
            return False
        opens, closes = service.hours[local.weekday()]
        minute = local.hour * 60 + local.minute
        return opens <= minute < closes

    def service_opens_at(self, service: ServiceInfo, day: dt.date) -> dt.datetime | None:
        span = service.hours.get(day.weekday())
        return at_minute(day, span[0]) if span else None

    def emergency_open_at(self, facility_id: str, moment: dt.datetime) -> bool:
        """Its 24-hour UGD is open (holidays and facility closures included)."""
        return any(
            s.always_open and self.service_open_at(s, moment) for s in self.facilities[facility_id].services
        )

    def facility_hours_open_at(self, facility_id: str, moment: dt.datetime) -> bool:
        """Within the facility's own hours, on a day it is not closed."""
        info = self.facilities[facility_id]
        local = moment.astimezone(WIB)
        if closed_reason(
            local.date(), hours_by_weekday=info.hours, closures=self.closures_for(facility_id)
        ):
            return False
        opens, closes = info.hours[local.weekday()]
        minute = local.hour * 60 + local.minute
        return opens <= minute < closes

    # -- wire views

    def facility(self, facility_id: str, now: dt.datetime) -> Facility:
        info = self.facilities[facility_id]
        own = self.facility_hours_open_at(facility_id, now)
        emergency = self.emergency_open_at(facility_id, now)
        return info.row.model_copy(
            update={"open_now": own or emergency, "only_emergency_now": emergency and not own}
        )

    def facility_detail(self, facility_id: str, now: dt.datetime) -> FacilityDetail:
        info = self.facilities[facility_id]
        return FacilityDetail(
            **self.facility(facility_id, now).model_dump(),
            services=[s.wire(service_date_of(now)) for s in info.services],
        )


def _service_info(s: ServiceRow, hours: HoursByWeekday, versions: list[ServiceSetting]) -> ServiceInfo:
    """Before its first version (every day, for a service seeded after migration 0018
    and not changed since), the service row's daily quotas hold."""
    base = ServiceSetting(
        effective_from=SINCE_EVER, quota_jkn=(s.quota_jkn,) * 7, quota_non_jkn=(s.quota_non_jkn,) * 7,
        quota_walkin=(s.quota_walkin,) * 7, avg_service_minutes=s.avg_service_minutes,
    )
    return ServiceInfo(
        id=s.id,
        facility_id=s.facility_id,
        code=s.code,
        name=s.name,
        kind=ServiceKind(s.kind),
        prefix=s.prefix,
        online=s.online and not s.disabled,
        walkin=s.walkin and not s.disabled,
        settings=tuple(versions) if versions and versions[0].effective_from <= SINCE_EVER
        else (base, *versions),
        hours=hours,
        disabled=s.disabled,
    )


def setting_of(v: ServiceSettingRow) -> ServiceSetting:
    return ServiceSetting(
        effective_from=v.effective_from, quota_jkn=week(v.quota_jkn),
        quota_non_jkn=week(v.quota_non_jkn), quota_walkin=week(v.quota_walkin),
        avg_service_minutes=v.avg_service_minutes, counters=tuple(v.counters or ()),
    )


def _wire_hours(hours: HoursByWeekday) -> list[OpeningHours]:
    return [
        OpeningHours(weekday=d, opens=hhmm(o), closes=hhmm(c)) for d, (o, c) in sorted(hours.items())
    ]
