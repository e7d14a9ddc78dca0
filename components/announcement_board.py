"""The admin's announcements and closures, as observable data with methods (no Flet
page needed): the facility's current and coming announcements (withdrawn ones too),
a draft being written or changed, what it would do (the service's dry run), and a
withdrawal being considered.

Nothing is published, changed or withdrawn before its preview is on screen: a draft
whose fields change after its preview must be previewed again (a closure's new dates
close and reopen other days), and a withdrawal shows first which days reopen and how
many cancelled bookings stay cancelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

import flet as ft
from pydantic import ValidationError

from api_client import ApiClient
from api_client.models import (
    Announcement,
    AnnouncementChange,
    AnnouncementCreate,
    AnnouncementImpact,
    AnnouncementKind,
    Facility,
    FacilityDetail,
)
from session import rembang_clock
from session.form_requests import FormRequests

"""An error code and its params (translated by `session.i18n.error_message`)."""


@dataclass(frozen=True)
class Draft:
    """An announcement being written (`editing` None) or changed (its id)."""

    valid_from: dt.date
    valid_until: dt.date
    kind: AnnouncementKind = AnnouncementKind.closure
    service_id: int | None = None
    title: str = ""
    body: str = ""
    editing: int | None = None

    def create(self) -> AnnouncementCreate:
        return AnnouncementCreate(
            kind=self.kind, service_id=self.service_id, title=self.title, body=self.body,
            valid_from=self.valid_from, valid_until=self.valid_until,
        )

    def change(self) -> AnnouncementChange:
        return AnnouncementChange(
            title=self.title, body=self.body, valid_from=self.valid_from, valid_until=self.valid_until,
        )


@dataclass(frozen=True)
class Done:
    """What the last action did, for the notice line: published, changed, withdrawn."""

    kind: str
    title: str
    params: dict[str, Any] = field(default_factory=dict)


@ft.observable
class AnnouncementBoard(FormRequests):
    def __init__(
        self,
        client: ApiClient,
        *,
        facility_id: str | None,
        on_signed_out: Callable[[], Awaitable[None]],
        now: Callable[[], dt.datetime] = rembang_clock.now,
    ) -> None:
        """`facility_id` None: Dinkes, who picks the facility first."""
        super().__init__(on_signed_out)
        self._client = client
        self._now = now
        self.own_facility = facility_id
        self.facility_id = facility_id
        self.facilities: list[Facility] = []  # Dinkes's choice
        self.facility: FacilityDetail | None = None
        self.items: list[Announcement] | None = None
        self.draft: Draft | None = None
        self.impact: AnnouncementImpact | None = None  # of the draft as it is now
        self.withdrawing: Announcement | None = None
        self.withdrawal: AnnouncementImpact | None = None
        self.done: Done | None = None

    @property
    def today(self) -> dt.date:
        return self._now().date()

    @property
    def service_names(self) -> dict[int, str]:
        return {s.id: s.name for s in self.facility.services} if self.facility else {}

    # ------------------------------------------------------------------ reading

    async def load(self) -> None:
        if self.own_facility is None and not self.facilities:
            if not await self._ask(self._load_facilities):
                return
        if self.facility_id is None:
            return
        await self._ask(self._load_announcements)

    async def _load_facilities(self) -> None:
        self.facilities = list(await self._client.facilities.list())

    async def _load_announcements(self) -> None:
        assert self.facility_id is not None
        if self.facility is None or self.facility.id != self.facility_id:
            self.facility = await self._client.facilities.get(self.facility_id)
        self.items = list(await self._client.announcements.managed(self.facility_id))

    async def choose_facility(self, facility_id: str) -> None:
        """Dinkes: the facility whose announcements to manage."""
        self.facility_id, self.facility, self.items = facility_id, None, None
        self.draft, self.withdrawing, self.done = None, None, None
        await self.load()

    # ------------------------------------------------------------------ writing

    def write(self) -> None:
        """A new draft: a closure of the whole facility, today."""
        self._start(Draft(valid_from=self.today, valid_until=self.today))

    def edit(self, announcement: Announcement) -> None:
        self._start(Draft(
            kind=announcement.kind, service_id=announcement.service_id, title=announcement.title,
            body=announcement.body, valid_from=announcement.valid_from,
            valid_until=announcement.valid_until, editing=announcement.id,
        ))

    def _start(self, draft: Draft) -> None:
        self.draft, self.impact, self.field_errors, self.problem = draft, None, {}, None
        self.withdrawing, self.withdrawal, self.done = None, None, None

    def set(self, **changes: Any) -> None:
        """Change the draft; its preview no longer holds."""
        if self.draft is None:
            return
        self.draft = replace(self.draft, **changes)
        self.impact = None
        self.field_errors = {k: v for k, v in self.field_errors.items() if k not in changes}
        self.problem = None

    def close_draft(self) -> None:
        if not self.busy:
            self.draft, self.impact, self.field_errors = None, None, {}

    async def preview(self) -> None:
        """What the draft would do (nothing is written)."""
        draft = self.draft
        if draft is None or self.facility_id is None or self.busy:
            return
        facility_id = self.facility_id
        try:
            draft.create() if draft.editing is None else draft.change()  # the rules, before sending
        except ValidationError as err:
            self.field_errors = {
                str(e["loc"][0]): (str(e["type"]), dict(e.get("ctx") or {})) for e in err.errors()
            }
            return

        async def ask() -> None:
            if draft.editing is None:
                self.impact = await self._client.announcements.preview(facility_id, draft.create())
            else:
                self.impact = await self._client.announcements.preview_change(
                    facility_id, draft.editing, draft.change())

        await self._ask(ask)

    async def publish(self) -> None:
        """Publish the previewed draft, or save the previewed change."""
        draft = self.draft
        if draft is None or self.impact is None or self.facility_id is None or self.busy:
            return
        facility_id = self.facility_id

        async def ask() -> None:
            if draft.editing is None:
                await self._client.staff.publish_announcement(facility_id, draft.create())
                self.done = Done("published", draft.title, self._counts())
            else:
                await self._client.announcements.change(facility_id, draft.editing, draft.change())
                self.done = Done("changed", draft.title, self._counts())
            self.draft, self.impact = None, None
            await self._load_announcements()

        await self._ask(ask)

    def _counts(self) -> dict[str, Any]:
        impact = self.impact or AnnouncementImpact()
        return {"cancelled": sum(d.bookings for d in impact.cancels), "reopened": len(impact.reopens)}

    # ------------------------------------------------------------------ withdrawing

    async def ask_withdrawal(self, announcement: Announcement) -> None:
        if self.facility_id is None or self.busy:
            return
        facility_id = self.facility_id
        self.draft, self.impact, self.done = None, None, None
        self.withdrawing, self.withdrawal = announcement, None

        async def ask() -> None:
            self.withdrawal = await self._client.announcements.preview_withdrawal(
                facility_id, announcement.id)

        await self._ask(ask)

    def keep(self) -> None:
        if not self.busy:
            self.withdrawing, self.withdrawal = None, None

    async def withdraw(self) -> None:
        chosen, impact = self.withdrawing, self.withdrawal
        if chosen is None or impact is None or self.facility_id is None or self.busy:
            return
        facility_id = self.facility_id

        async def ask() -> None:
            await self._client.announcements.withdraw(facility_id, chosen.id)
            self.done = Done("withdrawn", chosen.title, {
                "reopened": len(impact.reopens), "stay_cancelled": impact.stay_cancelled,
            })
            self.withdrawing, self.withdrawal = None, None
            await self._load_announcements()

        await self._ask(ask)

    # ------------------------------------------------------------------ plumbing
