"""Which walk-in services of this facility are open now, closed, or full.

Open means: today is not a closed day for the service (holiday, announced
closure, weekly day off; the service's availability says so) and the kiosk's
clock is inside today's hours. Full is what the service answered to the last
walk-in request (`quota_full`): the wire has no walk-in quota yet.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from api_client import ApiClient
from api_client.models import FacilityDetail, OpeningHours, Service


class TileState(StrEnum):
    open = "open"
    closed = "closed"
    full = "full"


@dataclass(frozen=True)
class ServiceTile:
    service: Service
    state: TileState
    waiting: int | None  # numbers not yet called today
    opens: str | None  # today's opening time ("07:30") when it has not opened yet


def _minutes(hhmm: str) -> int:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return hour * 60 + minute


def _hours_today(hours: list[OpeningHours], weekday: int) -> OpeningHours | None:
    return next((h for h in hours if h.weekday == weekday), None)


def open_state(
    service: Service, *, now: dt.datetime, closed_today: bool, full: bool
) -> tuple[TileState, str | None]:
    """The tile's state, and the opening time if it opens later today."""
    span = _hours_today(service.hours, now.weekday())
    if closed_today or span is None:
        return TileState.closed, None
    minute = now.hour * 60 + now.minute
    if minute < _minutes(span.opens):
        return TileState.closed, span.opens
    if minute >= _minutes(span.closes):
        return TileState.closed, None
    return (TileState.full if full else TileState.open), None


async def load_tiles(
    client: ApiClient, facility_id: str, *, now: dt.datetime, full: frozenset[tuple[int, dt.date]]
) -> tuple[FacilityDetail, list[ServiceTile]]:
    """The facility and one tile per service that takes walk-ins, in the facility's order."""
    detail = await client.facilities.get(facility_id)
    walkin = [s for s in detail.services if s.walkin]

    async def tile(service: Service) -> ServiceTile:
        availability, queue = await asyncio.gather(
            client.facilities.availability(service.id), client.queues.state(service.id)
        )
        today = next((d for d in availability.days if d.service_date == now.date()), None)
        closed_today = today is not None and today.closed_reason is not None
        state, opens = open_state(
            service, now=now, closed_today=closed_today, full=(service.id, now.date()) in full
        )
        return ServiceTile(service=service, state=state, waiting=queue.waiting, opens=opens)

    return detail, list(await asyncio.gather(*(tile(s) for s in walkin)))
