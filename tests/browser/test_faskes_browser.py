"""Beranda and the Faskes screens in Chromium at phone size, as a new user walks them.

The server runs on the real clock: today may be a Sunday or a holiday, so nothing
here depends on a puskesmas being open. Map tiles are blocked (no internet): the map
still shows its markers and says why the picture is missing.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid

import httpx
import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.api.helpers import nik_for
from tests.browser.conftest import PHONE
from tests.browser.conftest import screenshot as save_screenshot

PREFERENCES_KEY = "flutter.lsr.preferences"  # shared_preferences_web: "flutter." + our key
WALLET_KEY = "flutter.lsr.wallet"
LASEM = (-6.70, 111.44)  # a phone standing in Lasem


def seeded(url: str, wallet: dict | None = None, **prefs: object) -> dict:
    """A Playwright storage_state with these preferences (and wallet): our JSON text,
    JSON-encoded again by shared_preferences_web."""
    items = [{"name": PREFERENCES_KEY, "value": json.dumps(json.dumps(prefs))}]
    if wallet is not None:
        items.append({"name": WALLET_KEY, "value": json.dumps(json.dumps(wallet))})
    return {"cookies": [], "origins": [{"origin": url, "localStorage": items}]}


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """A screenshot once the theme and language have settled (a fresh page may still
    be switching to the saved theme, or drawing Flet's "Working..." for a moment)."""
    page.wait_for_timeout(1000)
    page.locator("flt-semantics-host").get_by_text("Working...").wait_for(state="hidden")
    save_screenshot(page, name)


def by_id(page, identifier: str):  # type: ignore[no-untyped-def]
    return page.locator(f'[flt-semantics-identifier="{identifier}"]').first


def shown(page, text: str):  # type: ignore[no-untyped-def]
    """Text on the screen, as the screen reader has it: its own node, or part of the
    label Flutter merges for plain texts (not the copy in a live announcement)."""
    host = page.locator("flt-semantics-host")
    return host.get_by_text(text).or_(host.locator(f'[aria-label*="{text}"]')).first


def scroll_to(page, locator, steps: int = 30):  # type: ignore[no-untyped-def]
    """Scroll down until `locator` is in the accessibility tree: Flutter leaves out
    what is far below the visible part of a list."""
    page.mouse.move(PHONE["width"] / 2, PHONE["height"] * 2 / 3)
    for _ in range(steps):
        if locator.count():
            break
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(150)
    for attempt in range(3):
        try:
            locator.scroll_into_view_if_needed()
            break
        except PlaywrightError as error:
            # Found, then gone with the screen's next frame (Beranda drawn again when
            # it comes back, a live status arriving): found again in the new one.
            if "not attached" not in str(error) or attempt == 2:
                raise
            page.wait_for_timeout(300)
    return locator


def search(page, text: str) -> None:  # type: ignore[no-untyped-def]
    field = page.get_by_role("textbox", name="Cari nama puskesmas atau rumah sakit")
    field.click()
    field.fill(text)


def clipped_texts(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Texts whose box sticks out past the right edge of the phone."""
    return page.evaluate(
        """(width) => [...document.querySelectorAll('flt-semantics')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && e.innerText.trim())
            .map(e => e.innerText.trim())""",
        PHONE["width"],
    )


def service_id(web_server, facility_id: str, code: str) -> int:  # type: ignore[no-untyped-def]
    detail = httpx.get(f"{web_server.api_url}/facilities/{facility_id}", timeout=10).json()
    return next(s["id"] for s in detail["services"] if s["code"] == code)


# ------------------------------------------------------------------ Beranda


def test_beranda_leads_with_ambil_nomor_and_the_navigation_finds_a_facility(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/")
    page.get_by_role("button", name="Ambil Nomor").wait_for(timeout=30_000)
    nav = page.locator("flt-semantics-host").get_by_role("tab")
    assert [n.get_attribute("aria-label") for n in nav.all()] == ["Beranda", "Faskes", "Tiket", "Pengaturan"]
    assert nav.first.get_attribute("aria-selected") == "true"
    # The header is its own heading, not the whole screen read as one.
    headings = page.locator("flt-semantics-host").get_by_role("heading").all_inner_texts()
    assert [" ".join(h.split()) for h in headings] == [
        "Layanan Sehat Rembang Dinas Kesehatan Kabupaten Rembang", "Pengumuman"]
    screenshot(page, "beranda-light")
    nav.nth(1).click()
    shown(page, "20 faskes ditemukan").wait_for(timeout=10_000)


@pytest.mark.parametrize("theme", ["dark", "jv"])
def test_beranda_in_dark_and_in_basa_jawa(new_page, web_server, theme):  # type: ignore[no-untyped-def]
    prefs = {"dark": True} if theme == "dark" else {"language": "jv"}
    page = new_page("/", storage_state=seeded(web_server.url, **prefs))
    by_id(page, "action-book").wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    screenshot(page, f"beranda-{theme}")
    assert clipped_texts(page) == []


def book_on_an_open_day(web_server, facility_id: str, code: str) -> dict:  # type: ignore[no-untyped-def]
    """A real booking through the API, on the first day that still takes one."""
    sid = service_id(web_server, facility_id, code)
    days = httpx.get(f"{web_server.api_url}/services/{sid}/availability", timeout=10).json()["days"]
    day = next(d["service_date"] for d in days if d["open"] and d["left_jkn"] > 0)
    serial = random.randint(1, 9999)  # the server lives for the whole session
    body = {
        "service_id": sid, "service_date": day, "payer": "jkn", "channel": "web",
        "consent_version": "2026-11",
        "patient": {"name": "Siti Aminah", "nik": nik_for(serial), "phone": "081234567890",
                    "birth_date": "1990-06-05", "bpjs_number": f"{serial:013d}"},
    }
    answer = httpx.post(f"{web_server.api_url}/bookings", json=body, timeout=10,
                        headers={"Idempotency-Key": uuid.uuid4().hex})
    assert answer.status_code == 201, answer.text
    return answer.json()


def publish(web_server, facility_id: str, title: str) -> None:  # type: ignore[no-untyped-def]
    login = httpx.post(f"{web_server.api_url}/auth/login", timeout=10,
                       json={"username": f"admin.{facility_id}", "password": "rembang-demo"}).json()
    today = web_server.today
    answer = httpx.post(
        f"{web_server.api_url}/facilities/{facility_id}/announcements", timeout=10,
        headers={"Authorization": f"Bearer {login['access_token']}"},
        json={"kind": "campaign", "title": title, "body": "Cek tekanan darah gratis di aula.",
              "valid_from": today.isoformat(),
              "valid_until": (today + dt.timedelta(days=3)).isoformat()},
    )
    assert answer.status_code == 201, answer.text


@pytest.mark.parametrize("size", ["normal", "large"])
def test_an_active_ticket_and_its_facilitys_news_show_on_beranda(new_page, web_server, size):  # type: ignore[no-untyped-def]
    booking = book_on_an_open_day(web_server, "pkm-lasem", "poli-umum")
    publish(web_server, "pkm-lasem", "Cek tensi gratis untuk lansia")
    ticket = {
        "booking_code": booking["booking_code"], "facility_id": "pkm-lasem",
        "facility_name": booking["facility_name"], "service_name": booking["ticket"]["service_name"],
        "service_date": booking["service_date"], "display_number": booking["ticket"]["display_number"],
    }
    page = new_page("/", storage_state=seeded(
        web_server.url, wallet={"tickets": [ticket], "profiles": []},
        text_scale=1.5 if size == "large" else 1.0))
    by_id(page, f"active-ticket-{booking['booking_code']}").wait_for(timeout=30_000)
    shown(page, "Terdaftar").wait_for(timeout=10_000)  # the live status
    screenshot(page, f"beranda-ticket-and-news-{size}")
    assert clipped_texts(page) == []
    lead = by_id(page, f"active-ticket-{booking['booking_code']}")  # the next visit leads Beranda
    lead.get_by_role("button", name="Buka tiket").click()
    page.wait_for_url(f"**/tiket/{booking['booking_code']}", timeout=10_000)
    page.go_back()
    # The news of the ticket's facility, below the ticket and "Ambil Nomor".
    scroll_to(page, shown(page, "Cek tensi gratis untuk lansia")).wait_for(timeout=10_000)


def test_following_a_facility_puts_it_on_beranda(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/faskes/pkm-sumber")
    page.get_by_role("button", name="Ikuti pengumuman").wait_for(timeout=30_000)
    page.get_by_role("button", name="Ikuti pengumuman").click()
    page.get_by_role("button", name="Berhenti mengikuti").wait_for(timeout=10_000)
    page.get_by_role("button", name="Kembali").click()
    shown(page, "faskes ditemukan").wait_for(timeout=10_000)
    page.get_by_role("button", name="Kembali").click()
    shown(page, "Faskes yang Anda ikuti").wait_for(timeout=10_000)
    assert page.get_by_role("button", name="Puskesmas Sumber").is_visible()
    screenshot(page, "beranda-following")


# --------------------------------------------------------------- the list


def test_search_narrows_the_list_and_opens_a_facility(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/faskes")
    shown(page, "20 faskes ditemukan").wait_for(timeout=30_000)
    screenshot(page, "faskes-list-light")
    search(page, "lasem")
    shown(page, "1 faskes ditemukan").wait_for(timeout=10_000)
    page.get_by_role("button", name="Puskesmas Lasem Puskesmas di Kecamatan Lasem").click()
    by_id(page, "facility-name").wait_for(timeout=10_000)
    page.wait_for_timeout(500)
    assert scroll_to(page, shown(page, "Poli Umum")).is_visible()
    page.go_back()
    shown(page, "1 faskes ditemukan").wait_for(timeout=10_000)


def test_the_map_toggle_shows_markers_even_without_map_tiles(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/faskes")
    shown(page, "20 faskes ditemukan").wait_for(timeout=30_000)
    page.get_by_role("switch", name="Tampilkan peta").click()
    by_id(page, "facility-map").wait_for(timeout=10_000)
    shown(page, "Gambar peta tidak bisa dimuat").wait_for(timeout=15_000)
    page.wait_for_timeout(1000)
    screenshot(page, "faskes-map")
    assert page.locator('[flt-semantics-identifier^="marker-"]').count() == 20
    assert page.get_by_role("button", name="Puskesmas Lasem", exact=True).is_visible()
    page.get_by_role("button", name="Puskesmas Lasem", exact=True).click()
    by_id(page, "facility-name").wait_for(timeout=10_000)
    assert by_id(page, "facility-name").inner_text().strip() == "Puskesmas Lasem"


def test_sorting_by_distance_uses_the_location_the_browser_gives(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/faskes")
    shown(page, "20 faskes ditemukan").wait_for(timeout=30_000)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": LASEM[0], "longitude": LASEM[1]})
    page.get_by_role("button", name="Urutkan dari yang terdekat").click()
    shown(page, "Diurutkan dari yang terdekat").wait_for(timeout=20_000)
    first_row = page.get_by_role("button", name="Puskesmas Lasem", exact=False).first
    assert "km dari Anda" in first_row.inner_text()
    screenshot(page, "faskes-list-nearest")


def test_without_location_permission_the_list_stays_and_says_so(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/faskes")
    shown(page, "20 faskes ditemukan").wait_for(timeout=30_000)
    page.get_by_role("button", name="Urutkan dari yang terdekat").click()
    by_id(page, "location-note").wait_for(timeout=90_000)
    assert "Daftar tetap diurutkan menurut nama" in by_id(page, "location-note").inner_text()
    assert shown(page, "20 faskes ditemukan").is_visible()


@pytest.mark.parametrize("theme", ["dark", "jv"])
def test_the_list_in_dark_and_in_basa_jawa(new_page, web_server, theme):  # type: ignore[no-untyped-def]
    prefs = {"dark": True} if theme == "dark" else {"language": "jv"}
    page = new_page("/faskes", storage_state=seeded(web_server.url, **prefs))
    by_id(page, "facility-count").wait_for(timeout=30_000)
    screenshot(page, f"faskes-list-{theme}")
    assert clipped_texts(page) == []


# ------------------------------------------------------------ one facility


def test_a_deep_link_opens_the_facility_page(new_page, web_server):  # type: ignore[no-untyped-def]
    page = new_page("/faskes/rsud-soetrasno")
    umum = service_id(web_server, "rsud-soetrasno", "penyakit-dalam")
    by_id(page, f"book-{umum}").wait_for(timeout=30_000)  # "Ambil nomor …" first
    assert by_id(page, "facility-name").inner_text().strip() == "RSUD dr. R. Soetrasno"
    assert scroll_to(page, shown(page, "Loket Pendaftaran")).is_visible()


def test_the_facility_page_shows_hours_contact_and_quota(new_page, web_server):  # type: ignore[no-untyped-def]
    page = new_page("/faskes/pkm-lasem")
    by_id(page, "facility-name").wait_for(timeout=30_000)
    umum = service_id(web_server, "pkm-lasem", "poli-umum")
    assert by_id(page, f"book-{umum}").is_visible()  # "Ambil nomor Poli Umum" first
    screenshot(page, "faskes-detail-light")
    assert scroll_to(page, page.get_by_role("button", name="Telepon")).is_visible()
    assert page.get_by_role("button", name="Petunjuk arah").is_visible()
    umum = service_id(web_server, "pkm-lasem", "poli-umum")
    page.wait_for_timeout(500)
    scroll_to(page, by_id(page, f"quota-toggle-{umum}")).click()
    today = web_server.today.isoformat()
    scroll_to(page, by_id(page, f"quota-{today}"))
    page.mouse.wheel(0, 350)  # the days themselves into view
    screenshot(page, "faskes-quota")
    last = (web_server.today + dt.timedelta(days=7)).isoformat()
    assert scroll_to(page, by_id(page, f"quota-{last}")).is_visible()  # a week ahead


@pytest.mark.parametrize("theme", ["dark", "jv", "large"])
def test_the_facility_page_in_dark_in_basa_jawa_and_large_text(new_page, web_server, theme):  # type: ignore[no-untyped-def]
    prefs = {"dark": {"dark": True}, "jv": {"language": "jv"}, "large": {"text_scale": 1.5}}[theme]
    page = new_page("/faskes/pkm-lasem", storage_state=seeded(web_server.url, **prefs))
    by_id(page, "facility-name").wait_for(timeout=30_000)
    screenshot(page, f"faskes-detail-{theme}")
    assert clipped_texts(page) == []
