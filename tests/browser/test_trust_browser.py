"""The screens issue 11 changed, in Chromium against a server of this module's own
(real clock), with the settings a go-live has: admins sign in with a one-time code
(LSR_REQUIRE_TOTP) and one phone holds at most three active bookings. Each test
looks for what a person would notice and saves a screenshot (`trust-…`):

- the staff console flags a NIK booked under two phones;
- the staff sign-in asks an admin for the authenticator code, or sets one up;
- "Saya sudah sampai" without location sends the person to the anjungan or loket,
  with location near the facility it records the arrival;
- a fourth active booking on one phone is refused in plain words;
- Data saya says it shows only this phone's visits, and where to go for the rest.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pyotp
import pytest
from playwright.sync_api import expect

from api_client import ApiClient, new_idempotency_key
from api_client.models import Booking, Payer, ServiceKind, TicketStatus
from session.i18n import Translator, error_message
from tests.api.helpers import nik_for, patient
from tests.browser.conftest import Api, by_id, finish_everyone, screenshot, type_into
from tests.browser.test_booking_browser import expect_step, fill_patient
from tests.browser.test_preferences_browser import seeded
from tests.browser.test_privacy_browser import scroll_to_data_saya
from tests.browser.test_staff_browser import sign_in
from tests.support.demo_day import on_a_puskesmas_day
from tests.support.live_server import LiveServer

WIB = ZoneInfo("Asia/Jakarta")
DESK = {"width": 1366, "height": 768}
SMALL_PHONE = {"width": 360, "height": 740}
LARGEST = 1.5  # "Sangat besar" in Pengaturan
PHONE_LIMIT = 3
SERIALS = iter(range(7500, 7600))  # patients of these tests only
PHONES = (f"0857 1100 {n:04d}" for n in range(1000, 2000))  # one per test: the limit is real
# An admin enrolled once stays enrolled on this module's server: a rerun (pytest reruns a
# test whose browser hung) takes the next puskesmas's admin.
ADMINS_WITH_AN_APP = iter(f"admin.pkm-{name}" for name in ("sulang", "kragan-1", "sarang-1", "sedan"))
ADMINS_WITHOUT = iter(f"admin.pkm-{name}" for name in ("pamotan", "gunem", "sale", "bulu"))


@pytest.fixture(scope="module")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """This module's own server: the shared one lets tests book 1000 numbers on one
    phone and lets admins in without a code."""
    server = on_a_puskesmas_day(LiveServer(tmp_path_factory.mktemp("trust"), web=True, env={
        "LSR_REQUIRE_TOTP": "true",
        "LSR_MAX_ACTIVE_BOOKINGS_PER_PHONE": str(PHONE_LIMIT),
    }))
    server.start()
    server.stop()
    open_day_and_night(server.data_dir / "layanan.db")
    server.start()
    yield server
    server.stop()


def open_day_and_night(database: Path) -> None:
    """Poli Umum of Puskesmas Lasem takes bookings for today at any hour (the server runs
    on the real clock, and at 16:00 every poli has closed): its hours, and Lasem's,
    become 00:00-24:00 on every day that has hours."""
    with sqlite3.connect(database) as db:
        db.execute(
            "UPDATE opening_hours SET opens_minute = 0, closes_minute = 1440 "
            "WHERE facility_id = 'pkm-lasem' AND (service_id IS NULL OR service_id = "
            "(SELECT id FROM service WHERE facility_id = 'pkm-lasem' AND code = 'poli-umum'))"
        )


def today(api: Api) -> dt.date:
    """Today for the service (on a Sunday or a holiday, it runs on the next puskesmas
    day: tests/support/demo_day.py)."""
    return (dt.datetime.now(WIB) + api.days_ahead).date()


def open_today(api: Api, client: ApiClient) -> int:
    """Poli Umum of Puskesmas Lasem, open today (see `open_day_and_night`) unless today
    is a holiday."""
    detail = api(client.facilities.get("pkm-lasem"))
    sid = next(s.id for s in detail.services if s.code == "poli-umum")
    days = api(client.facilities.availability(sid)).days
    if not any(d.service_date == today(api) and d.open and d.left_non_jkn > 1 for d in days):
        pytest.skip(f"Poli Umum of Puskesmas Lasem takes no bookings today ({today(api)})")
    return sid


def book(api: Api, client: ApiClient, sid: int, *, day: dt.date, serial: int, phone: str) -> Booking:
    return api(client.bookings.create(
        service_id=sid, service_date=day, payer=Payer.non_jkn,
        patient=patient(serial, phone=phone), consent_version="2026-11",
        idempotency_key=new_idempotency_key(),
    ))


# ---------------------------------------------------------------- 1. the NIK flag


def empty_queue(api: Api, username: str, sid: int) -> None:
    """Finish what is at a counter or waiting (a staff account: admins need a code here)."""
    staff = api.client()
    api(staff.staff.login(username, "rembang-demo"))
    api(finish_everyone(staff, sid))


def test_the_console_flags_a_nik_booked_with_two_phones(new_page, api):  # type: ignore[no-untyped-def]
    client = api.client()
    sid = open_today(api, client)
    service = next(s for s in api(client.facilities.get("pkm-lasem")).services if s.id == sid)
    role = "loket" if service.kind is ServiceKind.loket else "poli"
    # A rerun (after a hung browser) gets an empty queue: the first try's ticket may
    # still stand called at Ruang 1.
    empty_queue(api, f"{role}.pkm-lasem", sid)
    serial = next(SERIALS)
    first = book(api, client, sid, day=today(api), serial=serial, phone=next(PHONES))
    other_day = next(d.service_date for d in api(client.facilities.availability(sid)).days
                     if d.open and d.service_date > today(api))
    book(api, client, sid, day=other_day, serial=serial, phone=next(PHONES))  # same NIK, another phone
    facility = api(client.facilities.get("pkm-lasem"))
    api(client.bookings.check_in(first.booking_code, lat=facility.lat, lon=facility.lon))

    page = new_page("/staff", viewport=DESK)
    sign_in(page, f"{role}.pkm-lasem")
    by_id(page, f"service-{service.code}").click(timeout=20_000)
    type_into(page, "counter-name", "Ruang 1")
    by_id(page, "start-desk").click()
    flag = by_id(page, f"nik-other-phone-{first.ticket.ticket_id}")
    expect(flag).to_contain_text("NIK ini juga dipakai dengan nomor HP lain", timeout=20_000)
    screenshot(page, "trust-staff-nik-flag-waiting-id")

    # Call until ours is at the counter (earlier check-ins of this server come first).
    for _ in range(40):
        if by_id(page, "current-number").count() and \
                by_id(page, "current-number").inner_text() == first.ticket.display_number:
            break
        by_id(page, "action-call-next").click()
        page.wait_for_timeout(1200)
    expect(by_id(page, "current-number")).to_have_text(first.ticket.display_number)
    expect(by_id(page, "current-nik-other-phone")).to_have_text(
        "NIK ini juga dipakai dengan nomor HP lain. Periksa KTP pasien.")
    screenshot(page, "trust-staff-nik-flag-called-id")


# ---------------------------------------------------------------- 2. the admin's code


def next_code_in_ms() -> int:
    """Until the authenticator shows its next code (30-second steps), and a second more."""
    return int((30 - time.time() % 30 + 1) * 1000)


def test_an_admin_with_an_authenticator_is_asked_for_its_code(new_page, api, web_server):  # type: ignore[no-untyped-def]
    username, password = next(ADMINS_WITH_AN_APP), "rembang-demo"
    client = api.client()
    enrolment = api(client.staff.enrol_totp(username, password))
    api(client.staff.confirm_totp(username, password, pyotp.TOTP(enrolment.secret).now()))

    page = new_page("/staff", viewport=DESK)
    sign_in(page, username)
    expect(by_id(page, "staff-totp-code")).to_be_visible(timeout=20_000)
    expect(by_id(page, "sign-in-error")).to_have_text("Isi kode 6 angka dari aplikasi autentikator Anda.")
    screenshot(page, "trust-staff-totp-code-id")
    page.wait_for_timeout(next_code_in_ms())  # the code of the confirmation signs in once only
    # Typed at once, with no tap, and sent with Enter: the app gave the new field the
    # keyboard when it appeared. (Not read from the field's node: Flutter may edit in an
    # element of its own, and did in a loaded CI run, with the keys arriving all the same.)
    page.keyboard.type(pyotp.TOTP(enrolment.secret).now())
    page.keyboard.press("Enter")
    expect(by_id(page, "sign-out")).to_be_visible(timeout=20_000)

    for language in ("en", "jv"):
        other = new_page("/staff", viewport=DESK,
                         storage_state=seeded(web_server.url, {"language": language}))
        sign_in(other, username)
        expect(by_id(other, "staff-totp-code")).to_be_visible(timeout=20_000)
        expect(by_id(other, "sign-in-error")).to_have_text(
            error_message(Translator(language), "totp_required"))
        screenshot(other, f"trust-staff-totp-code-{language}")


def test_an_admin_without_an_authenticator_sets_one_up_at_sign_in(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/staff", viewport=DESK)
    sign_in(page, next(ADMINS_WITHOUT))
    expect(by_id(page, "totp-qr")).to_be_visible(timeout=20_000)
    shown = by_id(page, "totp-secret")
    secret = (shown.locator("[aria-label]").first.get_attribute("aria-label") or "").replace(" ", "")
    # (read as a screen reader would: selectable text has no text of its own in the tree)
    assert len(secret) >= 16, shown.evaluate("n => n.outerHTML")
    screenshot(page, "trust-staff-totp-enrol-id")
    type_into(page, "staff-totp-code", pyotp.TOTP(secret).now())
    by_id(page, "sign-in").click()
    expect(by_id(page, "recovery-codes")).to_be_visible(timeout=20_000)
    codes = by_id(page, "recovery-codes").locator("[aria-label]").first.get_attribute("aria-label")
    assert codes is not None and len(codes.split()) >= 5, codes
    screenshot(page, "trust-staff-totp-recovery-codes-id")


# ---------------------------------------------------------------- 3. arriving


def tap_check_in(page) -> None:  # type: ignore[no-untyped-def]
    """Wait for the ticket to be drawn, scroll until "Saya sudah sampai" is in the upper
    half of the screen (Flutter scrolls by the wheel, not by the browser), and tap it.
    (Tapped at the very bottom edge, the answer under it would be below the fold.)"""
    by_id(page, "ticket-number").wait_for(timeout=30_000)
    button = by_id(page, "check-in")
    button.wait_for(timeout=20_000)
    for _ in range(20):
        box = button.bounding_box()
        if box and 0 <= box["y"] <= SMALL_PHONE["height"] / 2:  # where a thumb would tap it
            break
        page.mouse.move(180, 400)
        page.mouse.wheel(0, 150 if box is None or box["y"] > 0 else -150)
        page.wait_for_timeout(300)
    page.wait_for_timeout(500)  # the first frame comes well after the semantics tree
    button.click()


def on_screen(page, node) -> bool:  # type: ignore[no-untyped-def]
    """Whether the node is wholly inside the phone's screen (within 3 s of scrolling)."""
    for _ in range(10):
        box = node.bounding_box()
        if box and box["y"] >= 0 and box["y"] + box["height"] <= SMALL_PHONE["height"]:
            return True
        page.wait_for_timeout(300)
    print("off screen:", node.bounding_box())
    return False


