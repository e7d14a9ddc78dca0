"""Choosing the doctor in Chromium on a 360-pixel phone at the largest text size: with
two doctors practising at Puskesmas Gunem's Poli Umum that day, the confirm step
offers "Dokter mana saja" (chosen) and each doctor as a big row; the doctor tapped is
named on the ticket. The doctors are retired at the end (the server lives for the
whole session)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from tests.api.helpers import nik_for
from tests.browser.conftest import by_id, screenshot
from tests.browser.test_faskes_browser import seeded, service_id
from tests.browser.test_five_taps_browser import SMALL_PHONE, first_open_day, scroll_until_seen

GUNEM = "pkm-gunem"
MIN_TARGET = 48
# A rerun (after a hung browser) gets a new patient: the first try may have booked already.
SERIALS = iter(range(4410, 4420))


@pytest.fixture
def two_doctors(web_server) -> Iterator[tuple[int, dict[str, int]]]:  # type: ignore[no-untyped-def]
    """Poli Umum of Gunem and its doctors (name → id), every day of the week."""
    sid = service_id(web_server, GUNEM, "poli-umum")
    token = httpx.post(f"{web_server.api_url}/auth/login", timeout=10, json={
        "username": f"admin.{GUNEM}", "password": "rembang-demo"}).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    doctors = {}
    for name, starts, ends in (("dr. Ani Lestari", "07:30", "10:00"), ("dr. Budi Santoso", "10:00", "12:00")):
        answer = httpx.post(f"{web_server.api_url}/facilities/{GUNEM}/doctors", timeout=10, headers=auth,
                            json={"name": name, "service_id": sid, "sessions": [
                                {"weekday": d, "starts": starts, "ends": ends} for d in range(7)]})
        assert answer.status_code == 201, answer.text
        doctors[name] = answer.json()["id"]
    yield sid, doctors
    for doctor_id in doctors.values():
        httpx.post(f"{web_server.api_url}/facilities/{GUNEM}/doctors/{doctor_id}/retire", timeout=10,
                   headers=auth)


def clipped_texts(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Texts whose box sticks out past the right edge of the small phone."""
    return page.evaluate(
        """(width) => [...document.querySelectorAll('flt-semantics')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && e.innerText.trim())
            .map(e => e.innerText.trim())""",
        SMALL_PHONE["width"],
    )


def test_the_doctor_is_chosen_in_big_rows_and_named_on_the_ticket(new_page, web_server, two_doctors):  # type: ignore[no-untyped-def]
    sid, doctors = two_doctors
    budi = doctors["dr. Budi Santoso"]
    day = first_open_day(web_server, sid)
    serial = next(SERIALS)
    siti = {"name": "Siti Aminah", "nik": nik_for(serial), "phone": "+6281234560002",
            "birth_date": "1990-06-05", "bpjs_number": f"{serial:013d}", "payer": "jkn",
            "consent_version": "2026-11"}
    state = seeded(web_server.url, {"tickets": [], "profiles": [siti]}, text_scale=1.5)
    page = new_page(f"/ambil/{GUNEM}/{sid}", viewport=SMALL_PHONE, storage_state=state)
    by_id(page, f"day-{day}").first.wait_for(timeout=30_000)
    scroll_until_seen(page, f"day-{day}")
    by_id(page, f"day-{day}").first.click()
    by_id(page, "booking-confirm").wait_for(timeout=20_000)
    scroll_until_seen(page, f"doctor-{budi}")
    screenshot(page, "doctor-choice-360-large")
    for identifier in ("doctor-any", *(f"doctor-{d}" for d in doctors.values())):
        box = by_id(page, identifier).first.bounding_box()
        assert box is not None and box["height"] >= MIN_TARGET, (identifier, box)
    # Flutter's web semantics say "selected" as aria-current
    assert by_id(page, "doctor-any").first.get_attribute("aria-current") == "true"
    assert by_id(page, f"doctor-{budi}").first.get_attribute("aria-current") != "true"
    assert clipped_texts(page) == []
    by_id(page, f"doctor-{budi}").first.click()
    page.wait_for_function(
        f"""() => document.querySelector('[flt-semantics-identifier="doctor-{budi}"]')
                ?.getAttribute('aria-current') === 'true'""", timeout=10_000)
    scroll_until_seen(page, "booking-confirm")
    by_id(page, "booking-confirm").first.click()
    page.wait_for_url(re.compile(r".*/tiket/[A-Z0-9]+$"), timeout=20_000)
    by_id(page, "ticket-doctor").wait_for(timeout=20_000)
    assert by_id(page, "ticket-doctor").first.inner_text().strip() == "Dokter: dr. Budi Santoso"
    screenshot(page, "doctor-on-ticket-360-large")
    code = page.url.rsplit("/", 1)[1]
    booking = httpx.get(f"{web_server.api_url}/bookings/{code}", timeout=10).json()
    assert booking["doctor_id"] == budi and booking["service_date"] == day
