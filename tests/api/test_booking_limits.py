"""Quota hoarding: one phone holds at most 5 active bookings across the regency and
one NIK at most 3 (server/queue/limits.py), under concurrency too, on SQLite and
PostgreSQL; kiosk walk-ins are never refused for it."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from api_client import ApiClient, Conflict, new_idempotency_key
from api_client.models import BookingCreate, Payer
from server.idempotency import Answer, request_hash
from server.queue.group_commit import GroupCommit, Order
from server.queue.intake import create_booking
from server.queue.limits import BookingLimits
from server.settings import Settings
from tests.api.helpers import SUMBER, patient, service_id

pytestmark = pytest.mark.anyio

TODAY = dt.date(2026, 11, 30)  # the clock's Monday
FAMILY_PHONE = "0812-3456-7890"
OTHER_PHONE = "0813-2222-3333"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The service's own defaults, not the lenient ones of the other tests."""
    defaults = Settings.model_fields
    return settings.model_copy(update={
        "max_active_bookings_per_phone": defaults["max_active_bookings_per_phone"].default,
        "max_active_bookings_per_nik": defaults["max_active_bookings_per_nik"].default,
    })


async def book(client: ApiClient, sid: int, serial: int, *, phone: str = FAMILY_PHONE,  # type: ignore[no-untyped-def]
               day: dt.date = TODAY):
    return await client.bookings.create(
        service_id=sid, service_date=day, payer=Payer.non_jkn,
        patient=patient(serial, phone=phone), consent_version="2026-11",
        idempotency_key=new_idempotency_key(),
    )


async def refused(client: ApiClient, sid: int, serial: int, **kwargs: object) -> str:
    with pytest.raises(Conflict) as caught:
        await book(client, sid, serial, **kwargs)  # type: ignore[arg-type]
    assert caught.value.status == 409
    return caught.value.code


def test_the_defaults_let_a_family_of_five_share_one_phone():
    assert Settings().max_active_bookings_per_phone == 5
    assert Settings().max_active_bookings_per_nik == 3


async def test_the_sixth_booking_with_one_phone_is_refused_and_another_phone_books(client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    gigi = await service_id(client, code="poli-gigi")
    for serial in range(1, 4):
        await book(client, umum, serial)
    await book(client, gigi, 4, day=TODAY + dt.timedelta(days=1))
    await book(client, umum, 5, day=TODAY + dt.timedelta(days=2))
    assert await refused(client, gigi, 6) == "phone_booking_limit"
    other = await book(client, gigi, 6, phone=OTHER_PHONE)
    assert other.ticket.number == 1  # the refusal took no number


async def test_a_cancelled_booking_gives_its_place_back(client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    codes = [(await book(client, sid, serial)).booking_code for serial in range(1, 6)]
    assert await refused(client, sid, 6) == "phone_booking_limit"
    await client.bookings.cancel(codes[0])
    await book(client, sid, 6)


async def test_bookings_of_days_gone_by_no_longer_count(client, clock):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    for serial in range(1, 6):
        await book(client, sid, serial)  # never came: still open, but for yesterday
    clock.advance(days=1)
    await book(client, sid, 6, day=TODAY + dt.timedelta(days=1))


async def test_a_nik_holds_at_most_three_active_bookings_whatever_the_phone(client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    phones = ["0812-1111-0001", "0812-1111-0002", "0812-1111-0003", "0812-1111-0004"]
    for n, phone in enumerate(phones[:3]):
        await book(client, sid, 7, phone=phone, day=TODAY + dt.timedelta(days=n))
    assert await refused(client, sid, 7, phone=phones[3], day=TODAY + dt.timedelta(days=3)) == (
        "nik_booking_limit"
    )
    await book(client, sid, 8, phone=phones[3], day=TODAY + dt.timedelta(days=3))


async def test_twenty_concurrent_bookings_with_one_phone_give_exactly_five(client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")

    async def attempt(serial: int):  # type: ignore[no-untyped-def]
        try:
            return await book(client, sid, serial)
        except Conflict as err:
            return err

    results = await asyncio.gather(*(attempt(s) for s in range(1, 21)))
    booked = [r for r in results if not isinstance(r, Exception)]
    assert len(booked) == 5
    assert {r.code for r in results if isinstance(r, Exception)} == {"phone_booking_limit"}
    assert (await client.queues.state(sid)).total == 5


def test_twenty_transactions_at_once_with_one_phone_commit_at_most_five(app):  # type: ignore[no-untyped-def]
    """Each booking in its own transaction on its own thread (as on several instances):
    the count is read after the phone's lock, so the sixth waits and sees the fifth."""
    state = app.state.lsr
    sid = next(s.id for s in state.directory.facilities[SUMBER].services if s.code == "poli-umum")
    limits = BookingLimits(per_phone=5, per_nik=3)

    def one(serial: int) -> object:
        data = BookingCreate(service_id=sid, service_date=TODAY, payer=Payer.non_jkn,
                             patient=patient(serial, phone=FAMILY_PHONE),
                             consent_version="2026-11")
        now = state.clock()
        new = create_booking(directory=state.directory, data=data, now=now, vault=state.vault,
                             days_ahead=state.settings.booking_days_ahead)
        order = Order(key=f"thread-{serial:04d}", fingerprint=request_hash(state.keyring, "/bookings", data),
                      now=now, new=new, directory=state.directory)
        return GroupCommit(state.db, limits, bus=state.bus).commit([order])[0]

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(one, range(1, 21)))
    answers = [json.loads(o.body) for o in outcomes if isinstance(o, Answer)]
    numbers = sorted(a["ticket"]["number"] for a in answers if "ticket" in a)
    problems = {a["error"]["code"] for a in answers if "error" in a}
    assert len(numbers) == 5 and problems == {"phone_booking_limit"}, outcomes


async def test_walk_ins_at_the_kiosk_are_never_refused_for_the_limits(make_client, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    for n in range(3):
        await book(client, sid, 9, phone=f"0812-1111-000{n}", day=TODAY + dt.timedelta(days=n + 1))
    kiosk = make_client(kiosk_key=f"demo-kiosk-{SUMBER}")
    nik = patient(9).nik
    walk_in = await kiosk.bookings.walk_in(service_id=sid, nik=nik, idempotency_key="walkin-nine-01")
    assert walk_in.ticket.status == "checked_in"
    for n in range(6):
        await kiosk.bookings.walk_in(service_id=sid, idempotency_key=f"walkin-anon-{n:03d}")