FALLBACK = {
    "id": "Pindai kode QR tiket ini di anjungan atau tunjukkan ke loket.",
    "jv": Translator("jv").gettext(
        "Lokasi HP tidak bisa dibaca, jadi kedatangan tidak bisa dicatat dari HP. "
        "Pindai kode QR tiket ini di anjungan atau tunjukkan ke loket."),
}


def test_arriving_without_location_sends_me_to_the_anjungan_and_near_the_facility_checks_in(
    new_page, api, web_server
):  # type: ignore[no-untyped-def]
    client = api.client()
    sid = open_today(api, client)
    phone = next(PHONES)
    for language in ("id", "jv"):
        booking = book(api, client, sid, day=today(api), serial=next(SERIALS), phone=phone)
        page = new_page(f"/tiket/{booking.booking_code}", viewport=SMALL_PHONE,
                        storage_state=seeded(web_server.url, {"language": language, "text_scale": LARGEST}))
        tap_check_in(page)
        error = by_id(page, "ticket-error")
        expect(error).to_contain_text(FALLBACK[language].rsplit(". ", 1)[-1], timeout=70_000)
        assert on_screen(page, error)  # under the button just tapped, not below the fold
        screenshot(page, f"trust-ticket-no-location-{language}")
        assert api(client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.booked

    facility = api(client.facilities.get("pkm-lasem"))
    near = new_page(f"/tiket/{booking.booking_code}", viewport=SMALL_PHONE,
                    storage_state=seeded(web_server.url, {"text_scale": LARGEST}),
                    geolocation={"latitude": facility.lat, "longitude": facility.lon},
                    permissions=["geolocation"])
    tap_check_in(near)
    expect(by_id(near, "ticket-status")).to_have_text("Sudah check-in", timeout=30_000)
    said = by_id(near, "checked-in-here")  # where the button was, not only at the top
    expect(said).to_have_text("Kedatangan Anda sudah tercatat. Silakan tunggu nomor Anda dipanggil.")
    assert on_screen(near, said)
    screenshot(near, "trust-ticket-checked-in-near-id")
    assert api(client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.checked_in


# ---------------------------------------------------------------- 4. one phone, many numbers


def test_a_fourth_active_booking_on_one_phone_is_refused_in_plain_words(new_page, api):  # type: ignore[no-untyped-def]
    client = api.client()
    detail = api(client.facilities.get("pkm-lasem"))
    sid = next(s.id for s in detail.services if s.code == "poli-umum")
    day = next(d.service_date for d in api(client.facilities.availability(sid)).days
               if d.open and d.left_jkn > 0)
    phone = next(PHONES)  # a rerun (after a hung browser) gets a phone the first try left alone
    for _ in range(PHONE_LIMIT):  # the phone fill_patient types below, for three other people
        book(api, client, sid, day=day, serial=next(SERIALS), phone=phone)

    t = Translator("id")
    page = new_page(f"/faskes/pkm-lasem/pesan/{sid}")
    by_id(page, f"day-{day.isoformat()}").wait_for(timeout=20_000)
    by_id(page, f"day-{day.isoformat()}").click()
    expect_step(page, t, 2)
    by_id(page, "payer-jkn").click()
    expect_step(page, t, 3)
    serial = next(SERIALS)
    fill_patient(page, nik=nik_for(serial), bpjs=f"{serial:013d}", phone=phone)
    by_id(page, "patient-next").click()
    expect_step(page, t, 4)
    by_id(page, "consent-check").click()
    by_id(page, "consent-next").click()
    expect_step(page, t, 5)
    by_id(page, "booking-confirm").click()
    expect(by_id(page, "booking-error")).to_contain_text(
        "Nomor HP ini sudah mencapai batas jumlah nomor antrean", timeout=15_000)
    by_id(page, "booking-error").scroll_into_view_if_needed()
    screenshot(page, "trust-booking-phone-limit-id")


# ---------------------------------------------------------------- 5. Data saya


def test_data_saya_says_it_shows_only_this_phones_visits_and_where_to_go_for_all(new_page, web_server):  # type: ignore[no-untyped-def]
    page = new_page("/pengaturan", viewport=SMALL_PHONE,
                    storage_state=seeded(web_server.url, {"text_scale": LARGEST}))
    scroll_to_data_saya(page)
    scope = by_id(page, "privacy-scope")
    scope.scroll_into_view_if_needed()
    expect(scope).to_contain_text("hanya kunjungan yang didaftarkan dengan nomor HP ini")
    expect(scope).to_contain_text("Dinas Kesehatan atau loket puskesmas dengan membawa KTP")
    screenshot(page, "trust-privacy-scope-phone-id")
