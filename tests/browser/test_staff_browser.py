"""The staff console in Chromium against the real server (real clock: the UGD of
Puskesmas Lasem is open day and night and is served by its poli staff), with the
waiting-room TV (a second page at 1920×1080) and the patient's open ticket (phone).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import expect

from api_client import new_idempotency_key
from api_client.models import Booking
from tests.browser.conftest import Api, by_id, finish_everyone, type_into
from tests.browser.conftest import screenshot as save_screenshot

LASEM = "pkm-lasem"
DESK = {"width": 1280, "height": 800}
TV = {"width": 1920, "height": 1080}
# A rerun (after a hung browser) gets an account whose wrong sign-ins the first try
# did not count (no other test signs in as these).
APOTEK_ACCOUNTS = iter(f"apotek.pkm-{name}" for name in ("sulang", "rembang-1", "rembang-2"))



class Lasem:
    """Puskesmas Lasem seen from the tests: its kiosk, its admin, its services."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.kiosk = api.client(kiosk_key=f"demo-kiosk-{LASEM}")
        self.admin = api.client()
        api(self.admin.staff.login(f"admin.{LASEM}", "rembang-demo"))
        services = api(self.kiosk.facilities.get(LASEM)).services
        self.service = {s.code: s.id for s in services}

    def walk_in(self, code: str = "ugd") -> Booking:
        return self.api(self.kiosk.bookings.walk_in(
            service_id=self.service[code], idempotency_key=new_idempotency_key()))

    def empty_queue(self, code: str = "ugd") -> None:
        """Finish whatever earlier tests left at a counter or waiting, so that the TV
        shows our numbers only and the next number called is ours."""
        self.api(finish_everyone(self.admin, self.service[code]))

    def waiting(self, code: str) -> int:
        return self.api(self.kiosk.queues.state(self.service[code])).waiting


@pytest.fixture
def lasem(api) -> Lasem:  # type: ignore[no-untyped-def]
    return Lasem(api)


