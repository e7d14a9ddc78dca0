"""Abuse resistance: rate limits answer 429 with Retry-After, normal use never hits
them, and guessing or swapping booking codes reveals nothing."""

from __future__ import annotations

import secrets

import httpx
import pytest

from api_client import ApiClient, NotFound, RateLimited, ValidationFailed, new_idempotency_key
from api_client.identity import BOOKING_CODE_ALPHABET as ALPHABET
from api_client.models import Payer
from server.settings import Settings
from tests.api.helpers import patient, service_id
from tests.support.served import as_served

pytestmark = pytest.mark.anyio


@pytest.fixture
def settings(database_url, tmp_path):  # type: ignore[no-untyped-def]
    return Settings(
        database_url=database_url, data_dir=tmp_path, rate_limits=True, demo=True,
        secret_key="test-secret-for-layanan-sehat-rembang-0001",
    )


async def book(client: ApiClient, sid: int, *, serial: int, payer: Payer = Payer.jkn):  # type: ignore[no-untyped-def]
    """A booking by a patient with a phone of their own."""
    import datetime as dt

    return await client.bookings.create(
        service_id=sid, service_date=dt.date(2026, 11, 30), payer=payer,
        patient=patient(serial, phone=f"0812{serial:08d}"), consent_version="2026-11",
        idempotency_key=new_idempotency_key(),
    )


@pytest.fixture(autouse=True)
def frozen_buckets(app):  # type: ignore[no-untyped-def]
    """No refill while a test runs, however slow the machine: the counts are exact."""
    app.state.lsr.limiter._clock = lambda: 1_000.0


def as_citizen(make_client, address: str) -> ApiClient:  # type: ignore[no-untyped-def]
    """A citizen whose browser is at `address`, through the web app's loopback client."""
    return make_client(forwarded_for=address, retry_attempts=1)


async def test_a_family_booking_and_checking_their_tickets_is_never_limited(make_client):  # type: ignore[no-untyped-def]
    family = as_citizen(make_client, "10.1.1.1")
    sid = await service_id(family, code="poli-umum")
    bookings = [await book(family, sid, serial=s, payer=Payer.non_jkn) for s in range(1, 5)]
    for _ in range(10):
        for booking in bookings:
            await family.bookings.get(booking.booking_code)


async def test_a_script_booking_from_one_address_is_stopped_with_retry_after(make_client):  # type: ignore[no-untyped-def]
    script = as_citizen(make_client, "10.6.6.6")
    sid = await service_id(script, code="poli-umum")
    for serial in range(1, 21):
        await book(script, sid, serial=serial)
    with pytest.raises(RateLimited) as err:
        await book(script, sid, serial=21)
    assert err.value.code == "rate_limited" and (err.value.retry_after or 0) >= 1
    neighbour = as_citizen(make_client, "10.6.6.7")  # another address is not affected
    assert (await book(neighbour, sid, serial=22)).ticket.number == 21


async def test_one_nik_cannot_be_tried_again_and_again(make_client):  # type: ignore[no-untyped-def]
    sid = await service_id(make_client(), code="poli-umum")
    for attempt in range(6):
        booking = await book(as_citizen(make_client, f"10.2.0.{attempt}"), sid, serial=7)
        await make_client().bookings.cancel(booking.booking_code)
    with pytest.raises(RateLimited):
        await book(as_citizen(make_client, "10.2.0.99"), sid, serial=7)


async def refused_booking(client: ApiClient, sid: int, *, serial: int, phone: str) -> None:
    """A booking with the right NIK and phone but a wrong birth date: 422, nothing stored."""
    import datetime as dt

    with pytest.raises(ValidationFailed) as err:
        await client.bookings.create(
            service_id=sid, service_date=dt.date(2026, 11, 30), payer=Payer.jkn,
            patient=patient(serial, phone=phone, birth_date=dt.date(1991, 1, 1)),
            consent_version="2026-11", idempotency_key=new_idempotency_key(),
        )
    assert [f.code for f in err.value.fields] == ["birth_date_mismatch"]


async def test_invalid_bookings_with_a_victims_nik_do_not_use_up_the_victims_limit(make_client):  # type: ignore[no-untyped-def]
    sid = await service_id(make_client(), code="poli-umum")
    for attempt in range(12):  # more than the per-patient limit, from many addresses
        await refused_booking(as_citizen(make_client, f"10.8.0.{attempt}"), sid, serial=9,
                              phone=f"0813{attempt:08d}")
    victim = await book(as_citizen(make_client, "10.8.1.1"), sid, serial=9)
    assert victim.ticket.status.value == "booked"


async def test_invalid_bookings_with_a_victims_phone_do_not_use_up_the_phones_limit(make_client):  # type: ignore[no-untyped-def]
    sid = await service_id(make_client(), code="poli-umum")
    for attempt in range(13):  # more than the per-phone limit, one NIK each
        await refused_booking(as_citizen(make_client, f"10.9.0.{attempt}"), sid,
                              serial=100 + attempt, phone="081200000011")
    victim = await book(as_citizen(make_client, "10.9.1.1"), sid, serial=11)  # phone 081200000011
    assert victim.ticket.status.value == "booked"


async def test_fifty_guessed_or_swapped_codes_are_refused_alike(make_client, app):  # type: ignore[no-untyped-def]
    owner = as_citizen(make_client, "10.3.3.3")
    sid = await service_id(owner, code="poli-umum")
    real = await book(owner, sid, serial=1)
    transport = httpx.ASGITransport(as_served(app))
    async with httpx.AsyncClient(transport=transport, base_url="http://t/api") as http:
        answers = set()
        for i in range(25):
            guess = "".join(secrets.choice(ALPHABET) for _ in range(13))
            response = await http.get(f"/bookings/{guess}", headers={"X-Forwarded-For": f"10.4.0.{i}"})
            answers.add((response.status_code, response.text))
            cancel = await http.post(f"/bookings/{guess}/cancel", headers={"X-Forwarded-For": f"10.4.1.{i}"})
            answers.add((cancel.status_code, cancel.text))
        for i in range(25):  # the real code with someone else's phone
            swapped = await http.post(
                "/bookings/lookup", json={"booking_code": real.booking_code, "phone": f"08129999{i:04d}"},
                headers={"X-Forwarded-For": f"10.5.0.{i}"},
            )
            answers.add((swapped.status_code, swapped.text))
    assert len(answers) == 1
    status, body = answers.pop()
    assert status == 404 and "booking_not_found" in body
    assert (await owner.bookings.get(real.booking_code)).ticket.status.value == "booked"


async def test_lookups_by_code_are_limited_per_address(make_client):  # type: ignore[no-untyped-def]
    prober = as_citizen(make_client, "10.7.7.7")
    for _ in range(60):
        with pytest.raises(NotFound):
            await prober.bookings.get("ABCD-EFGH-JKMNP")
    with pytest.raises(RateLimited):
        await prober.bookings.get("ABCD-EFGH-JKMNP")
