"""The idempotency record: it recognises a retried request by a keyed hash that
nobody without the service's keys can recompute from a guessed NIK, and it is kept
48 hours; after that the same key is a new request."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import httpx
import pytest
from sqlalchemy import select

from api_client import ValidationFailed
from api_client.models import BookingCreate, Payer
from server.app import create_app
from server.idempotency import IdempotencyRow, purge_expired
from server.keys.ring import Purpose, derive
from tests.api.helpers import book, patient, service_id

pytestmark = pytest.mark.anyio

DAY = dt.date(2026, 12, 1)
SECRET = "test-secret-for-layanan-sehat-rembang-0001"  # tests/conftest.py


def stored(app, key: str) -> IdempotencyRow | None:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        return session.scalars(select(IdempotencyRow).where(IdempotencyRow.key == key)).first()


async def test_the_record_keeps_a_keyed_hash_that_cannot_be_recomputed_without_the_key(client, app):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    await book(client, sid, serial=7, day=DAY, key="booking-key-0007")
    row = stored(app, "booking-key-0007")
    assert row is not None
    body = BookingCreate(service_id=sid, service_date=DAY, payer=Payer.jkn, patient=patient(7),
                         consent_version="2026-11").model_dump_json()
    message = f"/bookings\n{body}".encode()
    kid, _, digest = row.request_hash.partition(":")
    assert kid == "v1"
    # Not a plain hash of what someone holding the database could guess and try...
    for guess in (message, body.encode(), json.dumps(json.loads(body)).encode()):
        assert digest not in (hashlib.sha256(guess).hexdigest(), hashlib.sha512(guess).hexdigest()[:64])
    assert digest != hmac.new(SECRET.encode(), message, hashlib.sha256).hexdigest()  # nor the raw secret
    # ...but an HMAC under the idempotency key derived from the secret.
    key = derive(SECRET, Purpose.idempotency, "v1")
    assert digest == hmac.new(key, message, hashlib.sha256).hexdigest()


async def test_a_replay_within_48_hours_answers_identically_and_after_the_purge_the_key_is_new(  # type: ignore[no-untyped-def]
    client, app, clock
):
    sid = await service_id(client, code="poli-umum")
    first = await book(client, sid, serial=1, day=DAY, key="booking-key-0001")
    clock.advance(hours=47, minutes=59)
    assert purge_expired(app.state.lsr.db, now=clock()) == 0
    assert await book(client, sid, serial=1, day=DAY, key="booking-key-0001") == first
    with pytest.raises(ValidationFailed) as reused:  # the same key with another body
        await book(client, sid, serial=2, day=DAY, key="booking-key-0001")
    assert reused.value.code == "idempotency_key_reused"

    clock.advance(minutes=2)  # 48 hours and a minute
    assert purge_expired(app.state.lsr.db, now=clock()) == 1
    assert stored(app, "booking-key-0001") is None
    another = await book(client, sid, serial=2, day=DAY + dt.timedelta(days=3), key="booking-key-0001")
    assert another.booking_code != first.booking_code  # a new request, a new booking


async def test_records_older_than_48_hours_are_purged_when_the_service_starts(client, app, settings, clock):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    await book(client, sid, serial=1, day=DAY, key="booking-key-0001")
    clock.advance(hours=1)
    await book(client, sid, serial=2, day=DAY, key="booking-key-0002")
    clock.advance(hours=47, minutes=30)
    restarted = create_app(settings, clock=clock)
    try:
        assert stored(restarted, "booking-key-0001") is None
        assert stored(restarted, "booking-key-0002") is not None
    finally:
        restarted.state.lsr.db.dispose()


def booking_json(sid: int, serial: int, **patient_changes: object) -> bytes:
    return BookingCreate(
        service_id=sid, service_date=dt.date(2026, 11, 30), payer=Payer.jkn,
        patient=patient(serial, **patient_changes), consent_version="2026-11",
    ).model_dump_json().encode()


async def post(app, key: str, body: bytes) -> tuple[int, bytes]:  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://lsr/api") as http:
        response = await http.post("/bookings", content=body, headers={
            "content-type": "application/json", "idempotency-key": key})
    return response.status_code, response.content


async def test_a_refusal_is_an_answer_too_its_retry_gets_it_even_once_a_place_is_free(client, app):  # type: ignore[no-untyped-def]
    """The app told "full" keeps its key for a retry: the retry gets the same "full",
    status and body, not a booking the person was already told they do not have."""
    sid = await service_id(client, code="poli-gigi")
    bookings = [await book(client, sid, serial=s) for s in range(1, 11)]  # its JKN quota
    first = await post(app, "full-then-free-01", booking_json(sid, 50))
    assert first[0] == 409 and b'"quota_full"' in first[1]
    await client.bookings.cancel(bookings[3].booking_code)  # a place is free again

    assert await post(app, "full-then-free-01", booking_json(sid, 50)) == first
    with pytest.raises(ValidationFailed) as reused:  # still the key of that request only
        await book(client, sid, serial=51, key="full-then-free-01")
    assert reused.value.code == "idempotency_key_reused"
    status, body = await post(app, "full-then-free-02", booking_json(sid, 50))  # a new try
    assert status == 201 and json.loads(body)["ticket"]["number"] == 11


async def test_a_request_refused_as_invalid_keeps_nothing_and_its_key_serves_the_corrected_one(client, app):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    wrong = await post(app, "corrected-0001", booking_json(sid, 60, birth_date=dt.date(1991, 6, 5)))
    assert wrong[0] == 422
    assert stored(app, "corrected-0001") is None
    status, _ = await post(app, "corrected-0001", booking_json(sid, 60))
    assert status == 201
