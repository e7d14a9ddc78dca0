"""Check-in at the loket's desk, in-process against the real service at Monday 30
November 2026, 08:00 WIB, Puskesmas Lasem: a scanned or typed booking code, or a search
by the last digits of the NIK or phone, shows the booking; the clerk confirms.

A USB scanner is a keyboard: its keys reach `page.on_keyboard_event` a few
milliseconds apart, with or without a focused field (flet's page listens to every key
press), and a booking code holds the desk's shortcut letters. Here its keys are sent
without waiting for each handler, as they arrive from a real scanner.
"""

from __future__ import annotations

import asyncio

import flet as ft
import pytest
from flet.messaging.protocol import MessageAction

from api_client import ApiClient, new_idempotency_key
from api_client.models import TicketStatus
from tests.api.helpers import book, nik_for, service_id
from tests.views.harness import run_app
from tests.views.test_staff_console import open_desk, press, shown
from views.staff.desk_keys import BURST_SECONDS

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"
SHORTCUT_HEAVY_CODE = "CDRSTWF0XN2QP"  # every desk shortcut letter in one valid code


@pytest.fixture
def kiosk(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    return make_client(kiosk_key=f"demo-kiosk-{LASEM}")


async def key_burst(app, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Keys as a scanner types them: each sent before the previous one's handler ends."""
    tasks = [
        await app._client_send(MessageAction.CONTROL_EVENT, {
            "target": app.page._i, "name": "keyboard_event",
            "data": {"key": key, "shift": False, "ctrl": False, "alt": False, "meta": False}})
        for key in keys
    ]
    for task in tasks:
        await app._finish(task)


async def test_a_typed_code_shows_the_booking_and_confirming_checks_it_in(app_main, client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, LASEM, "poli-umum")
    booking = await book(client, umum, serial=7)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, f"loket.{LASEM}", service="loket")
        field = app.find(ft.TextField, label="Scan atau ketik kode booking / cari pasien")
        await app.fill(field, booking.booking_code.lower(), submit=True)
        await app.wait_for(lambda: app.exists(identifier="desk-preview"))
        assert shown(app, "desk-preview-number") == booking.ticket.display_number
        card = shown(app, "desk-preview")
        for fact in ("Poli Umum", "S*** A*****", "3317********0007", "JKN", "Dipesan hari ini pukul 08.00"):
            assert fact in card
        assert (await client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.booked
        await app.click(identifier="desk-confirm")
        await app.wait_for(lambda: app.exists(identifier="desk-checkin-notice"))
        assert shown(app, "desk-checkin-notice") == (
            f"{booking.ticket.display_number} (Poli Umum) sudah check-in dan menunggu dipanggil.")
        assert not app.exists(identifier="desk-preview")
    assert (await client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.checked_in


async def test_a_scan_with_no_field_focused_fires_no_shortcut(app_main, client, kiosk, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("server.queue.intake.new_booking_code", lambda: SHORTCUT_HEAVY_CODE)
    umum = await service_id(client, LASEM, "poli-umum")
    booking = await book(client, umum, serial=8)
    loket = await service_id(client, LASEM, "loket")
    monkeypatch.undo()
    await kiosk.bookings.walk_in(service_id=loket, idempotency_key=new_idempotency_key())
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, f"loket.{LASEM}", service="loket")
        await key_burst(app, [*SHORTCUT_HEAVY_CODE, "Enter"])
        await app.wait_for(lambda: app.exists(identifier="desk-preview"))
        assert shown(app, "desk-preview-number") == booking.ticket.display_number
        assert "Belum ada nomor" in shown(app, "current-number")  # C did not call the walk-in
        assert not app.page._dialogs.controls or not any(d.open for d in app.page._dialogs.controls)
        await asyncio.sleep(BURST_SECONDS)  # the officer looks, then confirms with the keyboard
        await press(app, "Enter")
        await app.wait_for(lambda: app.exists(identifier="desk-checkin-notice"))
        assert "sudah check-in" in shown(app, "desk-checkin-notice")
        await press(app, "C")  # a shortcut pressed alone still works
        await app.wait_for(lambda: shown(app, "current-number") == "A-001")


async def test_keys_typed_into_the_focused_field_fire_no_shortcut(app_main, client, kiosk):  # type: ignore[no-untyped-def]
    loket = await service_id(client, LASEM, "loket")
    await kiosk.bookings.walk_in(service_id=loket, idempotency_key=new_idempotency_key())
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, f"loket.{LASEM}", service="loket")
        field = app.find(ft.TextField, label="Scan atau ketik kode booking / cari pasien")
        await app.trigger(field, "focus")
        for key in "CDS":  # typing "Cds…" into the field: the page hears every key
            await press(app, key)
        assert "Belum ada nomor" in shown(app, "current-number")
        await app.trigger(field, "blur")
        await press(app, "C")
        await app.wait_for(lambda: shown(app, "current-number") == "A-001")


async def test_key_f_puts_the_cursor_in_the_check_in_field(app_main):  # type: ignore[no-untyped-def]
    focused: list[int] = []
    handlers = {("TextField", "focus"): lambda control, _args: focused.append(control._i)}
    async with run_app(app_main, route="/staff", method_handlers=handlers) as app:
        await open_desk(app, f"loket.{LASEM}", service="loket")
        await press(app, "f")
        field = app.find(ft.TextField, label="Scan atau ketik kode booking / cari pasien")
        assert focused == [field._i]


async def test_the_last_digits_find_todays_bookings_to_choose_from(app_main, client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, LASEM, "poli-umum")
    gigi = await service_id(client, LASEM, "poli-gigi")
    first = await book(client, umum, serial=1201)
    second = await book(client, gigi, serial=2201)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, f"loket.{LASEM}", service="loket")
        field = app.find(ft.TextField, label="Scan atau ketik kode booking / cari pasien")
        await app.fill(field, "7890", submit=True)  # both were booked with 0812-3456-7890
        await app.wait_for(lambda: app.exists(identifier="desk-found"))
        assert shown(app, "desk-found").startswith("2 pendaftaran hari ini cocok. Pilih satu.")
        await app.click(identifier=f"desk-found-{second.ticket.display_number}")
        await app.wait_for(lambda: app.exists(identifier="desk-preview"))
        assert "3317********2201" in shown(app, "desk-preview")
        await press(app, "Escape")
        assert not app.exists(identifier="desk-preview")
        await app.fill(app.find(ft.TextField, label="Scan atau ketik kode booking / cari pasien"),
                       nik_for(1201)[-4:], submit=True)
        await app.wait_for(lambda: app.exists(identifier="desk-preview"))  # one match: shown at once
        assert shown(app, "desk-preview-number") == first.ticket.display_number


async def test_each_refusal_is_said_plainly(app_main, client):  # type: ignore[no-untyped-def]
    import datetime as dt

    elsewhere = await book(client, await service_id(client, "pkm-sumber", "poli-umum"), serial=31)
    tomorrow = await book(client, await service_id(client, LASEM, "poli-umum"), serial=32,
                          day=dt.date(2026, 12, 1))
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, f"loket.{LASEM}", service="loket")
        label = "Scan atau ketik kode booking / cari pasien"
        expected = {
            elsewhere.booking_code: "Pendaftaran ini untuk puskesmas atau rumah sakit lain, bukan di sini.",
            tomorrow.booking_code:
                "Pendaftaran ini untuk hari lain. Silakan datang pada tanggal yang tertulis.",
            "K7QD2M9FXH3TA": "Kode booking tidak ditemukan. Periksa lagi kodenya.",
            "Siti Aminah": error_sentence(),
            "12345": "Ketik 4 angka terakhir NIK atau nomor HP, atau nomornya lengkap.",
        }
        for typed, sentence in expected.items():
            await app.fill(app.find(ft.TextField, label=label), typed, submit=True)
            await app.wait_for(lambda s=sentence: app.exists(identifier="desk-checkin-notice")
                               and shown(app, "desk-checkin-notice") == s)