def storage(web_server, **prefs: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Saved preferences (Flutter keeps them in localStorage as `flutter.<key>`, JSON twice)."""
    preferences = {"language": "id", "text_scale": 1.0, "high_contrast": False, "dark": False,
                   "followed": [], **prefs}
    local = [{"name": "flutter.lsr.preferences", "value": json.dumps(json.dumps(preferences))}]
    return {"cookies": [], "origins": [{"origin": web_server.url, "localStorage": local}]}


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.bring_to_front()  # only the tab in front paints
    page.wait_for_timeout(500)
    save_screenshot(page, name)


def sign_in(page, username: str, password: str = "rembang-demo") -> None:  # type: ignore[no-untyped-def]
    """Fill the form and press Masuk. What a person types first is never lost
    (tests/browser/test_staff_sign_in_browser.py); but in a test with several tabs open
    (console, TV, ticket, then more consoles), Playwright's fill into a tab just opened
    was dropped three times in one clean-clone run (15c), so the tab is filled again then."""
    page.bring_to_front()  # one test opens several tabs: only the one in front takes keys
    by_id(page, "staff-username").wait_for(timeout=20_000)
    for attempt in range(3):
        try:
            type_into(page, "staff-username", username)
            break
        except TimeoutError:
            if attempt == 2:
                raise
            page.bring_to_front()
            page.wait_for_timeout(1_000)
    type_into(page, "staff-password", password)
    by_id(page, "sign-in").click()


def open_desk(page, username: str, service: str, counter: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, username)
    signed_in = by_id(page, "sign-out").or_(by_id(page, "sign-in-error"))
    signed_in.first.wait_for(timeout=20_000)
    assert by_id(page, "sign-in-error").count() == 0, by_id(page, "sign-in-error").inner_text()
    by_id(page, f"service-{service}").click(timeout=20_000)
    type_into(page, "counter-name", counter)
    by_id(page, "start-desk").click()
    by_id(page, "action-call-next").wait_for(timeout=20_000)


# ---------------------------------------------------------------- signing in


def test_a_wrong_password_is_said_plainly_and_repeated_ones_make_this_device_wait(new_page, web_server):  # type: ignore[no-untyped-def]
    page = new_page("/staff", viewport=DESK)
    by_id(page, "staff-username").wait_for(timeout=20_000)
    screenshot(page, "staff-sign-in-light")
    sign_in(page, next(APOTEK_ACCOUNTS), "salah")
    expect(by_id(page, "sign-in-error")).to_have_text("Nama pengguna atau kata sandi salah.")
    screenshot(page, "staff-sign-in-wrong-password")
    for _ in range(4):
        type_into(page, "staff-password", "masih-salah")
        by_id(page, "sign-in").click()
        expect(by_id(page, "staff-password").locator("input")).to_have_value("")  # refused
    type_into(page, "staff-password", "rembang-demo")  # even the right one, for now
    by_id(page, "sign-in").click()
    expect(by_id(page, "sign-in-error")).to_contain_text(
        "Terlalu banyak percobaan masuk yang salah dari perangkat ini. Coba lagi dalam"
    )
    assert by_id(page, "sign-out").count() == 0
    screenshot(page, "staff-sign-in-locked")

    dark = new_page("/staff", viewport=DESK, storage_state=storage(web_server, dark=True))
    by_id(dark, "staff-username").wait_for(timeout=20_000)
    screenshot(dark, "staff-sign-in-dark")


# ---------------------------------------------------------------- at the counter


# How long a test waits for a call, a skip or a transfer to reach the TV and the patient's
# ticket (1 s on a quiet machine; its p99 beside a busy neighbour is bench/call_to_tv.py's
# to measure, not a test's). On a loaded CI machine S's skip was missing from the TV after
# 5 s and again after 15 s; the second time the console and the ticket showed the skip had
# not happened at all (an error notice below the fold; its text is in the next failure's
# report: conftest.what_it_says), so the wait is not the whole story.
REACHES = 15_000


def test_a_call_at_the_console_reaches_the_tv_and_the_patients_ticket(
    new_page, web_server, lasem
):  # type: ignore[no-untyped-def]
    lasem.empty_queue("ugd")
    mine = lasem.walk_in("ugd")
    number = mine.ticket.display_number
    tv = new_page(f"/display/{LASEM}", viewport=TV)
    by_id(tv, "now-ugd").wait_for(timeout=20_000)
    ticket = new_page(f"/tiket/{mine.booking_code}")
    by_id(ticket, "ticket-status").wait_for(timeout=20_000)
    expect(by_id(ticket, "ticket-status")).to_have_text("Sudah check-in", timeout=REACHES)

    console = new_page("/staff", viewport=DESK)
    open_desk(console, f"poli.{LASEM}", "ugd", "Ruang 2")
    expect(by_id(console, "desk-post")).to_have_text("UGD · Ruang 2")
    expect(by_id(console, "waiting-list")).to_contain_text(number)
    screenshot(console, "staff-desk-waiting-light")

    by_id(console, "action-call-next").click()
    expect(by_id(tv, "now-ugd")).to_have_text(number, timeout=REACHES)
    expect(by_id(tv, "where-ugd")).to_have_text("Silakan ke Ruang 2", timeout=REACHES)
    expect(by_id(console, "current-number")).to_have_text(number)
    expect(by_id(console, "current-arrived")).to_have_text("Sudah check-in")
    expect(by_id(ticket, "ticket-status")).to_have_text("Dipanggil — silakan menuju Ruang 2", timeout=REACHES)
    expect(by_id(console, "desk-notice")).to_have_text(  # confirmed, not only drawn: S may follow
        f"{number} dipanggil ke Ruang 2.")
    screenshot(console, "staff-desk-called-light")
    screenshot(tv, "display-called")
    screenshot(ticket, "staff-ticket-called")

    # S: the patient did not come. The TV clears the UGD; the ticket says so.
    console.bring_to_front()
    console.keyboard.press("s")
    expect(by_id(tv, "now-ugd")).to_have_text("—", timeout=REACHES)
    expect(by_id(ticket, "ticket-status")).to_have_text("Tidak hadir", timeout=REACHES)
    expect(by_id(console, "stat-no-shows")).not_to_have_text("0")

    # C, then T: the next patient is sent on to the Apotek with a new number there.
    second = lasem.walk_in("ugd")
    at_apotek = lasem.waiting("apotek")
    theirs = new_page(f"/tiket/{second.booking_code}")
    by_id(theirs, "ticket-status").wait_for(timeout=20_000)
    expect(by_id(console, "waiting-list")).to_contain_text(second.ticket.display_number)  # live
    console.bring_to_front()
    console.keyboard.press("c")
    expect(by_id(tv, "now-ugd")).to_have_text(second.ticket.display_number, timeout=REACHES)
    expect(by_id(console, "desk-notice")).to_have_text(  # the call is confirmed: T may follow
        f"{second.ticket.display_number} dipanggil ke Ruang 2.")
    console.keyboard.press("t")
    console.get_by_text(f"Selesai dan kirim {second.ticket.display_number} ke:").wait_for()
    screenshot(console, "staff-transfer-dialog")
    by_id(console, "transfer-to-apotek").click()
    expect(by_id(tv, "now-ugd")).to_have_text("—", timeout=REACHES)
    expect(by_id(tv, "waiting-apotek")).to_have_text(f"{at_apotek + 1} menunggu", timeout=REACHES)
    expect(by_id(theirs, "ticket-service")).to_have_text("Apotek", timeout=3_000)
    expect(by_id(theirs, "ticket-number")).to_have_text(
        by_id(console, "desk-notice").inner_text().rsplit(" ", 1)[-1].rstrip("."))
    expect(by_id(console, "desk-notice")).to_contain_text(
        f"{second.ticket.display_number} selesai. Pasien menuju Apotek dengan nomor baru P-")
    screenshot(console, "staff-desk-transferred-light")

    dark = new_page("/staff", viewport=DESK, storage_state=storage(web_server, dark=True))
    open_desk(dark, f"poli.{LASEM}", "ugd", "Ruang 3")
    dark.bring_to_front()  # the fifth tab of this test: only the one in front paints its numbers
    expect(by_id(dark, "stat-served")).not_to_have_text("–", timeout=15_000)
    screenshot(dark, "staff-desk-dark")
    by_id(dark, "sign-out").click()
    by_id(dark, "staff-username").wait_for()

    for language in ("jv", "en"):
        other = new_page("/staff", viewport=DESK, storage_state=storage(web_server, language=language))
        open_desk(other, f"poli.{LASEM}", "ugd", "Ruang 4")
        other.bring_to_front()
        expect(by_id(other, "stat-served")).not_to_have_text("–", timeout=15_000)
        screenshot(other, f"staff-desk-{language}")
