"""Two service processes on one PostgreSQL: a call handled by one reaches a watcher
of the other (LISTEN/NOTIFY)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from api_client import ApiClient
from tests.support.databases import PG_URL, PostgresDatabases
from tests.support.live_server import LiveServer

pytestmark = [pytest.mark.anyio, pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture
def two_servers(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[LiveServer, LiveServer]]:
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    url = databases.new()
    a = LiveServer(tmp_path / "a", url)
    b = LiveServer(tmp_path / "b", url)
    for server in (a, b):
        server.data_dir.mkdir()
        server.start()
    yield a, b
    for server in (a, b):
        server.stop()
    databases.drop(url)


async def test_a_call_on_instance_a_reaches_a_watcher_on_instance_b(two_servers):  # type: ignore[no-untyped-def]
    a, b = two_servers
    async with ApiClient(a.api_url, kiosk_key="demo-kiosk-pkm-lasem") as kiosk, \
            ApiClient(a.api_url) as console, ApiClient(b.api_url) as watcher:
        detail = await kiosk.facilities.get("pkm-lasem")
        ugd = next(s.id for s in detail.services if s.code == "ugd")
        await console.staff.login("poli.pkm-lasem", "rembang-demo")
        await kiosk.bookings.walk_in(service_id=ugd, idempotency_key="two-instances-001")
        events = watcher.facilities.events("pkm-lasem")
        received = asyncio.create_task(anext(events))
        await asyncio.sleep(0.5)  # B's stream is open
        called = await console.staff.call_next(ugd, counter="Ruang UGD")
        event = await asyncio.wait_for(received, timeout=2)
        await events.aclose()
    assert called is not None
    assert (event.type, event.display_number, event.counter) == ("called", called.display_number, "Ruang UGD")
