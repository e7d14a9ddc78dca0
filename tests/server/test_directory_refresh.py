"""Two instances on one database: a closure published through one closes booking on
the other as well, once the other has read the directory again."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from api_client import ApiClient, Conflict
from api_client.models import AnnouncementCreate, AnnouncementKind
from tests.api.helpers import book, service_id

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


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
