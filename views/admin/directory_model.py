"""The directory desk of the admin face, as observable data with methods (no Flet page
needed): the facility as its admin edits it (facts, hours, unconfirmed marks), its
services (name, prefix, online, walk-in, disabled) and their settings from a date
(quotas per weekday, average minutes, counters), and a new service.

Every change goes to the service, which checks it; its refusals land on the form's
fields (`field_errors`, by the service's field path) or the problem line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

import flet as ft
from pydantic import ValidationError

from api_client import ApiClient
from api_client.models import (
    Facility,
    FacilityAdmin,
    FacilityChange,
    OpeningHours,
    ServiceAdmin,
    ServiceChange,
    ServiceCreate,
    ServiceKind,
    ServiceSettingsChange,
)
from session import rembang_clock
from session.form_requests import FormRequests

POOLS = ("quota_jkn", "quota_non_jkn", "quota_walkin")
FACTS = ("name", "address", "phone", "kecamatan", "lat", "lon")


@dataclass(frozen=True)
class SettingsForm:
    """A service's settings being changed (`service_id`), or a new service's (None)."""

    effective_from: dt.date
    quotas: dict[str, list[str]]  # pool → 7 typed numbers, Monday first
    minutes: str
    counters: str  # names, one per line or comma
    service_id: int | None = None
    name: str = ""
    prefix: str = ""
    code: str = ""
    kind: ServiceKind = ServiceKind.poli
    online: bool = True
    walkin: bool = True

    def values(self) -> dict[str, Any]:
        counters = [c.strip() for c in self.counters.replace("\n", ",").split(",") if c.strip()]
        return {**{pool: [_number(v) for v in self.quotas[pool]] for pool in POOLS},
                "avg_service_minutes": _number(self.minutes, float), "counters": counters}


def _number(text: str, kind: type = int) -> Any:
    try:
        return kind(text.strip().replace(",", "."))
    except ValueError:
        return text  # the model names what is wrong


def settings_form(service: ServiceAdmin, effective_from: dt.date) -> SettingsForm:
    """The service's settings as they will be on `effective_from` (the version then)."""
    current = [v for v in service.settings if v.effective_from <= effective_from][-1:] or service.settings[:1]
    v = current[0]
    return SettingsForm(
        effective_from=effective_from, service_id=service.id, name=service.name, prefix=service.prefix,
        code=service.code, kind=service.kind, online=service.online, walkin=service.walkin,
        quotas={pool: [str(n) for n in getattr(v, pool)] for pool in POOLS},
        minutes=f"{v.avg_service_minutes:g}", counters=", ".join(v.counters),
    )


def blank_form(effective_from: dt.date) -> SettingsForm:
    return SettingsForm(effective_from=effective_from, quotas={pool: ["0"] * 7 for pool in POOLS},
                        minutes="10", counters="", name="", prefix="", code="")


@dataclass
class Done:
    kind: str  # "facility", "confirmed", "service", "settings", "created", "disabled", "enabled"
    params: dict[str, Any] = field(default_factory=dict)


