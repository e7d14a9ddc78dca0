"""Who is at the counter, and the hand-over, in Chromium at 1366×768: the poli of
Puskesmas Lasem calls a booked patient and sees their name, age, payer and booking
code; "Selesai dan kirim ke …" (T, then a digit) sends them to the Apotek, and the
patient's own ticket follows with the new number. On a demo system at 08:00 (the
README's `LSR_DEMO_CLOCK`), so the Poli Umum is open at any hour of the real day.

Screenshots: test-output/screenshots/staff-patient-*.png.
"""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import expect

from api_client import new_idempotency_key
from api_client.identity import format_booking_code
from api_client.models import Payer
from tests.api.helpers import patient
from tests.browser.conftest import Api, _only_loopback, by_id, enable_semantics, finish_everyone, screenshot
from tests.browser.test_staff_browser import open_desk

LASEM = "pkm-lasem"
CONSOLE = {"width": 1366, "height": 768}
PHONE = {"width": 412, "height": 800}


@pytest.fixture
def open_page(browser, demo):  # type: ignore[no-untyped-def]
    contexts = []

    def open_at(path: str, viewport: dict[str, int]):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport=viewport, locale="id-ID")
        context.route("**/*", _only_loopback)
        contexts.append(context)
        page = context.new_page()
        page.goto(demo.url + path)
        enable_semantics(page)
        return page

    yield open_at
    for context in contexts:
        context.close()


_RUNS = itertools.count()
"""A rerun (after a hung renderer) meets the same demo server: a new patient each time,
or the first try's booking answers 409 already_booked."""


def test_the_poli_sees_who_is_called_and_sends_them_on_to_the_apotek(open_page, demo):  # type: ignore[no-untyped-def]
    api = Api(demo.api_url)
    try:
        citizen, kiosk = api.client(), api.client(kiosk_key=f"demo-kiosk-{LASEM}")
        services = {s.code: s.id for s in api(citizen.facilities.get(LASEM)).services}
        today = demo.today  # a working day, at 08:00
        poli = api.client()
        api(poli.staff.login(f"poli.{LASEM}", "rembang-demo"))
        api(finish_everyone(poli, services["poli-umum"]))  # a rerun meets the first try's patient
        serial = 88 + next(_RUNS)
        booking = api(citizen.bookings.create(
            service_id=services["poli-umum"], service_date=today, payer=Payer.jkn,
            patient=patient(serial, name="Siti Aminah"), consent_version="2026-11",
            idempotency_key=new_idempotency_key(),
        ))
        api(kiosk.bookings.check_in_at_facility(booking.booking_code))
    finally:
        api.close()
    number = booking.ticket.display_number

    console = open_page("/staff", CONSOLE)
    open_desk(console, f"poli.{LASEM}", "poli-umum", "Ruang 1")
    console.keyboard.press("c")
    expect(by_id(console, "current-number")).to_have_text(number, timeout=10_000)
    expect(by_id(console, "patient-name")).to_have_text("Siti Aminah", timeout=10_000)
    expect(by_id(console, "patient-facts")).to_contain_text(
        f"tahun · JKN · •••••••••{serial:04d} · Jalur reguler")
    expect(by_id(console, "patient-code")).to_have_text(
        f"Kode booking {format_booking_code(booking.booking_code)}")
    screenshot(console, "staff-patient-at-counter")

    console.keyboard.press("t")
    expect(by_id(console, "transfer-title")).to_have_text(f"Selesai dan kirim {number} ke:")
    expect(by_id(console, "transfer-to-apotek")).to_contain_text("Apotek")
    assert by_id(console, "transfer-to-loket").count() == 0
    assert by_id(console, "transfer-to-poli-umum").count() == 0
    screenshot(console, "staff-patient-send-on")

    console.keyboard.press("1")  # the Apotek: the usual next stage after a poli
    expect(by_id(console, "desk-notice")).to_contain_text(
        f"{number} selesai. Pasien menuju Apotek dengan nomor baru P-", timeout=10_000)
    assert by_id(console, "patient-card").count() == 0
    new_number = by_id(console, "desk-notice").inner_text().rsplit(" ", 1)[-1].rstrip(".")
    screenshot(console, "staff-patient-sent-on")

    ticket = open_page(f"/tiket/{booking.booking_code}", PHONE)  # the patient's QR/code still works
    expect(by_id(ticket, "ticket-service")).to_have_text("Apotek", timeout=20_000)
    expect(by_id(ticket, "ticket-number")).to_have_text(new_number)


def test_the_loket_sends_a_walk_in_on_to_any_of_eight_next_stages(open_page, demo):  # type: ignore[no-untyped-def]
    """The longest list (Puskesmas Lasem's loket: five poli, UGD, lab, apotek) fits the
    console at 1366×768 with its keys; Esc closes it and nothing was sent."""
    api = Api(demo.api_url)
    try:
        kiosk = api.client(kiosk_key=f"demo-kiosk-{LASEM}")
        loket = next(s.id for s in api(kiosk.facilities.get(LASEM)).services if s.code == "loket")
        clerk = api.client()
        api(clerk.staff.login(f"loket.{LASEM}", "rembang-demo"))
        api(finish_everyone(clerk, loket))  # so that the number called next is this walk-in's
        walk_in = api(kiosk.bookings.walk_in(service_id=loket, idempotency_key=new_idempotency_key()))
    finally:
        api.close()
    console = open_page("/staff", CONSOLE)
    open_desk(console, f"loket.{LASEM}", "loket", "Loket 2")
    console.keyboard.press("c")
    expect(by_id(console, "patient-name")).to_have_text("Tanpa identitas", timeout=10_000)
    expect(by_id(console, "current-number")).to_have_text(walk_in.ticket.display_number)
    number = by_id(console, "current-number").inner_text()
    assert number.startswith("A-")
    console.keyboard.press("t")
    expect(by_id(console, "transfer-title")).to_have_text(f"Selesai dan kirim {number} ke:")
    for code in ("poli-umum", "poli-gigi", "kia-kb", "mtbs", "gizi", "ugd", "lab", "apotek"):
        expect(by_id(console, f"transfer-to-{code}")).to_have_count(1)
    screenshot(console, "staff-patient-send-on-from-loket")
    console.keyboard.press("Escape")
    expect(by_id(console, "transfer-title")).to_have_count(0)
    expect(by_id(console, "current-number")).to_have_text(number)
