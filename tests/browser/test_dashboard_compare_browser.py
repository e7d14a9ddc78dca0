"""Every facility side by side (and twelve weeks of each), in Chromium at a laptop's 1366×768 against a real
server with demo history: the attention card, the table (every column inside its card,
the regency's row last, a header tap sorts), the map with a named marker per facility.
Screenshots: dashboard-compare-*.png (Indonesian, and the table in English)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import by_id, screenshot
from tests.browser.test_dashboard_browser import INTERACTIVE, NAME, scroll_to, sign_in

pytestmark = pytest.mark.slow

LAPTOP = {"width": 1366, "height": 768}
ROWS = """() => [...document.querySelectorAll('[flt-semantics-identifier="compare-table"] [role="row"]')]
              .map(r => r.innerText.replace(/\\s+/g, ' ').trim())"""


def assert_table_inside_its_card(page) -> None:  # type: ignore[no-untyped-def]
    card = by_id(page, "dashboard-compare").bounding_box()
    table = page.locator('[flt-semantics-identifier="compare-table"] [role="table"]').bounding_box()
    assert card and table and table["x"] + table["width"] <= card["x"] + card["width"] - 16  # no column cut


def test_dinkes_compares_every_facility_at_laptop_size(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/dashboard", viewport=LAPTOP)
    sign_in(page)
    by_id(page, "compare-table").wait_for(timeout=30_000)
    by_id(page, "dashboard-attention").get_by_role("heading", name="Perlu perhatian").wait_for()
    screenshot(page, "dashboard-compare-attention")

    scroll_to(page, "dashboard-compare")
    screenshot(page, "dashboard-compare-table")
    assert_table_inside_its_card(page)
    headers = by_id(page, "compare-table").get_by_role("columnheader").all()
    assert len(headers) == 10 and all(h.bounding_box()["height"] <= 56 for h in headers)  # two lines at most
    rows = page.evaluate(ROWS)
    assert len(rows) >= 21 and rows[-1].startswith("Seluruh kabupaten")

    by_id(page, "compare-table").get_by_role("columnheader", name="Kunjungan").click()  # fewest visits first
    page.wait_for_function(f"() => ({ROWS})()[1] !== {rows[1]!r}", timeout=10_000)
    assert page.evaluate(ROWS)[-1].startswith("Seluruh kabupaten")

    scroll_to(page, "compare-map")
    page.mouse.wheel(0, 250)  # the whole map and its legend in the picture
    screenshot(page, "dashboard-compare-map")
    marker = by_id(page, "compare-marker-pkm-sumber")
    assert (marker.get_attribute("aria-label") or "").startswith("Puskesmas Sumber: P90 tunggu poli ")
    unnamed = [
        control.evaluate("el => el.outerHTML.slice(0, 160)")
        for control in page.locator(INTERACTIVE).all()
        if control.is_visible() and not (control.evaluate(NAME) or "").strip()
    ]
    assert unnamed == []  # every marker, button and picker has a name


def test_the_comparison_in_english_at_laptop_size(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/dashboard", viewport=LAPTOP, locale="en-US")
    sign_in(page)
    by_id(page, "compare-table").wait_for(timeout=30_000)
    by_id(page, "dashboard-attention").get_by_role("heading", name="Needs attention").wait_for()
    scroll_to(page, "dashboard-compare")
    screenshot(page, "dashboard-compare-table-en")
    assert_table_inside_its_card(page)
    assert page.evaluate(ROWS)[-1].startswith("The whole regency")


WEEKLY_ROWS = ROWS.replace('"compare-table"', '"weekly-table"')


def test_twelve_weeks_per_facility_at_laptop_size(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/dashboard", viewport=LAPTOP)
    sign_in(page)
    by_id(page, "weekly-table").wait_for(timeout=30_000)
    scroll_to(page, "dashboard-weekly")
    screenshot(page, "dashboard-weekly")
    card = by_id(page, "dashboard-weekly").bounding_box()
    table = page.locator('[flt-semantics-identifier="weekly-table"] [role="table"]').bounding_box()
    assert card and table and table["x"] + table["width"] <= card["x"] + card["width"] - 16
    rows = page.evaluate(WEEKLY_ROWS)
    assert len(rows) >= 21 and rows[-1].startswith("Seluruh kabupaten")
    sumber = next(row for row in rows if row.startswith("Puskesmas Sumber"))
    # Each little line is read out with its twelve weeks' figures (a dash: no figure that week).
    figures = sumber.split(", 12 minggu: ")[1].split(", ")
    assert len(figures) == 12 and figures[-1].split(" menit")[0].replace(",", "").isdigit()
