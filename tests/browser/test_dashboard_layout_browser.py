"""The dashboard's layout in Chromium at the sizes Dinkes uses (1366×768, 1920×1080)
and on a phone, in each language: the labels under the bars never run into each
other, the facility picker's label is drawn whole, and every table shows all its
rows on the page (no inner scrollbar hides any), the busiest hour first.

The labels under the bars are nodes of their own in the accessibility tree
(`chart-bottom-label`), so their drawn boxes can be compared. Screenshots:
`dashboard-layout-<size>-<language>*.png`.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from babel.dates import format_date
from PIL import Image

from tests.browser.conftest import PHONE, by_id, screenshot
from tests.browser.test_dashboard_browser import scroll_to, sign_in

pytestmark = pytest.mark.slow

SIZES = {
    "1366": {"width": 1366, "height": 768},
    "1920": {"width": 1920, "height": 1080},
    "phone": PHONE,
}
LOCALES = {"id": "id-ID", "jv": "jv-ID", "en": "en-US"}
CHARTS = ("dashboard-channels", "dashboard-waits", "dashboard-days", "dashboard-quota",
          "dashboard-hours", "dashboard-skm")
GAP = 4  # px of space at least between two labels under the bars

BOXES = """(root, selector) => [...root.querySelectorAll(selector)].map(e => {
  const r = e.getBoundingClientRect();
  const text = e.innerText || e.getAttribute('aria-label') || '';
  return {x: r.x, y: r.y, width: r.width, height: r.height, text};
})"""


def boxes(page, identifier: str, selector: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return by_id(page, identifier).evaluate(BOXES, selector)


def bottom_labels(page, section: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """The labels under the bars of a section's chart, left to right."""
    labels = boxes(page, section, '[flt-semantics-identifier="chart-bottom-label"]')
    return sorted(labels, key=lambda b: b["x"])


def assert_labels_apart(page, section: str) -> int:  # type: ignore[no-untyped-def]
    labels = bottom_labels(page, section)
    assert labels, f"{section}: no labels under the bars"
    rows = {round(b["y"]) for b in labels}
    assert len(rows) == 1, f"{section}: labels on several lines {rows}"
    crowded = [(a["text"], round(a["x"] + a["width"]), b["text"], round(b["x"]))
               for a, b in zip(labels, labels[1:], strict=False)
               if a["x"] + a["width"] + GAP > b["x"]]
    assert crowded == [], f"{section}: labels drawn over or against each other"
    return len(labels)


def assert_picker_label_whole(page) -> None:  # type: ignore[no-untyped-def]
    """The floating label "Faskes" sits on the field's top border: half of it is above
    the field's box. Some of its ink must be there, not cut off by the page's edge."""
    box = by_id(page, "dashboard-facility").bounding_box()
    assert box is not None
    above = Image.open(io.BytesIO(page.screenshot(clip={
        "x": box["x"] + 8, "y": box["y"] - 6, "width": 64, "height": 5,
    }))).convert("L")
    darkest, _ = above.getextrema()
    assert darkest < 140, "the picker's label is cut off above the field"


UP_AND_DOWN = """() => [...document.querySelectorAll('flt-semantics')]
  .filter(e => e.style.scrollbarWidth === 'none' && e.style.overflowY === 'scroll').length"""
"""Flutter's node for a scroll view has `scrollbar-width: none` and `overflow-y: scroll`
when it scrolls up and down (`overflow-x` for sideways), until the mouse wheel is used:
then every scroll view says `hidden` both ways. So this is counted before any wheel."""


def assert_only_the_page_scrolls(page) -> None:  # type: ignore[no-untyped-def]
    """No card scrolls up and down by itself (no inner scrollbar hides rows): the
    page's own scroll view is the only one."""
    assert page.evaluate(UP_AND_DOWN) == 1, "a card scrolls up and down inside the page"


