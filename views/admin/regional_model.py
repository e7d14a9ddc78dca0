"""What the Dinkes officer's regency-wide announcements hold: those published (valid
today or later, withdrawn ones marked), and the one being written: its effect (how many
bookings a closure would cancel, where) checked before it is published."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

import flet as ft

from api_client import ApiClient
from api_client.models import Announcement, AnnouncementImpact, AnnouncementKind, RegionalAnnouncementCreate
from session import rembang_clock
from session.form_requests import FormRequests


@dataclass(frozen=True)
class RegionalDraft:
    kind: AnnouncementKind
    kecamatan: str | None  # None: every facility of the regency
    valid_from: dt.date
    valid_until: dt.date
    title: str = ""
    body: str = ""

    def wire(self) -> RegionalAnnouncementCreate:
        return RegionalAnnouncementCreate(
            kind=self.kind, kecamatan=self.kecamatan, valid_from=self.valid_from,
            valid_until=self.valid_until, title=self.title.strip(), body=self.body.strip(),
        )


@ft.observable
class RegionalBoard(FormRequests):
    def __init__(
        self, client: ApiClient, *, on_signed_out: Callable[[], Awaitable[None]],
        now: Callable[[], dt.datetime] = rembang_clock.now,
    ) -> None:
        super().__init__(on_signed_out)
        self._client = client
        self._now = now
        self.items: list[Announcement] | None = None
        self.kecamatan: list[str] = []
        self.draft: RegionalDraft | None = None
        self.impact: AnnouncementImpact | None = None  # of the draft as it is now
        self.withdrawing: int | None = None  # asked once, withdrawn on the second
        self.done: str | None = None  # "published" or "withdrawn": the notice line

    @property
    def today(self) -> dt.date:
        return self._now().date()

    async def load(self) -> None:
        async def read() -> None:  # the list shows (and its "Tulis" button) once both are read
            kecamatan = sorted({f.kecamatan for f in await self._client.facilities.list()})
            self.items, self.kecamatan = await self._client.announcements.regional(), kecamatan

        await self._ask(read)

    def write(self) -> None:
        tomorrow = self.today + dt.timedelta(days=1)
        self.draft = RegionalDraft(AnnouncementKind.closure, None, tomorrow, tomorrow)
        self.impact, self.field_errors, self.problem, self.done = None, {}, None, None

    def set(self, **changes: object) -> None:
        """A field of the draft changed: what it affects must be checked again."""
        if self.draft is not None:
            self.draft = replace(self.draft, **changes)  # type: ignore[arg-type]
            self.impact = None
            self.field_errors = {k: v for k, v in self.field_errors.items() if k not in changes}

    @property
    def cancels_by_day(self) -> list[tuple[dt.date, int]]:
        """The bookings the checked draft would cancel, each day, every facility together."""
        days: dict[dt.date, int] = {}
        for affected in self.impact.cancels if self.impact else []:
            days[affected.service_date] = days.get(affected.service_date, 0) + affected.bookings
        return sorted(days.items())

    def close_draft(self) -> None:
        if not self.busy:
            self.draft, self.impact, self.field_errors = None, None, {}

    async def preview(self) -> None:
        draft = self.draft
        if draft is None or self.busy:
            return

        async def check() -> None:
            self.impact = await self._client.announcements.preview_regional(draft.wire())

        await self._ask(check)

    async def publish(self) -> None:
        draft = self.draft
        if draft is None or self.impact is None or self.busy:
            return

        async def send() -> None:
            await self._client.announcements.publish_regional(draft.wire())
            self.draft, self.impact, self.done = None, None, "published"
            self.items = await self._client.announcements.regional()

        await self._ask(send)

    async def withdraw(self, announcement_id: int) -> None:
        """The first tap asks; the second withdraws (its days reopen from today on)."""
        if self.busy:
            return
        if self.withdrawing != announcement_id:
            self.withdrawing, self.done = announcement_id, None
            return

        async def send() -> None:
            await self._client.announcements.withdraw_regional(announcement_id)
            self.withdrawing, self.done = None, "withdrawn"
            self.items = await self._client.announcements.regional()

        await self._ask(send)
