"""`python -m server.keys rotate` beside two running instances that keep taking
bookings: each instance reads the new key generation on its own refresh, every booking
is found on either instance (by code and phone, and by Dinkes by NIK) throughout and
afterwards, and `status` then shows nothing left under the old key."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

from api_client import ApiClient, new_idempotency_key
from api_client.models import Payer
from tests.api.helpers import nik_for, patient, service_id
from tests.support.live_server import ROOT, LiveServer

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

async def keys_command(server: LiveServer, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": str(server.database_url), "LSR_SECRET_KEY": server.SECRET,
           "LSR_DATA_DIR": str(server.data_dir), "PYTHONPATH": str(ROOT)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server.keys", *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    assert process.returncode == 0, out.decode()
    return out.decode()


async def test_a_rotation_beside_two_busy_instances_loses_no_booking(two_instances):  # type: ignore[no-untyped-def]
    a, b = two_instances
    async with ApiClient(a.api_url) as on_a, ApiClient(b.api_url) as on_b, \
            ApiClient(b.api_url) as dinkes:
        await dinkes.staff.login("dinkes", "rembang-demo")
        sid = await service_id(on_a, code="poli-umum")
        # The instances run on the real clock: the open days ahead, 60 numbers a day.
        days = [d.service_date for d in (await on_a.facilities.availability(sid)).days[1:] if d.open]
        booked: list[tuple[int, str]] = []  # (serial, booking code)

        async def book(serial: int) -> None:
            client = on_a if serial % 2 else on_b
            booking = await client.bookings.create(
                service_id=sid, service_date=days[serial % len(days)],
                payer=Payer.jkn if serial % 3 else Payer.non_jkn,
                patient=patient(serial, phone=f"0812-7000-{serial:04d}"),
                consent_version="2026-11", idempotency_key=new_idempotency_key(),
            )
            booked.append((serial, booking.booking_code))

        async def found(serial: int, code: str) -> None:
            phone = f"0812-7000-{serial:04d}"
            for client in (on_a, on_b):
                assert (await client.bookings.lookup(booking_code=code, phone=phone)).booking_code == code
            export = await dinkes.privacy.export_by_nik(nik_for(serial), request_reference="SR/2026/117")
            assert [(v.booking_code, v.nik) for v in export.visits] == [(code, nik_for(serial))]

        for serial in range(1, 13):
            await book(serial)
        rotation = asyncio.create_task(keys_command(a, "rotate", "--settle-seconds", "1.5",
                                                    "--batch", "4"))
        serial = 100
        while not rotation.done():  # booking and looking up all along
            serial += 1
            await book(serial)
            await found(*booked[serial % len(booked)])
            await asyncio.sleep(0.05)
        out = await rotation
        assert "rotated to k2" in out and "retired v1" in out
        assert serial > 110  # the rotation took several refreshes: plenty booked meanwhile
        for serial, code in booked:
            await found(serial, code)
    status = await keys_command(a, "status")
    assert "v1 (retired), k2 (active)" in status
    assert "v1: 0 sealed values" in status
