"""Check-in at the desk as observable data with methods (no Flet page needed): what the
clerk scanned or typed, the bookings found, the one shown for confirmation, and the
check-in itself.

    typed or scanned ─┬─ a booking code ──────────────► preview ── confirm ──► checked in
                      ├─ 4+ digits (NIK or phone end) ─► found ── choose ─┘
                      └─ name + birth date ────────────► found ── choose ─┘

Nothing is checked in without the clerk's confirmation. What was typed lives in the
field and in this object until the next search; the service audits each search
without it.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import flet as ft

from api_client import ApiClient, ApiError, ApiStatusError, Unauthorized
from api_client.identity import normalize_booking_code
from api_client.models import StaffBooking

REPEAT_SECONDS = 1.0
"""The code shown, sent again this soon, is a scanner's double read, not a confirmation."""
_DATE = re.compile(r"\b(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})\b")
_DIGITS = re.compile(r"^[0-9]{4,16}$")


@dataclass(frozen=True)
class Query:
    """What the clerk asked for: `code`, or `digits`, or `name` with `birth_date`;
    `problem` (a notice kind) when it is none of them."""

    code: str | None = None
    digits: str | None = None
    name: str | None = None
    birth_date: dt.date | None = None
    problem: str | None = None


def read_query(text: str) -> Query:
    """``K7QD-2M9F-XH3TA`` (or a scanned address ending in it) → a code; ``0001`` → the
    last digits of a NIK or phone; ``Siti Aminah 15-06-1990`` → name and birth date."""
    plain = text.strip()
    compact = re.sub(r"[\s\-.+]", "", plain)
    if _DIGITS.match(compact) and not _DATE.search(plain):
        return Query(digits=compact)
    last = plain.rstrip("/").rsplit("/", 1)[-1]
    code = normalize_booking_code(last)
    if code is not None and not _DATE.search(plain):
        return Query(code=code)
    found = _DATE.search(plain)
    name = " ".join(_DATE.sub(" ", plain).split())
    if found is None:
        return Query(problem="need_birth_date" if len(name) >= 2 else "empty")
    day, month, year = (int(part) for part in found.groups())
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return Query(problem="bad_date")
    if len(name) < 2:
        return Query(problem="need_name")
    return Query(name=name, birth_date=born)


@dataclass(frozen=True)
class CheckinNotice:
    """`kind`: error (with `code`), checked_in, none_found, need_birth_date, need_name,
    bad_date, empty."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)


@ft.observable
class DeskCheckin:
    def __init__(
        self,
        client: ApiClient,
        facility_id: str,
        *,
        on_checked_in: Callable[[StaffBooking], object],
        on_signed_out: Callable[[], Awaitable[None]],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._monotonic = monotonic
        self._shown_at = float("-inf")
        self._typed = ""  # the field's text, kept without a re-render per key
        self._facility_id = facility_id
        self._on_checked_in = on_checked_in
        self._on_signed_out = on_signed_out
        self.found: list[StaffBooking] = []
        self.preview: StaffBooking | None = None
        self.busy: str | None = None  # "search", "preview", "confirm"
        self.notice: CheckinNotice | None = None
        self.attempt = 0  # bumped for a fresh, empty field

    @property
    def typed(self) -> str:
        """What the field holds (a re-render must not empty it)."""
        return self._typed

    def hear(self, text: str) -> None:
        """A key typed into the field (no re-render: a fast scanner would race its echo)."""
        self._typed = text

    @property
    def open(self) -> bool:
        """Something is shown that Esc closes."""
        return bool(self.preview or self.found)

    async def submit(self, text: str) -> None:
        """Enter in the field, or a scan with no field focused."""
        if self.busy:
            return
        self._typed = text
        query = read_query(text)
        if query.problem:
            self.notice = CheckinNotice(query.problem)
            return
        if query.code and self.preview is not None and query.code == self.preview.booking_code:
            if self._monotonic() - self._shown_at >= REPEAT_SECONDS:
                await self.confirm()  # Enter again in the field: the clerk has seen it
            return
        if query.code:
            await self.show(query.code)
            return
        self.busy, self.notice, self.found, self.preview = "search", None, [], None
        try:
            found = await self._client.desk.search(
                self._facility_id, name=query.name, birth_date=query.birth_date, digits=query.digits)
        except ApiError as err:
            await self._failed(err)
            return
        finally:
            self.busy = None
        if not found:
            self.notice = CheckinNotice("none_found")
        elif len(found) == 1:
            self.pick(found[0])
        else:
            self.found = found

    def pick(self, booking: StaffBooking) -> None:
        """One of the bookings found, to confirm (the search answered all it shows)."""
        self.preview, self.found, self.notice = booking, [], None
        self._shown_at = self._monotonic()

    async def show(self, code: str) -> None:
        """The booking to confirm (the service refuses now what the check-in would)."""
        self.busy, self.notice = "preview", None
        try:
            booking = await self._client.desk.preview(self._facility_id, code)
        except ApiError as err:
            await self._failed(err)
            return
        finally:
            self.busy = None
        self.preview, self.found = booking, []
        self._shown_at = self._monotonic()

    async def confirm(self) -> None:
        """Check the previewed booking in: its arrival time is recorded (BPJS task 1 or 3)."""
        booking = self.preview
        if booking is None or self.busy:
            return
        self.busy = "confirm"
        try:
            arrived = await self._client.desk.check_in(self._facility_id, booking.ticket.ticket_id)
        except ApiError as err:
            await self._failed(err)
            return
        finally:
            self.busy = None
        self.preview, self.found, self._typed = None, [], ""
        self.attempt += 1
        self.notice = CheckinNotice("checked_in", {
            "number": arrived.ticket.display_number, "service": arrived.ticket.service_name})
        self._on_checked_in(arrived)

    def cancel(self) -> None:
        """Esc or "Batal": nothing checked in, the field empty for the next patient."""
        self.preview, self.found, self.notice, self._typed = None, [], None, ""
        self.attempt += 1

    async def _failed(self, err: ApiError) -> None:
        if isinstance(err, Unauthorized):
            await self._on_signed_out()
            return
        fields = err.fields if isinstance(err, ApiStatusError) else []
        code = fields[0].code if fields else err.code
        self.preview = None
        self.notice = CheckinNotice("error", {"code": code})
