"""The loket's desk in Chromium at 1366×768, against a real demo server at 08:00 in
Rembang (`LSR_DEMO_CLOCK`): a booking's code typed by a "scanner" (the keyboard, with no
field focused, as a USB scanner types) shows the booking, Enter checks it in; key W
gives a walk-in number, shown large (this desk has no printer). Then the loket's whole
path at once, with the waiting room's TV beside it: scan a booking in, give a walk-in a
number at the desk, call it, see who it is, skip, return it to the queue, call it again.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from playwright.sync_api import expect

from api_client import ApiClient, new_idempotency_key
from api_client.models import Payer, TicketStatus
from tests.api.helpers import nik_for, patient
from tests.browser.conftest import Api, by_id, finish_everyone, screenshot, type_into
from tests.browser.test_readme_tour import open_page  # noqa: F401  (a fixture)
from tests.browser.test_staff_browser import open_desk
from tests.support.live_server import LiveServer

LASEM = "pkm-lasem"
DESK = {"width": 1366, "height": 768}
TV = {"width": 1920, "height": 1080}


def api(demo: LiveServer, work):  # type: ignore[no-untyped-def]
    """`work(client)` as Lasem's admin, on a loop of its own (Playwright holds this one)."""
    service = Api(demo.api_url)
    try:
        client = service.client()
        service(client.staff.login(f"admin.{LASEM}", "rembang-demo"))
        return service(work(client))
    finally:
        service.close()


_SCAN_RUNS = itertools.count()
"""A rerun (after a hung renderer) meets the same demo server: a new patient each time,
or the first try's booking answers 409 already_booked."""


def test_a_scanned_code_is_checked_in_and_w_gives_a_number(open_page, demo):  # type: ignore[no-untyped-def]  # noqa: F811
    today = demo.today  # a working day, at 08:00
    run = next(_SCAN_RUNS)

    async def book(client: ApiClient):  # type: ignore[no-untyped-def]
        umum = next(s.id for s in (await client.facilities.get(LASEM)).services if s.code == "poli-umum")
        return await client.bookings.create(
            service_id=umum, service_date=today, payer=Payer.jkn, patient=patient(4242 + run),
            consent_version="2026-11", idempotency_key=new_idempotency_key())

    booking = api(demo, book)
    page = open_page(demo.url + "/staff", DESK)
    open_desk(page, f"loket.{LASEM}", "loket", "Loket 1")
    page.keyboard.type(booking.booking_code)  # no field focused: as a USB scanner types
    page.keyboard.press("Enter")
    expect(by_id(page, "desk-preview-number")).to_have_text(booking.ticket.display_number, timeout=10_000)
    expect(by_id(page, "current-number")).to_contain_text("Belum ada nomor")  # no shortcut fired
    screenshot(page, "desk-checkin-preview")
    page.keyboard.press("Enter")
    expect(by_id(page, "desk-checkin-notice")).to_contain_text("sudah check-in", timeout=10_000)
    screenshot(page, "desk-checkin-done")
    page.keyboard.press("w")
    by_id(page, "walkin-issue").wait_for(timeout=10_000)
    page.keyboard.press("2")
    screenshot(page, "desk-walkin-form")
    page.keyboard.press("Enter")
    # the day's first walk-in at the Poli Umum; a rerun's first try took one already
    expect(by_id(page, "walkin-number")).to_have_text("A-001" if run == 0 else re.compile(r"^A-\d{3}$"),
                                                     timeout=10_000)
    screenshot(page, "desk-walkin-number")

    async def status(client: ApiClient):  # type: ignore[no-untyped-def]
        return (await client.bookings.get(booking.booking_code)).ticket.status

    assert api(demo, status) is TicketStatus.checked_in


_LOKET_PATH_RUNS = itertools.count()
"""A rerun (after a hung renderer) meets the same demo server: new people each time, or
the booking and the walk-in of the first try answer 409 already_booked."""


