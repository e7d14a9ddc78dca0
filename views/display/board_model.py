"""What the waiting-room TV knows, as observable data with methods (no Flet page
needed): each service's number now called and its counter, its paused counters, the
services closed today and why, the last numbers called, the facility's
announcements, and whether the service can be reached.

Numbers only: nothing here ever holds a name or a NIK (the API's queue shapes carry
none). Live events are applied as they come (a call shows within a second); every
`POLL_SECONDS` the queue states are read again beside the stream, which also notices
a lost connection and catches up after it. Each call is announced (spoken) once:
live calls at once; a call the stream missed when the poll finds it; none of the
calls made before the display started.

Closed today means the service does not open today at all: its weekly day off, a
national holiday, or a closure the facility published (for the whole facility, or for
this one service, e.g. "closed early today" from the desk), as the service's
availability says. Each poll reads the facility's closures (one small request) and, when
they changed, every service's availability again; so does every `DAYS_EVERY`-th poll
(a new day). A service that has closed for the evening is not "closed today": its
last numbers are still being served.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import flet as ft

from api_client import ApiClient, ApiError, NotFound
from api_client.models import Announcement, Closure, FacilityDetail, QueueEvent, QueueState, Service
from session import rembang_clock

RECENT = 6  # numbers in "the last called"
HISTORY_EVENTS = 300  # on start, re-read this many events back to fill "the last called"
SPEAK_WITHIN = dt.timedelta(seconds=90)  # an older call (replayed after a long drop) is not spoken
FLASH_SECONDS = 8.0
CALLS = ("called", "recalled")
LEAVES_COUNTER = ("serving", "done", "no_show", "transferred", "cancelled")
COUNTER_BREAKS = ("paused", "resumed")  # a counter's break: read the service's state again
OPEN_FOR_THE_EVENING = "closed_for_today"  # an availability reason that is no closed day
DAYS_EVERY = 40  # polls between two readings of every service's availability (10 minutes)


@dataclass(frozen=True)
class Called:
    """One call: what the TV lists and says. `counter` is where to go."""

    display_number: str
    service_id: int
    service_name: str
    counter: str | None
    event_id: int | None = None


@dataclass(frozen=True)
class Calling:
    """One service's tile: the number now called (None: nobody) and its counter."""

    service: Service
    number: str | None = None
    counter: str | None = None
    waiting: int = 0
    version: int = 0  # the last event id this reflects
    total: int = 0  # numbers issued today
    paused: tuple[str, ...] = ()  # its counters on a break now


