"""The staff console shows, next to the number, when a patient's NIK is also booked with
another phone number (someone may have typed another person's NIK): in the waiting
list and on the ticket at the counter, with an icon and a sentence. A patient whose
NIK is booked with one phone only shows nothing of it.
"""

from __future__ import annotations

import datetime as dt

import flet as ft
import pytest

from api_client import ApiClient, new_idempotency_key
from api_client.models import Booking, Payer
from tests.api.helpers import patient, service_id
from tests.views.harness import run_app
from tests.views.test_staff_console import open_desk, shown

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"
FLAG = "NIK ini juga dipakai dengan nomor HP lain"


async def book(client: ApiClient, sid: int, day: dt.date, *, serial: int, phone: str) -> Booking:
    return await client.bookings.create(
        service_id=sid, service_date=day, payer=Payer.jkn, patient=patient(serial, phone=phone),
        consent_version="2026-11", idempotency_key=new_idempotency_key(),
    )


async def test_a_nik_booked_with_another_phone_is_flagged_in_the_list_and_at_the_counter(  # type: ignore[no-untyped-def]
    app_main, client, make_client,
):
    poli = await service_id(client, LASEM, "poli-umum")
    today, tomorrow = dt.date(2026, 11, 30), dt.date(2026, 12, 1)
    shared = await book(client, poli, today, serial=1, phone="0812 1111 2222")
    await book(client, poli, tomorrow, serial=1, phone="0857 9999 0000")  # the same NIK, another phone
    alone = await book(client, poli, today, serial=2, phone="0813 3333 4444")
    kiosk = make_client(kiosk_key=f"demo-kiosk-{LASEM}")
    for booking in (shared, alone):
        await kiosk.bookings.check_in_at_facility(booking.booking_code)

    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, service="poli-umum", counter="Poli 1")
        await app.wait_for(lambda: app.exists(identifier=f"nik-other-phone-{shared.ticket.ticket_id}"))
        assert shown(app, f"nik-other-phone-{shared.ticket.ticket_id}") == FLAG
        assert not app.exists(identifier=f"nik-other-phone-{alone.ticket.ticket_id}")
        flag = app.find(identifier=f"nik-other-phone-{shared.ticket.ticket_id}")
        assert app.exists(ft.Icon, root=flag, icon=ft.Icons.WARNING_AMBER)  # an icon with the sentence

        await app.click(identifier="action-call-next")
        assert shown(app, "current-number") == shared.ticket.display_number
        assert shown(app, "current-nik-other-phone") == f"{FLAG}. Periksa KTP pasien."

        await app.click(identifier="action-done")
        await app.click(identifier="action-call-next")
        await app.wait_for(lambda: shown(app, "current-number") == alone.ticket.display_number)
        assert not app.exists(identifier="current-nik-other-phone")
