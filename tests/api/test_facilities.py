"""The facility directory: filters, opening hours, doctors on a date, closures."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client import ApiClient, NotFound
from api_client.models import FacilityType
from tests.support.clock import FakeClock

pytestmark = pytest.mark.anyio


async def test_all_seventeen_puskesmas_and_three_hospitals_are_listed(client: ApiClient):
    facilities = await client.facilities.list()
    types = [f.type for f in facilities]
    assert (types.count(FacilityType.puskesmas), types.count(FacilityType.rumah_sakit)) == (17, 3)
    hospitals = await client.facilities.list(type=FacilityType.rumah_sakit)
    assert "RSUD dr. R. Soetrasno" in {f.name for f in hospitals}


async def test_filter_by_kecamatan_and_by_name(client: ApiClient):
    kragan = await client.facilities.list(kecamatan="kragan")
    assert sorted(f.name for f in kragan) == ["Puskesmas Kragan 1", "Puskesmas Kragan 2"]
    assert [f.id for f in await client.facilities.list(q="sarang 2")] == ["pkm-sarang-2"]


async def test_open_now_follows_the_hours_and_sunday_leaves_only_24_hour_services(
    client: ApiClient, clock: FakeClock
):
    assert len(await client.facilities.list(open_now=True)) == 20  # Monday 08:00
    clock.set(2026, 11, 30, 13, 0)  # puskesmas closed at 12:00, RSUD until 14:00
    afternoon = {f.id for f in await client.facilities.list(open_now=True)}
    assert "rsud-soetrasno" in afternoon and "pkm-bulu" not in afternoon
    clock.set(2026, 12, 6, 9, 0)  # Sunday
    sunday = {f.id for f in await client.facilities.list(open_now=True)}
    assert "pkm-lasem" in sunday  # its UGD never closes
    assert "pkm-bulu" not in sunday


async def test_a_facility_shows_its_services_with_prefixes_and_what_is_unconfirmed(
    client: ApiClient,
):
    detail = await client.facilities.get("pkm-sumber")
    assert detail.kecamatan_code == "33.17.01"
    assert {s.prefix for s in detail.services} >= {"A", "B", "C"}
    assert "address" in detail.unconfirmed
    monday = next(h for h in detail.hours if h.weekday == 0)
    assert (monday.opens, monday.closes) == ("07:30", "12:00")
    with pytest.raises(NotFound):
        await client.facilities.get("pkm-atlantis")


async def test_doctors_are_listed_for_their_days_and_not_on_closed_days(client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    admin = make_client()  # the seed's doctors are placeholders, never listed: name one
    await admin.staff.login("admin.pkm-sumber", "rembang-demo")
    placeholder = next(d for d in await admin.doctors.managed("pkm-sumber") if d.name == "dr. (contoh 1)")
    named = placeholder.model_copy(update={"name": "dr. Budi"})
    await admin.doctors.edit("pkm-sumber", placeholder.id, named)
    monday = await client.facilities.doctors("pkm-sumber", date=dt.date(2026, 11, 30))
    assert monday and all(d.service_date == dt.date(2026, 11, 30) for d in monday)
    assert await client.facilities.doctors("pkm-sumber", date=dt.date(2026, 12, 6)) == []
    assert await client.facilities.doctors("pkm-sumber", date=dt.date(2026, 12, 25)) == []


async def test_closures_list_the_cuti_bersama_ahead(client: ApiClient, clock: FakeClock):
    clock.set(2026, 12, 20, 8, 0)
    closures = await client.facilities.closures("pkm-sumber")
    assert dt.date(2026, 12, 24) in {c.service_date for c in closures}


async def test_sessions_share_one_copy_of_the_directory_and_still_see_it_change(
    make_client, clock: FakeClock
):  # type: ignore[no-untyped-def]
    """Every web session asks for the whole directory; while the answer is the same, the
    process keeps one parsed copy of it (api_client/shared_answers.py), never a stale one."""
    first, second = make_client(), make_client()
    morning = await first.facilities.list()
    again = await second.facilities.list()
    assert all(a is b for a, b in zip(again, morning, strict=True))  # the same frozen models
    again.reverse()  # a session's own order stays its own
    assert morning[0].id != again[0].id
    assert next(f for f in morning if f.id == "pkm-bulu").open_now
    clock.set(2026, 11, 30, 13, 0)  # puskesmas closed at 12:00
    afternoon = await second.facilities.list()
    assert not next(f for f in afternoon if f.id == "pkm-bulu").open_now
    assert next(f for f in morning if f.id == "pkm-bulu").open_now  # what was shown is as it was
