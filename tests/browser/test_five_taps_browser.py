"""A returning patient gets a number in five taps from Beranda, counted in Chromium on
a 360-pixel phone at the largest text size: Ambil Nomor, her puskesmas (first, where
she booked before), the service, the day, Ambil Nomor Antrean. The server runs on the
real clock: the day is the first one that still takes a JKN booking."""

from __future__ import annotations

import re

import httpx

from tests.api.helpers import nik_for
from tests.browser.conftest import by_id, screenshot
from tests.browser.test_faskes_browser import seeded, service_id

SMALL_PHONE = {"width": 360, "height": 740}
SUMBER = "pkm-sumber"
# A rerun (after a hung browser) gets a new patient: the first try may have booked already.
SERIALS = iter(range(4400, 4410))


def first_open_day(web_server, sid: int) -> str:  # type: ignore[no-untyped-def]
    days = httpx.get(f"{web_server.api_url}/services/{sid}/availability", timeout=10).json()["days"]
    return next(d["service_date"] for d in days if d["open"] and d["left_jkn"] > 0)


def scroll_until_seen(page, identifier: str) -> None:  # type: ignore[no-untyped-def]
    """Flutter builds what comes into view: wheel down over the list until it is whole."""
    page.mouse.move(SMALL_PHONE["width"] // 2, SMALL_PHONE["height"] // 2)
    for _ in range(40):
        node = by_id(page, identifier).first
        box = node.bounding_box() if node.count() else None
        if box and box["y"] + box["height"] < SMALL_PHONE["height"] - 8:
            return
        page.mouse.wheel(0, 200)
        page.wait_for_timeout(150)
    raise AssertionError(f"{identifier} never came into view")


def test_a_returning_patient_books_in_five_taps_at_the_largest_text(new_page, web_server):  # type: ignore[no-untyped-def]
    sid = service_id(web_server, SUMBER, "poli-umum")
    day = first_open_day(web_server, sid)
    serial = next(SERIALS)
    siti = {"name": "Siti Aminah", "nik": nik_for(serial), "phone": "+6281234560001",
            "birth_date": "1990-06-05", "bpjs_number": f"{serial:013d}", "payer": "jkn",
            "consent_version": "2026-11"}
    last_visit = {"booking_code": "ABCD2345", "facility_id": SUMBER, "facility_name": "Puskesmas Sumber",
                  "service_name": "Poli Umum", "service_date": "2026-11-02", "display_number": "B-004"}
    state = seeded(web_server.url, {"tickets": [last_visit], "profiles": [siti]}, text_scale=1.5)
    page = new_page("/", viewport=SMALL_PHONE, storage_state=state)
    taps: list[str] = []

    def tap(identifier: str) -> None:
        scroll_until_seen(page, identifier)
        by_id(page, identifier).first.click(timeout=20_000)
        taps.append(identifier)

    by_id(page, "action-book").wait_for(timeout=30_000)
    screenshot(page, "beranda-360-large")
    tap("action-book")
    by_id(page, f"start-facility-{SUMBER}").wait_for(timeout=20_000)
    screenshot(page, "ambil-start-360-large")
    tap(f"start-facility-{SUMBER}")
    by_id(page, f"pick-service-{sid}").wait_for(timeout=20_000)
    screenshot(page, "ambil-services-360-large")
    tap(f"pick-service-{sid}")
    by_id(page, f"day-{day}").first.wait_for(timeout=20_000)
    tap(f"day-{day}")
    by_id(page, "booking-confirm").wait_for(timeout=20_000)
    screenshot(page, "ambil-confirm-360-large")
    tap("booking-confirm")
    page.wait_for_url(re.compile(r".*/tiket/[A-Z0-9]+$"), timeout=20_000)
    assert len(taps) == 5, taps
    code = page.url.rsplit("/", 1)[1]
    booking = httpx.get(f"{web_server.api_url}/bookings/{code}", timeout=10).json()
    assert booking["service_date"] == day and booking["payer"] == "jkn"
