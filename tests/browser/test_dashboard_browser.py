"""The dashboard in Chromium against a real server (demo data on, so it generated
its history at start-up): Dinkes signs in, picks a range, reads the charts and the
tables, and downloads the CSV. Screenshots at desk size in Indonesian and English,
and at phone size."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel.dates import format_date

from tests.browser.conftest import PHONE, by_id, screenshot, type_into

INTERACTIVE = (
    '[role="button"], [role="link"], [role="checkbox"], [role="radio"], [role="switch"], '
    '[role="tab"], [role="slider"], input, textarea'
)
NAME = """el => {
  const own = el.getAttribute('aria-label') || el.innerText.trim() || el.placeholder || '';
  if (own) return own;
  if (el.labels && el.labels.length) return el.labels[0].innerText;
  const labelled = el.closest('[aria-label]');
  return labelled ? labelled.getAttribute('aria-label') : '';
}"""  # the staff desk's rule; citizen screens have the stricter one (test_accessibility_browser)

pytestmark = pytest.mark.slow

DESK = {"width": 1280, "height": 800}


def sign_in(page, username: str = "dinkes") -> None:  # type: ignore[no-untyped-def]
    """Sign in with the staff console's form, once (what is typed first is never lost:
    tests/browser/test_staff_sign_in_browser.py)."""
    by_id(page, "staff-username").wait_for(timeout=30_000)
    type_into(page, "staff-username", username)
    type_into(page, "staff-password", "rembang-demo")
    by_id(page, "sign-in").click()
    by_id(page, "dashboard-channels").wait_for(timeout=30_000)


def scroll_to(page, identifier: str) -> None:  # type: ignore[no-untyped-def]
    """Flutter scrolls on wheel events over the view; scroll until the section shows."""
    size = page.viewport_size
    page.mouse.move(size["width"] // 2, size["height"] // 2)
    for _ in range(40):
        box = by_id(page, identifier).bounding_box()
        if box and 60 <= box["y"] <= 300:
            return
        page.mouse.wheel(0, 300 if not box or box["y"] > 300 else -300)
        page.wait_for_timeout(150)


def test_dinkes_picks_a_range_and_reads_charts_and_tables(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/dashboard", viewport=DESK)
    sign_in(page)
    assert "bukan pasien sungguhan" in by_id(page, "demo-note").inner_text()
    by_id(page, "range-7").click()
    page.wait_for_function(
        "() => document.querySelector('[flt-semantics-identifier=\"dashboard-days-table\"]')"
        "?.innerText.split('\\n').filter(l => /\\d+ (Nov|Des)/.test(l)).length === 7",
        timeout=30_000,
    )
    channels = by_id(page, "dashboard-channels-table").inner_text()
    for name in ("Aplikasi", "Situs web", "Anjungan mandiri", "Loket petugas", "Semua"):
        assert name in channels
    assert "Menunggu dipanggil poli" in by_id(page, "dashboard-waits-table").inner_text()
    screenshot(page, "dashboard-desk-id")
    scroll_to(page, "dashboard-waits")
    screenshot(page, "dashboard-desk-id-waits")
    scroll_to(page, "dashboard-quota")
    screenshot(page, "dashboard-desk-id-quota")
    scroll_to(page, "dashboard-skm")
    assert "Indeks SKM" in by_id(page, "dashboard-skm-table").inner_text()
    screenshot(page, "dashboard-desk-id-skm")
    unnamed = [
        control.evaluate("el => el.outerHTML.slice(0, 160)")
        for control in page.locator(INTERACTIVE).all()
        if control.is_visible() and not (control.evaluate(NAME) or "").strip()
    ]
    assert unnamed == []  # every button, field and picker has a name

    # The CSV: the browser opens a short-lived link on the page's own origin.
    downloads: list[int] = []
    page.context.on("response",
                    lambda r: downloads.append(r.status) if "/api/dashboard.csv" in r.url else None)
    with page.context.expect_page(timeout=30_000):  # a tab that downloads and closes
        by_id(page, "download-csv").click()
    for _ in range(50):
        if downloads:
            break
        page.wait_for_timeout(200)
    assert downloads == [200]


def test_the_dashboard_in_english_at_desk_size(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/dashboard", viewport=DESK, locale="en-US")
    sign_in(page)
    assert by_id(page, "staff-who").inner_text() == "Signed in as dinkes"
    visits = by_id(page, "headline-visits").inner_text()
    # 12.345: numbers as written in Indonesia (en_ID), like its dates and money
    assert visits.startswith("Visits ") and re.search(r"\d\.\d{3}\s", visits)
    screenshot(page, "dashboard-desk-en")


def test_an_admin_reads_their_puskesmas_on_a_phone(new_page, web_server):  # type: ignore[no-untyped-def]
    page = new_page("/dashboard", viewport=PHONE)
    sign_in(page, "admin.pkm-sumber")
    assert by_id(page, "dashboard-facility").inner_text() == "Puskesmas Sumber"
    screenshot(page, "dashboard-phone-id")
    # From a date picked in the calendar (it opens on the month of the first date).
    first = web_server.today - dt.timedelta(days=27)
    target = first + dt.timedelta(days=1) if first.day < 28 else first - dt.timedelta(days=1)
    by_id(page, "range-from").click()
    page.get_by_role("button", name=f"{target.day}, {format_date(target, 'EEEE, d MMMM y', locale='id')}",
                     exact=True).click()
    page.get_by_role("button", name="OKE").click()
    page.wait_for_function(
        "shown => document.querySelector('[flt-semantics-identifier=\"dashboard-period\"]')"
        "?.innerText.startsWith(shown)", arg=format_date(target, "full", locale="id"), timeout=30_000,
    )
    by_id(page, "dashboard-channels").wait_for(timeout=30_000)
    scroll_to(page, "dashboard-channels")
    screenshot(page, "dashboard-phone-id-channels")
