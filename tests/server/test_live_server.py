"""With a real server process: live events over HTTP that resume after a drop, and
a confirmed booking that survives `kill -9`."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from api_client import ApiClient, new_idempotency_key
from api_client.models import Payer, QueueEvent
from tests.api.helpers import patient
from tests.support.live_server import LiveServer

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


@pytest.fixture
def server(tmp_path: Path, live_database: str | None) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path, live_database)
    live.start()
    yield live
    live.stop()


async def ugd_of_lasem(client: ApiClient) -> int:
    """The UGD is open day and night, so these tests run at any hour."""
    detail = await client.facilities.get("pkm-lasem")
    return next(s.id for s in detail.services if s.code == "ugd")


async def next_event(events, timeout: float = 2.0) -> QueueEvent:  # type: ignore[no-untyped-def]
    return await asyncio.wait_for(anext(events), timeout)


async def next_call(events, timeout: float = 5.0) -> QueueEvent:  # type: ignore[no-untyped-def]
    """The next `called` event; a watcher also sees the walk-ins issued before it
    (on PostgreSQL they may arrive through NOTIFY just after the stream opened)."""

    async def first_call() -> QueueEvent:
        async for event in events:
            if event.type == "called":
                return event
        raise AssertionError("the stream ended")

    return await asyncio.wait_for(first_call(), timeout)


async def test_a_call_reaches_a_watcher_within_two_seconds_and_a_dropped_watcher_resumes(
    server: LiveServer,
):
    async with ApiClient(server.api_url, kiosk_key="demo-kiosk-pkm-lasem") as kiosk, \
            ApiClient(server.api_url) as console, ApiClient(server.api_url) as watcher:
        ugd = await ugd_of_lasem(kiosk)
        await console.staff.login("poli.pkm-lasem", "rembang-demo")
        for i in range(3):
            await kiosk.bookings.walk_in(service_id=ugd, idempotency_key=f"live-walkin-{i:03d}")
        events = watcher.queues.events(ugd)
        first_call = asyncio.create_task(next_call(events))
        await asyncio.sleep(0.5)  # the stream is open
        called = await console.staff.call_next(ugd, counter="Ruang UGD")
        event = await first_call
        assert (event.type, event.display_number, event.counter) == ("called", "U-001", "Ruang UGD")
        assert called is not None and event.display_number == called.display_number
        await events.aclose()  # the watcher's phone loses its signal

        await console.staff.done(called.ticket_id)
        second = await console.staff.call_next(ugd, counter="Ruang UGD")
        assert second is not None

        resumed = watcher.queues.events(ugd, last_event_id=event.id)
        missed = [await next_event(resumed), await next_event(resumed)]
        assert [(e.type, e.display_number) for e in missed] == [("done", "U-001"), ("called", "U-002")]
        assert all(e.id > event.id for e in missed)
        await resumed.aclose()


async def test_a_confirmed_booking_survives_kill_9_of_the_server(server: LiveServer):
    async with ApiClient(server.api_url) as client:
        detail = await client.facilities.get("pkm-sumber")
        sid = next(s.id for s in detail.services if s.code == "poli-umum")
        days = (await client.facilities.availability(sid)).days
        day = next(d.service_date for d in days[1:] if d.open)
        codes = []
        for serial in range(1, 21):
            booking = await client.bookings.create(
                service_id=sid, service_date=day, payer=Payer.non_jkn,
                patient=patient(serial), consent_version="2026-11",
                idempotency_key=new_idempotency_key(),
            )
            codes.append(booking.booking_code)
    server.kill_9()
    server.start()
    async with ApiClient(server.api_url) as client:
        found = [await client.bookings.get(code) for code in codes]
        assert [b.ticket.number for b in found] == list(range(1, 21))
        assert all(b.service_date == day for b in found)
        assert day > dt.date(2026, 1, 1)