def error_sentence() -> str:
    return ("Cari dengan nama dan tanggal lahir (contoh: Siti Aminah 15-06-1990), atau dengan "
            "4 angka terakhir NIK atau nomor HP.")


async def test_enter_again_in_the_field_confirms_what_is_shown(app_main, client, monkeypatch):  # type: ignore[no-untyped-def]
    """Keyboard only, cursor in the field: the code and Enter show the booking; Enter again
    checks it in (a scanner's double read, within a second, does not)."""
    monkeypatch.setattr("views.staff.checkin_model.REPEAT_SECONDS", 0.0)
    booking = await book(client, await service_id(client, LASEM, "poli-umum"), serial=9)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, f"loket.{LASEM}", service="loket")
        field = app.find(ft.TextField, label="Scan atau ketik kode booking / cari pasien")
        await app.fill(field, booking.booking_code, submit=True)
        await app.wait_for(lambda: app.exists(identifier="desk-preview"))
        assert (await client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.booked
        await app.trigger(app.find(ft.TextField, label="Scan atau ketik kode booking / cari pasien"),
                          "submit", booking.booking_code)
        await app.wait_for(lambda: app.exists(identifier="desk-checkin-notice"))
        assert "sudah check-in" in shown(app, "desk-checkin-notice")
    assert (await client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.checked_in


async def test_the_clerk_sees_how_long_ago_it_was_booked_and_a_nik_used_with_another_phone(  # type: ignore[no-untyped-def]
    app_main, client, clock,
):
    import datetime as dt

    from api_client.models import Payer
    from tests.api.helpers import patient

    umum = await service_id(client, LASEM, "poli-umum")
    gigi = await service_id(client, LASEM, "poli-gigi")
    clock.advance(days=-2)  # Saturday: booked for Monday
    booking = await book(client, umum, serial=88)
    clock.advance(days=2)
    await client.bookings.create(  # the same NIK, booked with another phone
        service_id=gigi, service_date=dt.date(2026, 11, 30), payer=Payer.jkn,
        patient=patient(88, phone="0813-9999-0000"), consent_version="2026-11",
        idempotency_key=new_idempotency_key(),
    )
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, f"loket.{LASEM}", service="loket")
        await app.fill(app.find(ft.TextField, label="Scan atau ketik kode booking / cari pasien"),
                       booking.booking_code, submit=True)
        await app.wait_for(lambda: app.exists(identifier="desk-preview"))
        assert "Dipesan 2 hari lalu" in shown(app, "desk-preview")
        assert shown(app, "desk-preview-nik-other-phone") == (
            "NIK ini juga dipakai dengan nomor HP lain. Periksa KTP pasien.")
