"""The patient's ticket on a day with exceptions at the counter: returned to the waiting
list after a no-show (its place stated), and every counter on a break (no made-up
time). In-process against the real service, Monday 30 November 2026, 08:00 WIB."""

from __future__ import annotations

import pytest

from api_client import new_idempotency_key
from tests.api.helpers import service_id
from tests.views.harness import run_app

pytestmark = pytest.mark.anyio


def shown(app, identifier: str) -> str:  # type: ignore[no-untyped-def]
    return " ".join(app.texts(root=app.find(identifier=identifier)))


async def test_a_returned_ticket_says_after_how_many_calls_and_a_break_gives_no_time(
    app_main, client, make_client
):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    kiosk = make_client(kiosk_key="demo-kiosk-pkm-sumber")
    poli = make_client()
    await poli.staff.login("poli.pkm-sumber", "rembang-demo")
    mine = await kiosk.bookings.walk_in(service_id=sid, idempotency_key=new_idempotency_key())
    for _ in range(3):
        await kiosk.bookings.walk_in(service_id=sid, idempotency_key=new_idempotency_key())
    called = await poli.staff.call_next(sid, counter="Ruang 1")
    assert called is not None and called.ticket_id == mine.ticket.ticket_id
    await poli.staff.skip(called.ticket_id)
    await poli.staff.requeue(called.ticket_id)
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="requeued-place"))
        assert shown(app, "requeued-place") == (
            "Nomor Anda sudah dikembalikan ke antrean: dipanggil setelah 2 panggilan lagi.")
        assert shown(app, "people-ahead") == "2 orang di depan Anda"
        assert app.exists(identifier="come-at") and not app.exists(identifier="counters-paused")
    await poli.staff.pause(sid, counter="Ruang 1")
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="counters-paused"))
        assert shown(app, "counters-paused") == (
            "Semua petugas layanan ini sedang istirahat. Perkiraan waktu dipanggil muncul lagi "
            "setelah mereka kembali melayani.")
        assert not app.exists(identifier="come-at")  # no time while nobody calls