@ft.observable
class DirectoryDesk(FormRequests):
    def __init__(
        self, client: ApiClient, *, facility_id: str | None, expired: Callable[[], Awaitable[None]],
        now: Callable[[], dt.datetime] = rembang_clock.now,
    ) -> None:
        """`facility_id` None: Dinkes, who picks the facility first."""
        super().__init__(expired)
        self._client = client
        self._now = now
        self.own_facility = facility_id
        self.facility_id = facility_id
        self.facilities: list[Facility] = []
        self.data: FacilityAdmin | None = None
        self.facts: dict[str, str] = {}
        self.hours: dict[int, tuple[str, str] | None] = {}
        self.form: SettingsForm | None = None
        self.done: Done | None = None

    @property
    def today(self) -> dt.date:
        return self._now().date()

    # ------------------------------------------------------------------ reading

    async def load(self) -> None:
        if self.own_facility is None and not self.facilities:
            if not await self._ask(self._load_facilities):
                return
        if self.facility_id is not None:
            await self._ask(self._load)

    async def _load_facilities(self) -> None:
        self.facilities = list(await self._client.facilities.list())

    async def _load(self) -> None:
        assert self.facility_id is not None
        self._show(await self._client.directory_admin.get(self.facility_id))

    def _show(self, data: FacilityAdmin) -> None:
        f = data.facility
        self.data = data
        self.facts = {"name": f.name, "address": f.address, "phone": f.phone, "kecamatan": f.kecamatan,
                      "lat": f"{f.lat:g}", "lon": f"{f.lon:g}"}
        self.hours = {d: None for d in range(7)}
        self.hours.update({h.weekday: (h.opens, h.closes) for h in f.hours})

    async def choose_facility(self, facility_id: str) -> None:
        self.facility_id, self.data, self.form, self.done = facility_id, None, None, None
        await self.load()

    # ------------------------------------------------------------------ the facility

    def set_fact(self, name: str, value: str) -> None:
        self.facts = {**self.facts, name: value}
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != name}

    def set_hours(self, weekday: int, span: tuple[str, str] | None) -> None:
        self.hours = {**self.hours, weekday: span}
        self.field_errors = {k: v for k, v in self.field_errors.items() if not k.startswith("hours")}

    async def save_facility(self) -> None:
        if self.facility_id is None or self.busy:
            return
        facility_id = self.facility_id
        try:
            change = FacilityChange(
                **{k: self.facts[k] for k in ("name", "address", "phone", "kecamatan")},
                lat=_number(self.facts["lat"], float), lon=_number(self.facts["lon"], float),
                hours=[OpeningHours(weekday=d, opens=s[0], closes=s[1])
                       for d, s in sorted(self.hours.items()) if s is not None],
            )
        except ValidationError as err:
            self._refused(err)
            return

        async def ask() -> None:
            self._show(await self._client.directory_admin.change_facility(facility_id, change))
            self.done = Done("facility")

        await self._ask(ask)

    async def confirm(self, mark: str) -> None:
        if self.facility_id is None or self.busy:
            return
        facility_id = self.facility_id

        async def ask() -> None:
            self._show(await self._client.directory_admin.confirm(facility_id, mark))
            self.done = Done("confirmed", {"field": mark})

        await self._ask(ask)

    # ------------------------------------------------------------------ services

    def open_service(self, service: ServiceAdmin) -> None:
        self._open(settings_form(service, self.today + dt.timedelta(days=1)))

    def new_service(self) -> None:
        self._open(blank_form(self.today))

    def _open(self, form: SettingsForm) -> None:
        self.form, self.field_errors, self.problem, self.done = form, {}, None, None

    def close_form(self) -> None:
        if not self.busy:
            self.form, self.field_errors = None, {}

    def set_form(self, **changes: Any) -> None:
        if self.form is not None:
            self.form = replace(self.form, **changes)
            self.field_errors = {k: v for k, v in self.field_errors.items()
                                 if k.split(".")[0] not in changes}

    def set_quota(self, pool: str, weekday: int, text: str) -> None:
        if self.form is None:
            return
        week = list(self.form.quotas[pool])
        week[weekday] = text
        self.form = replace(self.form, quotas={**self.form.quotas, pool: week})
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != f"{pool}.{weekday}"}

    async def save_service(self) -> None:
        """Name, prefix, online, walk-in of the open service: at once."""
        form = self.form
        if form is None or form.service_id is None or self.busy:
            return
        sid = form.service_id
        try:
            change = ServiceChange(name=form.name, prefix=form.prefix, online=form.online, walkin=form.walkin)
        except ValidationError as err:
            self._refused(err)
            return

        async def ask() -> None:
            saved = await self._client.directory_admin.change_service(sid, change)
            self.done = Done("service", {"name": saved.name})
            await self._load()

        await self._ask(ask)

    async def save_settings(self) -> None:
        """Quotas, minutes and counters of the open service from the form's date."""
        form = self.form
        if form is None or form.service_id is None or self.busy:
            return
        sid = form.service_id
        try:
            change = ServiceSettingsChange(effective_from=form.effective_from, **form.values())
        except ValidationError as err:
            self._refused(err)
            return

        async def ask() -> None:
            saved = await self._client.directory_admin.change_settings(sid, change)
            self.done = Done("settings", {"name": saved.name, "date": form.effective_from})
            self.form = None
            await self._load()

        await self._ask(ask)

    async def create_service(self) -> None:
        form = self.form
        if form is None or form.service_id is not None or self.facility_id is None or self.busy:
            return
        facility_id = self.facility_id
        try:
            new = ServiceCreate(code=form.code, name=form.name, kind=form.kind, prefix=form.prefix,
                                online=form.online, walkin=form.walkin, **form.values())
        except ValidationError as err:
            self._refused(err)
            return

        async def ask() -> None:
            saved = await self._client.directory_admin.create_service(facility_id, new)
            self.done = Done("created", {"name": saved.name})
            self.form = None
            await self._load()

        await self._ask(ask)

    async def set_disabled(self, service: ServiceAdmin, disabled: bool) -> None:
        if self.busy:
            return

        async def ask() -> None:
            await self._client.directory_admin.change_service(service.id, ServiceChange(disabled=disabled))
            self.done = Done("disabled" if disabled else "enabled", {"name": service.name})
            await self._load()

        await self._ask(ask)

    # ------------------------------------------------------------------ plumbing

    def _refused(self, err: ValidationError) -> None:
        self.field_errors = {
            ".".join(str(p) for p in e["loc"]): (str(e["type"]), dict(e.get("ctx") or {}))
            for e in err.errors()
        }
