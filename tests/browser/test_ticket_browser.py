"""The ticket screen and Tiket Saya in Chromium at phone size, against the real server
(real clock: the UGD of Puskesmas Lasem is open day and night, so the live test runs
at any hour; an online booking takes the first day Poli Umum of Puskesmas Sumber
is open)."""

from __future__ import annotations

import json
import re
from typing import Any

from playwright.sync_api import expect

from api_client import ApiClient, new_idempotency_key
from api_client.models import Booking, Payer
from tests.api.helpers import patient
from tests.browser.conftest import by_id, enable_semantics, type_into
from tests.browser.conftest import screenshot as save_screenshot

SERIALS = iter(range(7100, 7200))  # patients of these tests only (one active booking each)



async def book_online(client: ApiClient, serial: int | None = None) -> Booking:
    """A booking tomorrow or later at Poli Umum of Sumber; `serial` picks the patient
    (another test file passes its own: module state is not shared between files)."""
    detail = await client.facilities.get("pkm-sumber")
    sid = next(s.id for s in detail.services if s.code == "poli-umum")
    days = (await client.facilities.availability(sid)).days
    day = next(d.service_date for d in days if d.open and d.left_non_jkn > 0)
    return await client.bookings.create(
        service_id=sid, service_date=day, payer=Payer.non_jkn, patient=patient(serial or next(SERIALS)),
        consent_version="2026-11", idempotency_key=new_idempotency_key(),
    )


async def walk_in_at_lasem_ugd(kiosk: ApiClient) -> tuple[int, Booking]:
    detail = await kiosk.facilities.get("pkm-lasem")
    ugd = next(s.id for s in detail.services if s.code == "ugd")
    return ugd, await kiosk.bookings.walk_in(service_id=ugd, idempotency_key=new_idempotency_key())


