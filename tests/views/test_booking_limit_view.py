"""The booking screen when a phone already holds as many bookings as it may: the
refusal in plain words, and the way to the tickets to cancel one."""

from __future__ import annotations

import pytest

from server.settings import Settings
from tests.api.helpers import SUMBER, book, service_id
from tests.views.test_booking_view import (
    agree_and_reach_confirm,
    choose_day_and_payer,
    fill_patient,
    open_booking,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"max_active_bookings_per_phone": 5,
                                       "max_active_bookings_per_nik": 3})


async def test_a_sixth_booking_with_one_phone_says_why_and_leads_to_my_tickets(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    for serial in range(1, 6):  # the helpers' phone is Siti's: 0812 3456 7890
        await book(client, sid, serial=serial)
    async with open_booking(app_main, sid) as app:
        await choose_day_and_payer(app)
        await fill_patient(app)
        await agree_and_reach_confirm(app)
        await app.click(identifier="booking-confirm")
        await app.wait_for(lambda: app.exists(identifier="booking-error"))
        assert " ".join(app.texts(root=app.find(identifier="booking-error"))) == (
            "Nomor HP ini sudah mencapai batas jumlah nomor antrean yang masih berlaku di seluruh "
            "Rembang. Batalkan salah satu di Tiket Saya, atau ambil nomor langsung di anjungan "
            "atau loket."
        )
        await app.click(identifier="booking-my-tickets")
        assert app.route == "/tiket"
    assert (await client.queues.state(sid)).total == 5
