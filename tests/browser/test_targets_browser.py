"""Every control a citizen taps is at least 48 × 48 dp (the app bar's back arrow, a
checkbox, a chip and a list row included), measured on the accessibility tree
Chromium builds from what Flutter drew, at the normal text size on a phone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import by_id
from tests.browser.test_faskes_browser import service_id

SMALLEST_TARGET = 47.5  # dp; Flutter's layout rounds to the half pixel
# A phone's browser: Flutter sizes checkboxes, radios, chips and icon buttons for touch
# (48 dp, `MaterialTapTargetSize.padded`) on Android, and for a mouse (40) on a desktop.
ANDROID = {
    "user_agent": "Mozilla/5.0 (Linux; Android 13; SM-A045F) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/120.0.0.0 Mobile Safari/537.36",
    "is_mobile": True,
    "has_touch": True,
}

CITIZEN_SCREENS = [  # (path, an identifier that is there once the screen has loaded)
    ("/", "action-book"),
    ("/ambil", "start-nearest"),
    ("/ambil/pkm-sumber", "pick-facility"),
    ("/faskes", "sort-nearest"),
    ("/faskes/pkm-sumber", "week-hours"),
    ("/tiket", None),
    ("/pengaturan", "text-size-1.5"),
    ("/pengaduan", None),
]


def small_targets(page) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    """How many tappable nodes are wholly in view, and those smaller than 48 dp either
    way, named as a screen reader names them (a node cut by the edge of its scrolling
    list is measured by what shows: left out). A text field is the whole decorated
    box, not its input."""
    return page.evaluate(
        """(least) => {
          const scroller = (e) => {
            for (let n = e.parentElement; n; n = n.parentElement)
              if (/auto|scroll/.test(getComputedStyle(n).overflow)) return n.getBoundingClientRect();
            return {top: 0, bottom: innerHeight};
          };
          // Flutter cuts a node's box at its list's edge: one touching the edge is cut
          const whole = (e, r) => {
            const s = scroller(e);
            return r.top > s.top + 1 && r.bottom < s.bottom - 1;
          };
          const shown = [...document.querySelectorAll(
                'flt-semantics[role=button], flt-semantics[role=checkbox], flt-semantics[role=radio],'
                + 'flt-semantics[role=switch], flt-semantics[role=link], flt-semantics[role=tab],'
                + 'flt-semantics[role=menuitem]')]
            .map(e => [e, e.getBoundingClientRect()])
            .filter(([e, r]) => r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && whole(e, r));
          return [shown.length, shown
            .filter(([e, r]) => r.width < least || r.height < least)
            .map(([e, r]) => `${(e.getAttribute('aria-label') || e.innerText || e.tagName)
                               .trim().slice(0, 40)} ${Math.round(r.width)}×${Math.round(r.height)}`)];
        }""",
        SMALLEST_TARGET,
    )


@pytest.mark.parametrize(("path", "ready"), CITIZEN_SCREENS)
def test_no_citizen_target_is_under_48_dp(new_page, path, ready):  # type: ignore[no-untyped-def]
    page = new_page(path, **ANDROID)
    if ready:
        by_id(page, ready).first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    measured, small = small_targets(page)
    assert measured >= 2 and small == []


def test_no_booking_step_target_is_under_48_dp(new_page, web_server):  # type: ignore[no-untyped-def]
    sid = service_id(web_server, "pkm-sumber", "poli-umum")
    page = new_page(f"/ambil/pkm-sumber/{sid}", **ANDROID)
    by_id(page, "booking-step").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    measured, small = small_targets(page)
    assert measured >= 5 and small == []
