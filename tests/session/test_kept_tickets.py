"""The tickets a phone keeps for a weak signal: without the masked name and NIK, the
20 read most recently, each with when it was read."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client.models import Booking
from session import rembang_clock
from session.offline_cache import KEPT_TICKETS, keep_ticket, kept_ticket
from session.storage import MemoryStorage

pytestmark = pytest.mark.anyio

MONDAY_8 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def booking(serial: int) -> Booking:
    return Booking.model_validate({
        "booking_code": f"CODE{serial:04d}", "facility_id": "pkm-sumber",
        "facility_name": "Puskesmas Sumber", "service_date": "2026-11-30", "payer": "jkn",
        "channel": "app", "created_at": MONDAY_8.isoformat(),
        "patient_name_masked": "S*** A***", "nik_masked": "3317********0001",
        "ticket": {"ticket_id": serial, "service_id": 2, "service_name": "Poli Umum",
                   "service_date": "2026-11-30", "number": serial,
                   "display_number": f"B-{serial:03d}", "lane": "regular", "status": "booked",
                   "people_ahead": serial - 1},
    })


async def test_a_kept_ticket_comes_back_without_the_masked_name_and_nik(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(rembang_clock, "_clock", lambda: MONDAY_8)
    storage = MemoryStorage()
    await keep_ticket(storage, booking(1))
    found = await kept_ticket(storage, "CODE0001")
    assert found is not None
    back, read_at = found
    assert (back.ticket.display_number, read_at) == ("B-001", MONDAY_8)
    assert (back.patient_name_masked, back.nik_masked) == (None, None)
    assert await kept_ticket(storage, "CODE0002") is None


async def test_only_the_tickets_read_most_recently_are_kept(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    storage = MemoryStorage()
    for serial in range(1, KEPT_TICKETS + 3):  # each read a minute after the one before
        monkeypatch.setattr(rembang_clock, "_clock",
                            lambda s=serial: MONDAY_8 + dt.timedelta(minutes=s))
        await keep_ticket(storage, booking(serial))
    monkeypatch.setattr(rembang_clock, "_clock", lambda: MONDAY_8 + dt.timedelta(hours=1))
    await keep_ticket(storage, booking(1))  # read again: the newest now
    kept = [s for s in range(1, KEPT_TICKETS + 3) if await kept_ticket(storage, f"CODE{s:04d}")]
    assert kept == [1, *range(4, KEPT_TICKETS + 3)]
    assert len(kept) == KEPT_TICKETS