def storage(web_server, *, wallet: object = None, **prefs: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A browser's saved state: Flutter keeps SharedPreferences in localStorage as
    `flutter.<key>`, each value a JSON string (so our JSON text is encoded once more)."""
    preferences = {"language": "id", "text_scale": 1.0, "high_contrast": False, "dark": False,
                   "followed": [], **prefs}  # the fields of session.state.Preferences
    items = [("lsr.preferences", preferences)]
    if wallet is not None:
        items.append(("lsr.wallet", wallet))
    local = [{"name": f"flutter.{key}", "value": json.dumps(json.dumps(value))} for key, value in items]
    return {"cookies": [], "origins": [{"origin": web_server.url, "localStorage": local}]}


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Only the tab in front paints: bring it there first."""
    page.bring_to_front()
    page.wait_for_timeout(500)
    save_screenshot(page, name)


def test_a_booked_ticket_shows_its_number_and_qr_and_cancelling_asks_first(
    new_page, web_server, api
):  # type: ignore[no-untyped-def]
    booking = api(book_online(api.client()))
    number = booking.ticket.display_number
    page = new_page(f"/tiket/{booking.booking_code}")
    by_id(page, "ticket-qr").wait_for(timeout=20_000)
    assert by_id(page, "ticket-number").inner_text() == number
    assert by_id(page, "ticket-facility").inner_text() == "Puskesmas Sumber"
    assert by_id(page, "ticket-service").inner_text() == "Poli Umum"
    assert by_id(page, "ticket-status").inner_text() == "Terdaftar"
    assert by_id(page, "come-at").inner_text().startswith("Perkiraan dipanggil")
    assert re.search(r"sekitar \d\d\.\d\d–\d\d\.\d\d\.", by_id(page, "come-at").inner_text())  # a range
    screenshot(page, "ticket-booked-light")

    dark = new_page(f"/tiket/{booking.booking_code}", storage_state=storage(web_server, dark=True))
    by_id(dark, "ticket-qr").wait_for(timeout=20_000)
    screenshot(dark, "ticket-booked-dark")
    large = new_page(f"/tiket/{booking.booking_code}",
                     storage_state=storage(web_server, text_scale=1.5))
    by_id(large, "ticket-qr").wait_for(timeout=20_000)
    screenshot(large, "ticket-booked-large-text")
    for language in ("jv", "en"):
        other = new_page(f"/tiket/{booking.booking_code}",
                         storage_state=storage(web_server, language=language))
        by_id(other, "come-at").wait_for(timeout=20_000)
        screenshot(other, f"ticket-booked-{language}")

    by_id(page, "cancel-ticket").click()
    page.get_by_text(f"Batalkan nomor {number}?").wait_for()
    page.get_by_role("button", name="Tidak").click()
    page.get_by_text(f"Batalkan nomor {number}?").wait_for(state="detached")
    by_id(page, "cancel-ticket").click()
    page.get_by_role("button", name="Ya, batalkan").click()
    page.get_by_text("Tiket ini sudah dibatalkan. Nomornya tidak berlaku lagi.").wait_for()
    assert by_id(page, "cancel-ticket").count() == 0
    screenshot(page, "ticket-cancelled-light")
    assert api(api.client().bookings.get(booking.booking_code)).ticket.status == "cancelled"

    dark = new_page(f"/tiket/{booking.booking_code}", storage_state=storage(web_server, dark=True))
    dark.get_by_text("Dibatalkan", exact=True).wait_for(timeout=20_000)
    screenshot(dark, "ticket-cancelled-dark")


def test_the_open_ticket_follows_the_queue_and_a_call_shows_within_two_seconds(
    new_page, web_server, api
):  # type: ignore[no-untyped-def]
    kiosk = api.client(kiosk_key="demo-kiosk-pkm-lasem")
    console = api.client()
    api(console.staff.login("poli.pkm-lasem", "rembang-demo"))
    ugd, before_me = api(walk_in_at_lasem_ugd(kiosk))
    _, mine = api(walk_in_at_lasem_ugd(kiosk))
    number = mine.ticket.display_number
    page = new_page(f"/tiket/{mine.booking_code}")
    expect(by_id(page, "ticket-status")).to_have_text("Sudah check-in", timeout=20_000)
    dark = new_page(f"/tiket/{mine.booking_code}", storage_state=storage(web_server, dark=True))
    expect(by_id(dark, "ticket-status")).to_have_text("Sudah check-in", timeout=20_000)
    page.wait_for_timeout(1_000)  # both screens follow the queue by now

    def call_until(wanted: str):  # type: ignore[no-untyped-def]
        """Call the next number; earlier walk-ins (of other tests) are served first."""
        while True:
            called = api(console.staff.call_next(ugd, counter="Ruang UGD"))
            assert called is not None, f"{wanted} was never called"
            if called.display_number == wanted:
                return called
            api(console.staff.done(called.ticket_id))

    first = call_until(before_me.ticket.display_number)
    expect(by_id(page, "now-calling")).to_have_text(
        f"Sekarang dipanggil: {first.display_number}"
    )
    expect(by_id(page, "people-ahead")).to_have_text("Tidak ada orang di depan Anda.")
    api(console.staff.done(first.ticket_id))

    page.evaluate("""() => {
        window.__announced = [];
        new MutationObserver(() => document.querySelectorAll('flt-announcement-polite')
            .forEach(el => el.textContent && window.__announced.push(el.textContent)))
          .observe(document.body, {subtree: true, childList: true, characterData: true});
    }""")  # what screen readers are told, kept even after Flutter clears it
    called = call_until(number)
    by_id(page, "called-banner").wait_for()
    banner = " ".join(by_id(page, "called-banner").inner_text().split())
    assert banner == "Nomor Anda dipanggil! Silakan menuju Ruang UGD."
    page.wait_for_function(  # read out by screen readers
        "window.__announced.some(t => t.startsWith('Nomor Anda dipanggil!'))", timeout=5_000
    )
    assert by_id(page, "ticket-status").inner_text() == "Dipanggil — silakan menuju Ruang UGD"
    screenshot(page, "ticket-called-light")
    by_id(dark, "called-banner").wait_for()
    screenshot(dark, "ticket-called-dark")
    api(console.staff.done(called.ticket_id))


def test_my_tickets_outlive_a_browser_restart_and_show_in_a_new_tab(
    new_page, web_server, api
):  # type: ignore[no-untyped-def]
    client = api.client()
    made_elsewhere, opened_here = api(book_online(client)), api(book_online(client))

    page = new_page("/tiket")
    page.get_by_text("Belum ada tiket tersimpan di perangkat ini.", exact=False).wait_for(
        timeout=20_000
    )
    type_into(page, "lookup-code", made_elsewhere.booking_code)
    type_into(page, "lookup-phone", "0812 3456 7890")
    page.get_by_role("button", name="Cari tiket").click()
    by_id(page, "ticket-number").wait_for(timeout=20_000)
    assert page.url.endswith(f"/tiket/{made_elsewhere.booking_code}")

    page.goto(f"{web_server.url}/tiket/{opened_here.booking_code}")
    enable_semantics(page)
    by_id(page, "save-ticket").click()
    by_id(page, "save-ticket").wait_for(state="detached")
    page.goto(f"{web_server.url}/tiket")
    enable_semantics(page)
    for booking in (made_elsewhere, opened_here):
        by_id(page, f"ticket-{booking.booking_code}").wait_for(timeout=20_000)
    page.get_by_text("Terdaftar").first.wait_for()

    saved = page.context.storage_state()
    restarted = new_page("/tiket", storage_state=saved)
    for booking in (made_elsewhere, opened_here):
        by_id(restarted, f"ticket-{booking.booking_code}").wait_for(timeout=20_000)

    tab = page.context.new_page()
    tab.goto(f"{web_server.url}/tiket")
    enable_semantics(tab)
    for booking in (made_elsewhere, opened_here):
        by_id(tab, f"ticket-{booking.booking_code}").wait_for(timeout=20_000)

    wallet = json.loads(json.loads(next(
        item["value"] for origin in saved["origins"] for item in origin["localStorage"]
        if item["name"] == "flutter.lsr.wallet"
    )))
    wallet["tickets"].append({  # and one from an earlier visit
        "booking_code": "0000000000OLD", "facility_id": "pkm-sumber",
        "facility_name": "Puskesmas Sumber", "service_name": "Poli Gigi & Mulut",
        "service_date": "2026-10-26", "display_number": "C-004",
    })
    looks = {"light": {}, "dark": {"dark": True}, "large-text": {"text_scale": 1.5}}
    for name, prefs in looks.items():
        shown = new_page("/tiket", storage_state=storage(web_server, wallet=wallet, **prefs))
        by_id(shown, "remove-0000000000OLD").wait_for(timeout=20_000)
        shown.get_by_text("Terdaftar").first.wait_for()
        screenshot(shown, f"my-tickets-{name}")
    by_id(shown, "remove-0000000000OLD").click()
    by_id(shown, "ticket-0000000000OLD").wait_for(state="detached")

    by_id(tab, f"ticket-{opened_here.booking_code}").click()
    by_id(tab, "ticket-number").wait_for(timeout=10_000)
    assert by_id(tab, "ticket-number").inner_text() == opened_here.ticket.display_number
