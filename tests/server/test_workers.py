"""Several processes on one SQLite file (`python -m server --workers N`, or several
instances): a live event committed in one process reaches the subscribers of every
other, in commit order (server.events.local_relay)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from api_client import ApiClient
from api_client.models import QueueEvent
from server.events.bus import EventBus
from server.events.local_relay import SocketRelay
from server.events.payloads import PAYLOAD_LIMIT, parse, payloads
from server.events.relay import RELAY_ENV
from tests.support.live_server import LiveServer

pytestmark = [pytest.mark.anyio]


def event(event_id: int) -> QueueEvent:
    return QueueEvent(
        id=event_id, type="issued", facility_id="pkm-lasem", service_id=7,
        service_date=dt.date(2026, 12, 1), display_number=f"U-{event_id:03d}",
        at=dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC), waiting=event_id,
    )


def test_the_events_of_a_big_transaction_travel_in_payloads_postgresql_accepts():
    """A group commit of 300 bookings: one NOTIFY statement, several payloads, each
    under PostgreSQL's 8,000-byte limit, read back in order."""
    events = [event(i) for i in range(1, 301)]
    sent = payloads(events)
    assert len(sent) > 1
    assert all(len(p.encode()) < PAYLOAD_LIMIT < 8000 for p in sent)
    assert [e for p in sent for e in parse(p)] == events


async def test_events_published_in_one_process_reach_every_process_in_order(tmp_path: Path):
    buses = [EventBus(), EventBus()]
    relays = [SocketRelay(tmp_path / "events", bus, name=name)
              for bus, name in zip(buses, ("a", "b"), strict=True)]
    for relay in relays:
        await relay.start()
    try:
        with buses[0].listen("facility:pkm-lasem") as on_a, \
                buses[1].listen("service:7") as on_b:
            buses[0].publish([event(1), event(2)])  # committed in process a
            buses[1].publish([event(3)])  # then one in process b
            for listener in (on_a, on_b):
                got = [await asyncio.wait_for(listener.get(), 2) for _ in range(3)]
                assert [e.id if e else None for e in got] == [1, 2, 3]
                assert got[2] is not None and got[2].waiting == 3
    finally:
        for relay in relays:
            await relay.stop()
    assert not list((tmp_path / "events").glob("*.sock"))


async def test_a_worker_that_died_is_forgotten_and_the_others_still_hear(tmp_path: Path):
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "999999.sock").touch()  # left behind by a killed worker: refuses
    bus = EventBus()
    relay = SocketRelay(folder, bus, name="alive")
    await relay.start()
    try:
        with bus.listen("service:7") as listener:
            bus.publish([event(5)])
            got = await asyncio.wait_for(listener.get(), 2)
        assert got is not None and got.id == 5
        assert [p.name for p in folder.glob("*.sock")] == ["alive.sock"]
    finally:
        await relay.stop()


@pytest.fixture
def two_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[LiveServer]]:
    """Two service processes on one SQLite data folder, relaying events like the
    workers of `--workers 2` (each on its own port, so a test can pick which)."""
    monkeypatch.setenv(RELAY_ENV, "socket")
    servers = [LiveServer(tmp_path), LiveServer(tmp_path)]
    for server in servers:  # one after the other: the first migrates and seeds
        server.start()
    yield servers
    for server in servers:
        server.stop()


@pytest.mark.slow
async def test_a_walk_in_and_a_call_on_one_process_reach_a_watcher_on_the_other(two_processes):  # type: ignore[no-untyped-def]
    a, b = two_processes
    async with ApiClient(a.api_url, kiosk_key="demo-kiosk-pkm-lasem") as kiosk, \
            ApiClient(a.api_url) as console, ApiClient(b.api_url) as watcher:
        detail = await kiosk.facilities.get("pkm-lasem")
        ugd = next(s.id for s in detail.services if s.code == "ugd")
        await console.staff.login("poli.pkm-lasem", "rembang-demo")
        events = watcher.facilities.events("pkm-lasem")
        first = asyncio.create_task(anext(events))
        await asyncio.sleep(0.5)  # b's stream is open
        issued = await kiosk.bookings.walk_in(service_id=ugd, idempotency_key="workers-0001")
        seen = await asyncio.wait_for(first, timeout=3)
        called = await console.staff.call_next(ugd, counter="Ruang UGD")
        while (seen := await asyncio.wait_for(anext(events), timeout=3)).type != "called":
            pass
        await events.aclose()
    assert called is not None
    assert seen.display_number == called.display_number == issued.ticket.display_number
    assert seen.counter == "Ruang UGD"


@pytest.mark.slow
async def test_the_api_runs_in_two_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`--workers 2`: bookings from many connections all answered, numbers once each,
    and a watcher hears every one of them whichever worker took it."""
    monkeypatch.setenv("LSR_WORKERS", "2")
    server = LiveServer(tmp_path)
    server.start()
    try:
        async with ApiClient(server.api_url) as watcher:
            detail = await watcher.facilities.get("pkm-lasem")
            ugd = next(s.id for s in detail.services if s.code == "ugd")
            events = watcher.facilities.events("pkm-lasem")
            first = asyncio.create_task(anext(events))
            await asyncio.sleep(0.5)
            kiosks = [ApiClient(server.api_url, kiosk_key="demo-kiosk-pkm-lasem")
                      for _ in range(8)]
            try:
                issued = await asyncio.gather(*(
                    k.bookings.walk_in(service_id=ugd, idempotency_key=f"workers-many-{i:04d}")
                    for i, k in enumerate(kiosks)
                ))
            finally:
                for k in kiosks:
                    await k.close()
            heard = [await asyncio.wait_for(first, timeout=3)]
            while len(heard) < len(issued):
                heard.append(await asyncio.wait_for(anext(events), timeout=3))
            await events.aclose()
    finally:
        server.stop()
    numbers = sorted(b.ticket.number for b in issued)
    assert numbers == list(range(1, 9))
    assert sorted(e.display_number for e in heard) == sorted(
        b.ticket.display_number for b in issued)
    assert [e.id for e in heard] == sorted(e.id for e in heard)