def assert_rows_shown(page, section: str) -> None:  # type: ignore[no-untyped-def]
    """The table's rows are on the page. (Flutter leaves rows far below the window out of
    the accessibility tree, so they are not counted.)"""
    assert len(boxes(page, f"{section}-table", '[role="row"]')) > 1, f"{section}: no rows"


def hours_busiest_first(page) -> list[int]:  # type: ignore[no-untyped-def]
    """The arrivals column of the hours table, top to bottom."""
    cells = boxes(page, "dashboard-hours-table", '[role="row"]')[1:]
    counts = []
    for row in cells:
        parts = row["text"].split("\n")
        counts.append(int(parts[1].replace(".", "")) if len(parts) > 1 else -1)
    return counts


# Every language where room is short (the common desk, the phone); the wide desk once
# (its labels have more room than at 1366 in any language: 50 s of CI for nothing found).
LAYOUTS = [(size, language) for size in ("1366", "phone") for language in LOCALES] + [("1920", "id")]


@pytest.mark.parametrize(("size", "language"), LAYOUTS)
def test_dashboard_layout_in_every_language_at_desk_and_phone_size(new_page, size, language):  # type: ignore[no-untyped-def]
    page = new_page("/dashboard", viewport=SIZES[size], locale=LOCALES[language])
    sign_in(page)
    page.wait_for_timeout(1000)  # the charts measured their width
    name = f"dashboard-layout-{size}-{language}"
    assert_picker_label_whole(page)
    assert_only_the_page_scrolls(page)
    screenshot(page, name)
    for section in CHARTS:
        scroll_to(page, section)
        page.wait_for_timeout(300)
        if section in ("dashboard-days", "dashboard-hours") or size == "phone":
            screenshot(page, f"{name}-{section.removeprefix('dashboard-')}")  # before: a failure shows it
        assert_labels_apart(page, section)
        if section in ("dashboard-days", "dashboard-quota"):
            assert_rows_shown(page, section)
        if section == "dashboard-hours":
            assert_rows_shown(page, section)
            counts = hours_busiest_first(page)
            assert counts == sorted(counts, reverse=True) and counts[0] > 0


def pick_first_date(page, first: dt.date, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    """Open the calendar of "Dari", go back to the month of `first`, pick it. (The
    calendar opens on the month of the range's first date: 27 days before `today`.)"""
    by_id(page, "range-from").click()
    shown_month = today - dt.timedelta(days=27)
    months_back = (shown_month.year - first.year) * 12 + shown_month.month - first.month
    for _ in range(months_back):
        page.get_by_role("button", name="Bulan sebelumnya").click()
        page.wait_for_timeout(300)
    page.get_by_role("button", name=f"{first.day}, {format_date(first, 'EEEE, d MMMM y', locale='id')}",
                     exact=True).click()
    page.get_by_role("button", name="OKE").click()
    page.wait_for_function(
        "shown => document.querySelector('[flt-semantics-identifier=\"dashboard-period\"]')"
        "?.innerText.startsWith(shown)", arg=format_date(first, "full", locale="id"), timeout=30_000,
    )


@pytest.mark.parametrize("days", [60, 92])
@pytest.mark.parametrize("width", [1366, 360])
def test_dates_under_the_bars_never_collide_over_long_ranges(new_page, web_server, days, width):  # type: ignore[no-untyped-def]
    page = new_page("/dashboard", viewport={"width": width, "height": 768 if width > 600 else 800})
    sign_in(page)
    today = web_server.today
    pick_first_date(page, today - dt.timedelta(days=days - 1), today)
    by_id(page, "dashboard-days").wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    assert_only_the_page_scrolls(page)
    for section in ("dashboard-days", "dashboard-quota"):
        scroll_to(page, section)
        page.wait_for_timeout(800)
        shown = assert_labels_apart(page, section)
        assert shown >= 3, f"{section}: only {shown} dates under {days} days of bars"
        assert_rows_shown(page, section)
        screenshot(page, f"dashboard-layout-{width}-{days}-days-{section.removeprefix('dashboard-')}")