def test_the_loket_path_scan_walk_in_call_see_skip_return_call_again_with_the_tv(open_page, demo):  # type: ignore[no-untyped-def]  # noqa: F811
    today = demo.today  # a working day, at 08:00
    run = 10 * next(_LOKET_PATH_RUNS)
    elder = nik_for(4343 + run, birth=dt.date(1956, 3, 1))  # 70 years old in December 2026

    async def prepare(client: ApiClient):  # type: ignore[no-untyped-def]
        services = {s.code: s.id for s in (await client.facilities.get(LASEM)).services}
        await finish_everyone(client, services["loket"])  # what earlier tests left
        return await client.bookings.create(
            service_id=services["poli-umum"], service_date=today, payer=Payer.jkn,
            patient=patient(4344 + run), consent_version="2026-11", idempotency_key=new_idempotency_key())

    booking = api(demo, prepare)
    tv = open_page(demo.url + f"/display/{LASEM}", TV)
    by_id(tv, "now-loket").wait_for(timeout=20_000)
    page = open_page(demo.url + "/staff", DESK)
    open_desk(page, f"loket.{LASEM}", "loket", "Loket 2")
    notice = by_id(page, "desk-notice")

    page.keyboard.type(booking.booking_code)  # the scanner
    page.keyboard.press("Enter")
    expect(by_id(page, "desk-preview-number")).to_have_text(booking.ticket.display_number, timeout=10_000)
    page.wait_for_timeout(300)  # the clerk's Enter, not a key of the scanner's burst (desk_keys.py)
    page.keyboard.press("Enter")
    expect(by_id(page, "desk-checkin-notice")).to_contain_text("sudah check-in", timeout=10_000)

    page.keyboard.press("w")  # a number for someone without a phone: Lansia, with her NIK
    by_id(page, "walkin-issue").wait_for(timeout=10_000)
    by_id(page, "walkin-lane-lansia").click()  # (key 2 too: the test above)
    type_into(page, "walkin-nik", elder)  # checks the NIK arrived (a fill can be dropped)
    by_id(page, "walkin-nik").locator("input").first.press("Enter")
    number = by_id(page, "walkin-number")
    expect(number).to_have_text(re.compile(r"A-\d{3}"), timeout=10_000)
    walk_in = number.inner_text()
    page.keyboard.press("Escape")
    expect(by_id(page, "walkin-number")).to_have_count(0)

    page.keyboard.press("c")
    expect(notice).to_have_text(f"{walk_in} dipanggil ke Loket 2.", timeout=10_000)
    expect(by_id(tv, "now-loket")).to_have_text(walk_in, timeout=2_000)
    expect(by_id(tv, "where-loket")).to_contain_text("Loket 2", timeout=2_000)
    expect(by_id(page, "patient-facts")).to_contain_text("70 tahun", timeout=10_000)
    expect(by_id(page, "patient-facts")).to_contain_text("Lansia")
    expect(by_id(page, "patient-nik")).to_contain_text(elder[-4:])
    assert elder not in page.locator("body").inner_text()  # masked, never whole
    screenshot(page, "desk-path-patient")

    page.keyboard.press("s")
    expect(notice).to_have_text(f"{walk_in} dicatat tidak hadir.")
    expect(by_id(tv, "now-loket")).to_have_text("—", timeout=2_000)
    page.keyboard.press("q")
    page.get_by_text("Nomor yang dikembalikan dipanggil setelah dua panggilan berikutnya.").wait_for()
    page.keyboard.press("1")
    expect(notice).to_contain_text(f"{walk_in} kembali ke antrean")

    page.keyboard.press("c")  # nobody else waits: the returned number is called at once
    expect(notice).to_have_text(f"{walk_in} dipanggil ke Loket 2.", timeout=10_000)
    expect(by_id(tv, "now-loket")).to_have_text(walk_in, timeout=2_000)
    screenshot(tv, "desk-path-tv")
