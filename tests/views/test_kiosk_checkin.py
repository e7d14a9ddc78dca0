"""Check-in at the kiosk: a scanned or typed booking code marks the patient as
arrived in the API and prints a ticket; every wrong code is said plainly, with
the way to the loket."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client.models import TicketStatus
from tests.api.helpers import book, service_id
from tests.kiosk.view_support import (
    LANDSCAPE,
    PORTRAIT,
    kiosk_main,
    paper,
    scan,
    scan_into_field,
    tap_keys,
)
from tests.views.harness import run_app
from views.kiosk import clock as kiosk_clock

pytestmark = pytest.mark.anyio
MONDAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def kiosk_pc(monkeypatch, clock):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(kiosk_clock, "now", lambda: clock.now)


@pytest.fixture
def lp0(tmp_path):  # type: ignore[no-untyped-def]
    return tmp_path / "lp0"


async def open_checkin(kiosk) -> None:  # type: ignore[no-untyped-def]
    await kiosk.wait_for(lambda: kiosk.exists(text="Layanan yang buka sekarang:"))
    await kiosk.click(identifier="kiosk-checkin")
    assert kiosk.exists(text="Arahkan kode QR di layar HP atau kertas Anda ke alat pemindai.")


async def test_scanning_an_online_booking_records_the_arrival_and_prints_a_ticket(
    app, lp0, client, clock
):  # type: ignore[no-untyped-def]
    booking = await book(client, await service_id(client, code="poli-umum"), day=MONDAY)
    assert booking.ticket.status is TicketStatus.booked
    clock.advance(minutes=20)  # the patient arrives at 08:20
    async with run_app(kiosk_main(app, printer=f"file:{lp0}"), **PORTRAIT) as kiosk:
        await open_checkin(kiosk)
        await scan_into_field(kiosk, booking.booking_code)
        await kiosk.wait_for(lambda: kiosk.exists(identifier="print-printed"))
        assert kiosk.exists(text="Kedatangan Anda sudah tercatat")
        assert kiosk.exists(text=booking.ticket.display_number)
    arrived = await client.bookings.get(booking.booking_code)
    assert arrived.ticket.status is TicketStatus.checked_in
    assert arrived.checked_in_at == clock.now
    printed = paper(lp0)
    assert f"[4x] {booking.ticket.display_number}" in printed
    assert "Siti" not in printed and "S***" not in printed  # no name on paper


async def test_the_booking_code_can_be_typed_on_the_keypad_in_landscape(app, lp0, client):  # type: ignore[no-untyped-def]
    booking = await book(client, await service_id(client, code="poli-gigi"), day=MONDAY)
    async with run_app(kiosk_main(app, printer=f"file:{lp0}"), **LANDSCAPE) as kiosk:
        await open_checkin(kiosk)
        await tap_keys(kiosk, "code", booking.booking_code[:5] + "X")
        await kiosk.click(identifier="code-backspace")  # a slip of the finger, undone
        await tap_keys(kiosk, "code", booking.booking_code[5:])
        await kiosk.click(identifier="checkin-send")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="print-printed"))
        assert kiosk.exists(text=booking.ticket.display_number)
    assert (await client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.checked_in


async def test_a_scan_on_the_start_screen_checks_in_at_once(app, lp0, client):  # type: ignore[no-untyped-def]
    booking = await book(client, await service_id(client, code="kia-kb"), day=MONDAY)
    async with run_app(kiosk_main(app, printer=f"file:{lp0}"), **PORTRAIT) as kiosk:
        await kiosk.wait_for(lambda: kiosk.exists(text="Layanan yang buka sekarang:"))
        await scan(kiosk, booking.booking_code)
        await kiosk.wait_for(lambda: kiosk.exists(identifier="print-printed"))
        assert kiosk.exists(text="Kedatangan Anda sudah tercatat")
    assert (await client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.checked_in


async def booking_for(case: str, client, make_client, clock) -> str:  # type: ignore[no-untyped-def]
    """A code that the kiosk of Puskesmas Sumber must refuse, for each reason."""
    umum = await service_id(client, code="poli-umum")
    if case == "booking_not_found":
        return "K7QD2M9FXH3TA"
    if case == "wrong_facility":
        lasem = await service_id(client, facility_id="pkm-lasem", code="poli-umum")
        return (await book(client, lasem, day=MONDAY)).booking_code
    if case == "booking_cancelled":
        code = (await book(client, umum, day=MONDAY)).booking_code
        await client.bookings.cancel(code)
        return code
    if case == "already_checked_in":
        code = (await book(client, umum, day=MONDAY)).booking_code
        await make_client(kiosk_key="demo-kiosk-pkm-sumber").bookings.check_in_at_facility(code)
        return code
    if case == "booking_in_future":
        return (await book(client, umum, day=MONDAY + dt.timedelta(days=1))).booking_code
    assert case == "booking_expired"
    code = (await book(client, umum, day=MONDAY)).booking_code
    clock.set(2026, 12, 1, 8, 0)  # the patient comes on Tuesday
    return code


@pytest.mark.parametrize(("case", "message"), [
    ("booking_not_found", "Kode booking tidak ditemukan. Periksa lagi kodenya."),
    ("wrong_facility", "Pendaftaran ini untuk puskesmas atau rumah sakit lain, bukan di sini."),
    ("booking_cancelled", "Pendaftaran ini sudah dibatalkan."),
    ("already_checked_in", "Kedatangan Anda sudah tercatat. Silakan tunggu nomor Anda dipanggil."),
    ("booking_in_future", "Pendaftaran ini untuk hari lain. Silakan datang pada tanggal yang tertulis."),
    ("booking_expired", "Tanggal pendaftaran ini sudah lewat. Silakan daftar lagi untuk mendapat nomor "
                        "antrean baru."),
])
async def test_a_wrong_code_is_said_plainly_with_the_way_to_the_loket(
    app, lp0, client, make_client, clock, case, message
):  # type: ignore[no-untyped-def]
    code = await booking_for(case, client, make_client, clock)
    async with run_app(kiosk_main(app, printer=f"file:{lp0}"), **PORTRAIT) as kiosk:
        await open_checkin(kiosk)
        await scan_into_field(kiosk, code)
        assert kiosk.exists(text=message)
        assert kiosk.exists(text="Silakan ke loket pendaftaran.")
        await kiosk.click(identifier="problem-retry")  # another try: an empty field again
        assert kiosk.exists(text="Arahkan kode QR di layar HP atau kertas Anda ke alat pemindai.")
        assert not kiosk.exists(text=code)
        await kiosk.click(identifier="kiosk-home")
        assert kiosk.exists(identifier="kiosk-walkin")
    assert not lp0.exists()  # no ticket for a refused code
