"""The desk shows who is at the counter under the number: name, age, payer with the
masked card, lane and its reason, booking code. It asks the service once per ticket
that reaches the counter (the polled list carries no names) and forgets the patient
when the ticket leaves.
"""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from api_client import ApiClient, new_idempotency_key
from api_client.identity import format_booking_code
from api_client.models import Lane, Payer, PriorityReason
from session.i18n import Translator, error_message
from session.settings import AppSettings
from tests.api.helpers import book, nik_for, patient, service_id
from tests.views.harness import run_app
from tests.views.test_staff_console import Counting, open_desk, press, shown
from views.app import main_for

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"


@pytest.fixture
def kiosk(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    return make_client(kiosk_key=f"demo-kiosk-{LASEM}")


async def test_the_patient_called_is_named_with_age_payer_lane_and_code(app_main, client, kiosk):  # type: ignore[no-untyped-def]
    poli = await service_id(client, LASEM, "poli-umum")
    siti = await book(client, poli, serial=3)
    born = dt.date(2025, 3, 10)
    child = await client.bookings.create(
        service_id=poli, service_date=dt.date(2026, 11, 30), payer=Payer.non_jkn,
        patient=patient(4, name="Bayu Saputra", nik=nik_for(4, birth=born, woman=False),
                        birth_date=born, bpjs_number=None),
        consent_version="2026-11", idempotency_key=new_idempotency_key(),
    )
    for booking in (siti, child):
        await kiosk.bookings.check_in_at_facility(booking.booking_code)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, service="poli-umum", counter="Ruang 2")
        assert not app.exists(identifier="patient-card")  # nobody at the counter yet
        await press(app, "C")
        await app.wait_for(lambda: app.exists(identifier="patient-name"))
        assert shown(app, "patient-name") == "Siti Aminah"
        assert shown(app, "patient-facts") == "36 tahun · JKN · •••••••••0003 · Jalur reguler"
        assert shown(app, "patient-code") == f"Kode booking {format_booking_code(siti.booking_code)}"
        assert shown(app, "patient-nik") == f"NIK {nik_for(3)[:4]}********{nik_for(3)[-4:]}"

        await press(app, "D")
        await app.wait_for(lambda: not app.exists(identifier="patient-card"))
        await press(app, "C")
        await app.wait_for(lambda: app.exists(identifier="patient-name")
                           and shown(app, "patient-name") == "Bayu Saputra")
        assert shown(app, "patient-facts") == "20 bulan · Bayar sendiri · Jalur reguler"


async def test_a_walk_in_without_identity_says_so_with_the_lane_reason(app_main, client, kiosk):  # type: ignore[no-untyped-def]
    ugd = await service_id(client, LASEM, "ugd")
    await kiosk.bookings.walk_in(service_id=ugd, idempotency_key=new_idempotency_key(),
                                 lane=Lane.priority, priority_reason=PriorityReason.ibu_hamil)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        await press(app, "C")
        await app.wait_for(lambda: app.exists(identifier="patient-name"))
        assert shown(app, "patient-name") == "Tanpa identitas"
        assert shown(app, "patient-facts") == "Jalur prioritas: Ibu hamil"


async def test_the_patient_is_asked_once_per_ticket_not_at_every_reload(app, client, kiosk):  # type: ignore[no-untyped-def]
    """The list is read again after every action and event; the name only when a new
    ticket reaches the counter (each read is an audit row at the service)."""
    ugd = await service_id(client, LASEM, "ugd")
    for i in range(2):
        await kiosk.bookings.walk_in(service_id=ugd, idempotency_key=new_idempotency_key(),
                                     nik=nik_for(60 + i))
    counting = Counting(httpx.ASGITransport(app))
    console = main_for(AppSettings(),
                       make_client=lambda: ApiClient("http://lsr.test/api", transport=counting))
    async with run_app(console, route="/staff") as harness:
        await open_desk(harness)
        await press(harness, "C")
        await harness.wait_for(lambda: harness.exists(identifier="patient-nik"))
        await press(harness, "R")  # recall: the list is read again, the patient is not
        await harness.wait_for(lambda: shown(harness, "desk-notice").endswith("dipanggil ulang ke Ruang 1."))
        await harness.settle()
        asked = [p for p in counting.paths if p.endswith("/patient")]
        assert len(asked) == 1
        assert len([p for p in counting.paths if p.endswith("/tickets")]) >= 2
        await press(harness, "S")
        await press(harness, "C")
        await harness.wait_for(lambda: len([p for p in counting.paths if p.endswith("/patient")]) == 2)


async def called_to_ruang_3(client, kiosk, *, serial: int, account: str):  # type: ignore[no-untyped-def]
    """A Poli Umum booking, checked in at the kiosk and called to Ruang 3 by `account`."""
    poli = await service_id(client, LASEM, "poli-umum")
    booking = await book(client, poli, serial=serial)
    await kiosk.bookings.check_in_at_facility(booking.booking_code)
    await (await signed_in(client, account)).staff.call_next(poli, counter="Ruang 3")
    return booking


async def test_a_desk_opened_with_a_patient_already_at_its_counter_shows_who(app_main, client, kiosk):  # type: ignore[no-untyped-def]
    """A reload of the console (or the same officer on a new PC at the same counter)
    finds the ticket there."""
    booking = await called_to_ruang_3(client, kiosk, serial=5, account=f"poli.{LASEM}")
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, service="poli-umum", counter="Ruang 3")
        await app.wait_for(lambda: app.exists(identifier="patient-name"))
        assert shown(app, "current-number") == booking.ticket.display_number
        assert shown(app, "patient-name") == "Siti Aminah"


async def test_a_counter_taken_over_shows_the_patient_once_its_new_officer_recalls_them(  # type: ignore[no-untyped-def]
    app_main, client, kiosk,
):
    """The admin called the number to Ruang 3 and leaves; the poli officer who sits
    down there is told why no name shows, recalls the number (R), and sees who it is."""
    await called_to_ruang_3(client, kiosk, serial=6, account=f"admin.{LASEM}")
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, service="poli-umum", counter="Ruang 3")
        other_counter = error_message(Translator("id"), "patient_at_other_counter")
        await app.wait_for(lambda: app.exists(text=other_counter))
        assert not app.exists(identifier="patient-name")
        await press(app, "R")
        await app.wait_for(lambda: app.exists(identifier="patient-name"))
        assert shown(app, "patient-name") == "Siti Aminah"


async def signed_in(client: ApiClient, username: str) -> ApiClient:
    await client.staff.login(username, "rembang-demo")
    return client