@ft.observable
class Board:
    def __init__(
        self,
        client: ApiClient,
        facility_id: str,
        *,
        on_call: Callable[[Called], None],
        now: Callable[[], dt.datetime] = rembang_clock.now,
    ) -> None:
        self._client = client
        self._on_call = on_call
        self._now = now
        self._announced: set[tuple[int, str]] = set()
        self._history_until = 0
        self._reloading = False
        self.facility_id = facility_id
        self.facility: FacilityDetail | None = None
        self.tiles: list[Calling] = []
        self.recent: list[Called] = []
        self.announcements: list[Announcement] = []
        self.flashing: frozenset[int] = frozenset()
        self.closed: dict[int, str] = {}  # service id → why it is closed today
        self.offline = False
        self.missing = False  # no such facility
        self._today: dt.date | None = None  # the service's today, from its availability
        self._closures_seen: tuple[tuple[int | None, str], ...] | None = None
        self._polls = 0

    # ------------------------------------------------------------------ reading

    async def load(self) -> bool:
        """The facility, its services' queues and announcements. False if unreachable."""
        try:
            facility = await self._client.facilities.get(self.facility_id)
            states = await self._states(facility.services)
        except NotFound:
            self.missing = True
            return True
        except ApiError:
            self.offline = True
            return False
        await self.load_announcements()
        await self._load_days(facility.services)
        self.tiles = [_tile(service, state) for service, state in zip(facility.services, states, strict=True)]
        self._announced |= {(t.service.id, t.number) for t in self.tiles if t.number}
        self._history_until = max((s.last_event_id or 0 for s in states), default=0)
        self.offline = False
        self.facility = facility
        return True

    @property
    def resume_from(self) -> int:
        """Where the event stream starts: a little before now, to fill "the last called"."""
        return max(0, self._history_until - HISTORY_EVENTS)

    async def load_announcements(self) -> None:
        """Those still valid today or later (the service keeps them in date order)."""
        try:
            self.announcements = await self._client.facilities.announcements(self.facility_id)
        except (ApiError, RuntimeError):
            return

    async def refresh(self) -> bool:
        """Read every queue again (the poll); False if the service cannot be reached."""
        if self.facility is None:
            return await self.load() and self.facility is not None
        try:
            states = await self._states(self.facility.services)
        except ApiError:
            self.offline = True
            return False
        self.offline = False
        self._merge(states)
        await self.refresh_days()
        return True

    async def refresh_days(self) -> None:
        """Read the facility's closures; read every service's availability again when
        they changed for today, and every `DAYS_EVERY` polls (a new day)."""
        if self.facility is None:
            return
        self._polls += 1
        try:
            closures = await self._client.facilities.closures(self.facility_id)
        except (ApiError, RuntimeError):
            return
        if _of_day(closures, self._today) != self._closures_seen or self._polls % DAYS_EVERY == 0:
            await self._load_days(self.facility.services)

    async def _load_days(self, services: list[Service]) -> None:
        try:
            days = list(await asyncio.gather(*(self._client.facilities.availability(s.id) for s in services)))
            closures = await self._client.facilities.closures(self.facility_id)
        except (ApiError, RuntimeError):
            return
        closed: dict[int, str] = {}
        for service, availability in zip(services, days, strict=True):
            if not availability.days:
                continue
            today = availability.days[0]  # the first day of the window is the service's today
            self._today = today.service_date
            if today.closed_reason not in (None, OPEN_FOR_THE_EVENING):
                closed[service.id] = today.closed_reason
        self._closures_seen = _of_day(closures, self._today)
        self.closed = closed

    async def refresh_service(self, service_id: int) -> None:
        if self.facility is None:
            return
        services = [s for s in self.facility.services if s.id == service_id]
        try:
            states = await self._states(services)
        except (ApiError, RuntimeError):  # RuntimeError: the session's client was closed
            return
        self._merge(states)

    async def _states(self, services: Iterable[Service]) -> list[QueueState]:
        return list(await asyncio.gather(*(self._client.queues.state(s.id) for s in services)))

    def _merge(self, states: list[QueueState]) -> None:
        by_id = {s.service_id: s for s in states}
        tiles = []
        for tile in self.tiles:
            state = by_id.get(tile.service.id)
            if state is None or (state.last_event_id or 0) < tile.version:
                tiles.append(tile)
                continue
            fresh = _tile(tile.service, state)
            missed = (tile.service.id, fresh.number) not in self._announced
            if fresh.number and fresh.number != tile.number and missed:  # the stream missed it
                self._announce(Called(fresh.number, tile.service.id, tile.service.name, fresh.counter))
            tiles.append(fresh)
        self.tiles = tiles

    # ------------------------------------------------------------------ live

    def apply(self, event: QueueEvent) -> None:
        """One live (or replayed) event."""
        if event.type == "reconfigured":  # a service renamed, added, disabled: read the facility again
            if event.id > self._history_until and not self._reloading:
                self._reloading = True  # once for the burst (one event per service of the facility)
                asyncio.ensure_future(self._reload())
            return
        tile = next((t for t in self.tiles if t.service.id == event.service_id), None)
        if tile is None:
            return
        if event.type in CALLS:
            call = Called(event.display_number, tile.service.id, tile.service.name, event.counter, event.id)
            if event.id <= self._history_until:  # before the display started: listed, not said
                self._remember(call)
                return
            if event.id > tile.version:
                self._put(replace(tile, number=event.display_number, counter=event.counter,
                                  waiting=tile.waiting if event.waiting is None else event.waiting,
                                  version=event.id))
            first_time = (tile.service.id, event.display_number) not in self._announced
            if (event.type == "recalled" or first_time) and self._now() - event.at < SPEAK_WITHIN:
                self._announce(call)
            else:
                self._announced.add((tile.service.id, event.display_number))
                self._remember(call)
            return
        if event.id <= max(self._history_until, tile.version):
            return
        if event.type in COUNTER_BREAKS:
            asyncio.ensure_future(self.refresh_service(tile.service.id))  # which counters rest now
            return
        if event.waiting is not None:
            tile = replace(tile, waiting=event.waiting)
        if event.type in LEAVES_COUNTER and event.waiting is not None and event.now_calling is None:
            tile = replace(tile, number=None, counter=None, version=event.id)  # nobody at a counter
        self._put(tile)
        if event.type in LEAVES_COUNTER and (event.waiting is None or event.now_calling is not None):
            asyncio.ensure_future(self.refresh_service(tile.service.id))  # who is called now, and where

    async def _reload(self) -> None:
        try:
            await self.load()
        finally:
            self._reloading = False

    def _announce(self, call: Called) -> None:
        self._announced.add((call.service_id, call.display_number))
        self._remember(call)
        self.flashing = self.flashing | {call.service_id}
        asyncio.get_running_loop().call_later(FLASH_SECONDS, self._unflash, call.service_id)
        self._on_call(call)

    def _unflash(self, service_id: int) -> None:
        self.flashing = self.flashing - {service_id}

    def _remember(self, call: Called) -> None:
        same = (call.service_id, call.display_number)
        rest = [c for c in self.recent if (c.service_id, c.display_number) != same]
        self.recent = [call, *rest][:RECENT]

    def _put(self, tile: Calling) -> None:
        self.tiles = [tile if t.service.id == tile.service.id else t for t in self.tiles]


def _tile(service: Service, state: QueueState) -> Calling:
    return Calling(
        service=service, number=state.now_calling, counter=state.now_calling_counter,
        waiting=state.waiting, version=state.last_event_id or 0, total=state.total,
        paused=tuple(state.paused_counters),
    )

def _of_day(closures: list[Closure], day: dt.date | None) -> tuple[tuple[int | None, str], ...]:
    return tuple((c.service_id, c.reason) for c in closures if c.service_date == day)


__all__ = ["Board", "Called", "Calling"]
