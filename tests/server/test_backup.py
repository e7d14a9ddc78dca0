"""Back up a live database while bookings keep arriving, restore it elsewhere, and
the restored service holds exactly what the backup held (server/backup.py)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from api_client import ApiClient, new_idempotency_key
from api_client.errors import NotFound
from api_client.models import Payer
from tests.api.helpers import patient
from tests.support.databases import PG_URL, PostgresDatabases
from tests.support.live_server import ROOT, LiveServer

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


def backup_tool(command: str, *args: str, data_dir: Path, database_url: str | None) -> str:
    env = {**os.environ, "LSR_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    done = subprocess.run(  # noqa: S603 - our own tool
        [sys.executable, "-m", "server.backup", command, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def two_databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str | None, str | None]]:
    """Where the service runs, and where the backup is restored."""
    if request.param == "sqlite":
        yield None, None  # each in its own data folder
        return
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    live, restored = databases.new(), databases.new()
    yield live, restored
    databases.drop(live)
    databases.drop(restored)


JKN_QUOTA = 40  # Poli Umum of Puskesmas Sumber, per day (server/seed/rembang.yaml)


async def poli_umum_days(client: ApiClient) -> tuple[int, list[dt.date]]:
    """Poli Umum of Sumber and its open days after today (so the hour does not matter)."""
    detail = await client.facilities.get("pkm-sumber")
    sid = next(s.id for s in detail.services if s.code == "poli-umum")
    days = (await client.facilities.availability(sid)).days
    return sid, [d.service_date for d in days[1:] if d.open]


BOOKING_PAUSE_S = 0.1
"""Between two bookings: the week's JKN places (6 days × 40) then last 24 s or more, longer
than a backup takes on a machine shared with other work (unpaced, a slow backup once
outlasted them)."""


async def keep_booking(api_url: str, stop: asyncio.Event, codes: list[str]) -> None:
    """One booking after another, each day's JKN quota filled before the next."""
    async with ApiClient(api_url) as client:
        sid, days = await poli_umum_days(client)
        serial = 1
        while not stop.is_set():
            booking = await client.bookings.create(
                service_id=sid, service_date=days[(serial - 1) // JKN_QUOTA], payer=Payer.jkn,
                patient=patient(serial), consent_version="2026-11",
                idempotency_key=new_idempotency_key(),
            )
            codes.append(booking.booking_code)
            serial += 1
            await asyncio.sleep(BOOKING_PAUSE_S)


async def test_a_backup_taken_during_bookings_restores_to_the_same_counts(tmp_path, two_databases):  # type: ignore[no-untyped-def]
    live_url, restored_url = two_databases
    live = LiveServer(tmp_path / "live", live_url)
    live.data_dir.mkdir()
    live.start()
    backup = tmp_path / ("backup.db" if live_url is None else "backup.dump")
    stop, codes = asyncio.Event(), []
    try:
        writer = asyncio.create_task(keep_booking(live.api_url, stop, codes))

        async def booked(count: int) -> None:
            while len(codes) < count:
                if writer.done():
                    writer.result()  # its error, if it failed
                    raise AssertionError("the bookings stopped")
                await asyncio.sleep(0.05)

        await asyncio.wait_for(booked(20), 60)
        booked_before = len(codes)
        await asyncio.to_thread(backup_tool, "create", str(backup), data_dir=live.data_dir,
                                database_url=live_url)
        booked_after = len(codes)
        await asyncio.wait_for(booked(booked_after + 20), 60)  # the service went on
        stop.set()
        await writer
    finally:
        live.stop()

    restored = LiveServer(tmp_path / "restored", restored_url)
    restored.data_dir.mkdir()
    backup_tool("restore", str(backup), data_dir=restored.data_dir, database_url=restored_url)
    counts = json.loads(backup_tool("count", data_dir=restored.data_dir, database_url=restored_url))
    if live_url is None:  # the restored file is the backup, table by table
        assert counts == json.loads(backup_tool("count", str(backup), data_dir=restored.data_dir,
                                                database_url=None))

    restored.start()  # the same secret (LiveServer's): the sealed personal data opens
    try:
        async with ApiClient(restored.api_url) as client:
            sid, days = await poli_umum_days(client)
            held = sum([(await client.queues.state(sid, date=day)).total for day in days])
            # Every booking confirmed before the backup began, none made after it
            # ended (one may have been committed while its answer was on the way).
            assert booked_before <= held <= booked_after + 1
            first = await client.bookings.get(codes[0])
            assert first.nik_masked is not None and first.nik_masked.endswith("0001")
            assert first.ticket.number == 1
            with pytest.raises(NotFound):
                await client.bookings.get(codes[-1])  # made after the backup
    finally:
        restored.stop()
