"""Announcements: published by a facility's admin; a closure stops booking on its dates."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client import ApiClient, Conflict, Forbidden, ValidationFailed
from api_client.models import AnnouncementCreate, AnnouncementKind
from tests.api.helpers import SUMBER, book, service_id

pytestmark = pytest.mark.anyio


def closure(first: dt.date, last: dt.date) -> AnnouncementCreate:
    return AnnouncementCreate(
        kind=AnnouncementKind.closure, title="Puskesmas tutup: fumigasi",
        body="Pelayanan dialihkan ke Puskesmas Bulu.", valid_from=first, valid_until=last,
    )


async def test_a_closure_stops_booking_on_its_dates_and_is_listed(client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    admin = make_client()
    await admin.staff.login("admin.pkm-sumber", "rembang-demo")
    sid = await service_id(client, code="poli-umum")
    await admin.staff.publish_announcement(
        SUMBER, closure(dt.date(2026, 12, 2), dt.date(2026, 12, 3))
    )
    listed = await client.facilities.announcements(SUMBER)
    assert [a.title for a in listed] == ["Puskesmas tutup: fumigasi"]
    with pytest.raises(Conflict) as err:
        await book(client, sid, day=dt.date(2026, 12, 2))
    assert err.value.code == "service_closed"
    days = {d.service_date: d for d in (await client.facilities.availability(sid)).days}
    assert days[dt.date(2026, 12, 3)].closed_reason == "Puskesmas tutup: fumigasi"
    assert days[dt.date(2026, 12, 4)].open
    assert (await book(client, sid, day=dt.date(2026, 12, 4))).ticket.number == 1


async def test_only_the_facilitys_admin_publishes(make_client):  # type: ignore[no-untyped-def]
    for username in ("loket.pkm-sumber", "admin.pkm-lasem"):
        console = make_client()
        await console.staff.login(username, "rembang-demo")
        with pytest.raises(Forbidden):
            await console.staff.publish_announcement(
                SUMBER, closure(dt.date(2026, 12, 2), dt.date(2026, 12, 2))
            )


async def test_a_reversed_date_range_is_refused(make_client):  # type: ignore[no-untyped-def]
    admin = make_client()
    await admin.staff.login("admin.pkm-sumber", "rembang-demo")
    with pytest.raises(ValidationFailed) as err:
        await admin.staff.publish_announcement(
            SUMBER, closure(dt.date(2026, 12, 3), dt.date(2026, 12, 2))
        )
    assert err.value.fields[0].code == "date_range_reversed"
