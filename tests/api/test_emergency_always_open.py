"""A 24-hour UGD never closes for a national holiday, a cuti bersama or a closure the
facility announces: walk-ins are taken there, the facility shows as open (only its UGD)
and a facility closure leaves the UGD's tickets alone. Only a closure that names the
UGD itself closes it."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client import ApiClient, Conflict, ValidationFailed
from api_client.models import AnnouncementCreate, AnnouncementKind, TicketStatus
from tests.api.helpers import service_id
from tests.support.clock import FakeClock

pytestmark = pytest.mark.anyio

LASEM = "pkm-lasem"
CUTI_BERSAMA = (2026, 12, 24)  # Kamis, Cuti Bersama Hari Raya Natal (server/seed/rembang.yaml)
CHRISTMAS = (2026, 12, 25)  # Jumat, a national holiday


def closure(day: dt.date, *, service: int | None = None) -> AnnouncementCreate:
    return AnnouncementCreate(
        kind=AnnouncementKind.closure, title="Perbaikan listrik", body="Gedung ditutup sehari.",
        valid_from=day, valid_until=day, service_id=service,
    )


async def walk_in(kiosk: ApiClient, service: int, key: str) -> TicketStatus:
    return (await kiosk.bookings.walk_in(service_id=service, idempotency_key=key)).ticket.status


@pytest.mark.parametrize("day", [CUTI_BERSAMA, CHRISTMAS], ids=["cuti-bersama", "national-holiday"])
async def test_the_ugd_takes_walk_ins_on_a_holiday_and_the_poli_does_not(
    client, make_client, clock: FakeClock, day: tuple[int, int, int]
):  # type: ignore[no-untyped-def]
    ugd, umum = await service_id(client, LASEM, "ugd"), await service_id(client, LASEM, "poli-umum")
    clock.set(*day, 9, 0)
    kiosk = make_client(kiosk_key=f"demo-kiosk-{LASEM}")
    assert await walk_in(kiosk, ugd, "ugd-on-holiday") is TicketStatus.checked_in
    with pytest.raises(Conflict) as refused:
        await walk_in(kiosk, umum, "poli-on-holiday")
    assert refused.value.code == "service_closed"
    [today] = [d for d in (await client.facilities.availability(ugd)).days if d.service_date == dt.date(*day)]
    assert today.closed_reason is None
    clock.set(*day, 3, 0)  # at night the facility shows open: only its UGD is
    assert (await client.facilities.get(LASEM)).open_now is True


async def test_a_facility_closure_leaves_the_ugd_open_and_its_tickets_alone(
    client, make_client, clock: FakeClock
):  # type: ignore[no-untyped-def]
    ugd, umum = await service_id(client, LASEM, "ugd"), await service_id(client, LASEM, "poli-umum")
    today = clock.now.date()
    kiosk = make_client(kiosk_key=f"demo-kiosk-{LASEM}")
    before = await kiosk.bookings.walk_in(service_id=ugd, idempotency_key="ugd-before-closure")
    admin = make_client()
    await admin.staff.login(f"admin.{LASEM}", "rembang-demo")
    await admin.staff.publish_announcement(LASEM, closure(today))

    assert (await client.bookings.get(before.booking_code)).ticket.status is TicketStatus.checked_in
    assert await walk_in(kiosk, ugd, "ugd-during-closure") is TicketStatus.checked_in
    with pytest.raises(Conflict):
        await walk_in(kiosk, umum, "poli-during-closure")
    ugd_today = (await client.facilities.availability(ugd)).days[0]
    assert ugd_today.closed_reason is None
    assert (await client.facilities.get(LASEM)).open_now is True


async def test_a_closure_that_names_the_ugd_closes_it_and_only_it(
    client, make_client, clock: FakeClock
):  # type: ignore[no-untyped-def]
    ugd, umum = await service_id(client, LASEM, "ugd"), await service_id(client, LASEM, "poli-umum")
    today = clock.now.date()
    kiosk = make_client(kiosk_key=f"demo-kiosk-{LASEM}")
    waiting = await kiosk.bookings.walk_in(service_id=ugd, idempotency_key="ugd-before-its-closure")
    admin = make_client()
    await admin.staff.login(f"admin.{LASEM}", "rembang-demo")
    await admin.staff.publish_announcement(LASEM, closure(today, service=ugd))

    assert (await client.bookings.get(waiting.booking_code)).ticket.status is TicketStatus.cancelled
    with pytest.raises(Conflict) as refused:
        await walk_in(kiosk, ugd, "ugd-closed-itself")
    assert refused.value.code == "service_closed"
    assert await walk_in(kiosk, umum, "poli-open-beside-it") is TicketStatus.checked_in
    assert (await client.facilities.availability(ugd)).days[0].closed_reason == "Perbaikan listrik"
    clock.set(2026, 11, 30, 23, 0)  # the poli has closed, the UGD too: nothing is open
    assert (await client.facilities.get(LASEM)).open_now is False


async def test_a_closure_names_a_service_of_its_own_facility(client, make_client, clock):  # type: ignore[no-untyped-def]
    other = await service_id(client, "pkm-sumber", "poli-umum")
    admin = make_client()
    await admin.staff.login(f"admin.{LASEM}", "rembang-demo")
    with pytest.raises(ValidationFailed) as refused:
        await admin.staff.publish_announcement(LASEM, closure(clock.now.date(), service=other))
    assert refused.value.fields[0].field == "service_id"
