"""Complaints and their code look-ups are rate-limited like booking look-ups: a
person is never stopped, a script sending or guessing in bulk is."""

from __future__ import annotations

import pytest

from api_client import NotFound, RateLimited, new_idempotency_key
from api_client.models import ComplaintCategory
from server.settings import Settings
from tests.api.helpers import SUMBER

pytestmark = pytest.mark.anyio
TEXT = "Ruang tunggu poli gigi panas, kipas angin mati sejak minggu lalu."


@pytest.fixture
def settings(database_url, tmp_path):  # type: ignore[no-untyped-def]
    return Settings(
        database_url=database_url, data_dir=tmp_path, rate_limits=True, demo=True,
        secret_key="test-secret-for-layanan-sehat-rembang-0001",
    )


@pytest.fixture(autouse=True)
def frozen_buckets(app):  # type: ignore[no-untyped-def]
    app.state.lsr.limiter._clock = lambda: 1_000.0


async def test_a_script_sending_complaints_from_one_address_is_stopped(make_client):  # type: ignore[no-untyped-def]
    script = make_client(forwarded_for="10.6.6.6", retry_attempts=1)
    for _ in range(5):
        await script.complaints.send(
            facility_id=SUMBER, category=ComplaintCategory.fasilitas, text=TEXT,
            idempotency_key=new_idempotency_key(),
        )
    with pytest.raises(RateLimited) as err:
        await script.complaints.send(
            facility_id=SUMBER, category=ComplaintCategory.fasilitas, text=TEXT,
            idempotency_key=new_idempotency_key(),
        )
    assert (err.value.retry_after or 0) >= 1
    neighbour = make_client(forwarded_for="10.6.6.7", retry_attempts=1)
    sent = await neighbour.complaints.send(
        facility_id=SUMBER, category=ComplaintCategory.fasilitas, text=TEXT,
        idempotency_key=new_idempotency_key(),
    )
    assert (await neighbour.complaints.get(sent.tracking_code)).tracking_code == sent.tracking_code


async def test_guessing_tracking_codes_in_bulk_is_stopped(make_client):  # type: ignore[no-untyped-def]
    guesser = make_client(forwarded_for="10.7.7.7", retry_attempts=1)
    for n in range(60):
        with pytest.raises(NotFound):
            await guesser.complaints.get(f"K7QD2M9FXH{n:03d}")
    with pytest.raises(RateLimited):
        await guesser.complaints.get("K7QD2M9FXH999")
