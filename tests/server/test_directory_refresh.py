"""Two instances on one database: a closure published through one closes booking on
the other as well, once the other has read the directory again."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from api_client import ApiClient, Conflict
from api_client.models import AnnouncementCreate, AnnouncementKind
from tests.api.helpers import book, service_id
from tests.support.databases import PG_URL, PostgresDatabases
from tests.support.live_server import LiveServer

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def two_instances(request: pytest.FixtureRequest, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[LiveServer, LiveServer]]:
    if request.param == "postgres" and not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    databases: PostgresDatabases | None = (
        request.getfixturevalue("postgres_databases") if request.param == "postgres" else None
    )
    url = databases.new() if databases else f"sqlite:///{tmp_path / 'shared.db'}"
    monkeypatch.setitem(os.environ, "LSR_DIRECTORY_REFRESH_SECONDS", "0.5")
    servers = (LiveServer(tmp_path / "a", url), LiveServer(tmp_path / "b", url))
    for server in servers:
        server.data_dir.mkdir()
        server.start()
    yield servers
    for server in servers:
        server.stop()
    if databases:
        databases.drop(url)


async def test_a_closure_published_on_one_instance_closes_booking_on_the_other(two_instances):  # type: ignore[no-untyped-def]
    a, b = two_instances
    async with ApiClient(a.api_url) as on_a, ApiClient(b.api_url) as on_b:
        sid = await service_id(on_b, code="poli-umum")
        days = [d.service_date for d in (await on_b.facilities.availability(sid)).days[1:] if d.open]
        closed, still_open = days[0], days[1]
        await on_a.staff.login("admin.pkm-sumber", "rembang-demo")
        await on_a.staff.publish_announcement("pkm-sumber", AnnouncementCreate(
            kind=AnnouncementKind.closure, title="Puskesmas tutup: fumigasi",
            body="Pelayanan dialihkan ke Puskesmas Bulu.", valid_from=closed, valid_until=closed,
        ))
        await asyncio.sleep(1.5)  # three refreshes of instance b
        with pytest.raises(Conflict) as refused:
            await book(on_b, sid, day=closed)
        assert refused.value.code == "service_closed"
        assert (await book(on_b, sid, day=still_open, serial=2)).service_date == still_open
        assert closed > dt.date(2026, 1, 1)
