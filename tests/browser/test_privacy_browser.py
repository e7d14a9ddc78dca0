"""Data saya in Pengaturan, in Chromium against a real service: a person sees their
own data after proving the booking is theirs, and deletes it after a second tap.
Screenshots at phone size (Indonesian), desk size (English) and in Basa Jawa."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import by_id, screenshot, type_into
from tests.browser.test_preferences_browser import seeded
from tests.browser.test_ticket_browser import book_online

SERIALS = iter(range(7300, 7400))  # patients of these tests only

DESK = {"width": 1280, "height": 900}


def scroll_to_data_saya(page) -> None:  # type: ignore[no-untyped-def]
    """The section is at the end of Pengaturan: scroll until Flutter builds it."""
    page.get_by_role("heading").first.wait_for(timeout=30_000)
    for _ in range(30):
        if by_id(page, "privacy-code").count():
            break
        page.mouse.move(200, 500)
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(200)
    by_id(page, "privacy-code").scroll_into_view_if_needed()


def tap(page, identifier: str) -> None:  # type: ignore[no-untyped-def]
    page.mouse.wheel(0, 600)  # the buttons sit under the fields, below a phone's fold
    page.wait_for_timeout(300)
    by_id(page, identifier).scroll_into_view_if_needed()
    by_id(page, identifier).click()


def prove(page, code: str, phone: str = "0812 3456 7890") -> None:  # type: ignore[no-untyped-def]
    scroll_to_data_saya(page)
    type_into(page, "privacy-code", code)
    type_into(page, "privacy-phone", phone)


def test_data_saya_shows_my_own_data_at_phone_size(new_page, api):  # type: ignore[no-untyped-def]
    booking = api(book_online(api.client(), next(SERIALS)))
    page = new_page("/pengaturan")
    prove(page, booking.booking_code)
    tap(page, "privacy-export")
    for _ in range(10):
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(300)
    mine = page.get_by_text("Nomor HP: +6281234567890", exact=False).first
    mine.wait_for(state="attached", timeout=15_000)
    mine.scroll_into_view_if_needed()
    expect(mine).to_contain_text(booking.facility_name)
    page.mouse.wheel(0, 600)
    screenshot(page, "privacy-data-saya-phone-id")


def test_deleting_asks_first_in_english_at_desk_size_and_in_basa_jawa(new_page, api, web_server):  # type: ignore[no-untyped-def]
    booking = api(book_online(api.client(), next(SERIALS)))
    page = new_page("/pengaturan", viewport=DESK, storage_state=seeded(web_server.url, {"language": "en"}))
    prove(page, booking.booking_code, "0813 0000 0000")
    tap(page, "privacy-export")
    expect(by_id(page, "privacy-problem")).to_be_visible(timeout=15_000)
    screenshot(page, "privacy-data-saya-desk-en-not-found")

    jv = new_page("/pengaturan", storage_state=seeded(web_server.url, {"language": "jv"}))
    prove(jv, booking.booking_code)
    tap(jv, "privacy-delete")
    expect(by_id(jv, "privacy-delete-confirm")).to_be_visible(timeout=15_000)
    by_id(jv, "privacy-delete-confirm").scroll_into_view_if_needed()
    screenshot(jv, "privacy-data-saya-phone-jv-confirm")
    tap(jv, "privacy-delete-confirm")
    expect(by_id(jv, "privacy-deleted")).to_be_visible(timeout=15_000)
    gone = api(api.client().bookings.get(booking.booking_code))
    assert gone.nik_masked is None and gone.patient_name_masked is None
