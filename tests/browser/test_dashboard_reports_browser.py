"""The dashboard's Laporan card in Chromium against a real server with its demo
history: Dinkes downloads the SKM report of the last full month as Excel and the
regency's monthly recap as CSV; the browser opens each two-minute link on the page's
own origin. Screenshots at desk size and on a phone (an admin)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, by_id, screenshot
from tests.browser.test_dashboard_browser import DESK, INTERACTIVE, NAME, scroll_to, sign_in

pytestmark = pytest.mark.slow


def downloaded(page, button: str, path: str) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """Click a report's button; the status and type of the file the browser fetched."""
    answers: list[tuple[int, str]] = []
    page.context.on("response", lambda r: answers.append((r.status, r.headers.get("content-type", "")))
                    if path in r.url else None)
    with page.context.expect_page(timeout=30_000):  # a tab that downloads and closes
        by_id(page, button).click()
    for _ in range(50):
        if answers:
            break
        page.wait_for_timeout(200)
    return answers


def test_dinkes_downloads_the_skm_report_and_the_regency_recap(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/dashboard", viewport=DESK)
    sign_in(page)
    scroll_to(page, "dashboard-reports")
    page.wait_for_timeout(500)
    screenshot(page, "dashboard-reports-desk-id")
    card = by_id(page, "dashboard-reports")
    unnamed = [c.evaluate("el => el.outerHTML.slice(0, 160)") for c in card.locator(INTERACTIVE).all()
               if c.is_visible() and not (c.evaluate(NAME) or "").strip()]
    assert unnamed == []
    assert downloaded(page, "report-skm-xlsx", "/api/reports/skm.xlsx") == [
        (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    assert downloaded(page, "report-recap-csv", "/api/reports/recap.csv") == [
        (200, "text/csv; charset=utf-8")]


def test_an_admin_sees_the_laporan_card_on_a_phone(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/dashboard", viewport=PHONE)
    sign_in(page, "admin.pkm-sumber")
    scroll_to(page, "dashboard-reports")
    page.wait_for_timeout(500)
    screenshot(page, "dashboard-reports-phone-id")
    box = by_id(page, "report-recap-csv").bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 48
