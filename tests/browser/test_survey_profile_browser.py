"""The survey's optional part about the respondent ("Tentang Anda (boleh dilewati)") on
a small phone (360×740, Android) at the largest text size (Sangat besar), in Chromium
against the real server: nothing in it reaches past the screen's edge or breaks a word
(the detector of test_overflow_browser.py), every choice is at least 48 px tall, a tap
marks a choice and a second tap takes it back. PNGs under
test-output/screenshots/survey-profile/."""

from __future__ import annotations

import pytest

from session.theme import TEXT_SCALES
from tests.browser.citizen_tour import ANDROID, People, browser_state, people_of, shown
from tests.browser.conftest import SCREENSHOTS, by_id
from tests.browser.test_doctor_choice_browser import MIN_TARGET
from tests.browser.test_five_taps_browser import SMALL_PHONE, scroll_until_seen
from tests.browser.test_overflow_browser import overflows

SHOTS = SCREENSHOTS / "survey-profile"
# The first and last choice of each question (the rows wrap two by two on a phone).
GROUPS = (("age_group-upto_20", "age_group-over_60"), ("sex-male", "sex-female"),
          ("education-none", "education-s2_up"), ("job-civil_servant", "job-other"))


# A setup tried again (after a hung browser) books for a new patient: the first try's
# booking would answer already_booked.
SERIALS = iter(range(7830, 7840))


@pytest.fixture(scope="module")
def people(web_server) -> People:  # type: ignore[no-untyped-def]
    return people_of(web_server, next(SERIALS))


def scroll_to(page, identifier: str) -> None:  # type: ignore[no-untyped-def]
    """Wheel down until the node is whole and well above the bottom of the list."""
    scroll_until_seen(page, identifier)
    for _ in range(10):
        box = by_id(page, identifier).first.bounding_box()
        if box and box["y"] + box["height"] < SMALL_PHONE["height"] - 120:
            break
        page.mouse.wheel(0, 100)
        page.wait_for_timeout(200)
    page.wait_for_timeout(400)  # the pixels lag the accessibility tree


def current(page, identifier: str) -> bool:  # type: ignore[no-untyped-def]
    """Flutter's web semantics say "selected" as aria-current."""
    return by_id(page, identifier).first.get_attribute("aria-current") == "true"


def test_the_part_about_the_respondent_fits_a_small_phone_at_the_largest_text(new_page, web_server, people):  # type: ignore[no-untyped-def]
    state = browser_state(web_server.url, people, text_scale=max(TEXT_SCALES))
    page = new_page("/", viewport=SMALL_PHONE, storage_state=state, **ANDROID)
    shown(page, "beranda", "/")  # the app has started (as the citizen tour does)
    shown(page, "survei", f"/tiket/{people.done_code}/survei", "survey-send")
    SHOTS.mkdir(parents=True, exist_ok=True)
    print(f"screenshots: {SHOTS}")
    found: list[str] = []
    for n, (first, last) in enumerate(GROUPS):
        scroll_to(page, f"survey-{last}")
        found += [f for f in overflows(page) if f not in found]
        page.screenshot(path=str(SHOTS / f"survey-profile-360-large-{n}.png"))
        for choice in (first, last):
            box = by_id(page, f"survey-{choice}").first.bounding_box()
            assert box is not None and box["height"] >= MIN_TARGET, (choice, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= SMALL_PHONE["width"], (choice, box)
    assert found == []
    by_id(page, "survey-job-other").first.click()
    page.wait_for_function("""() => document.querySelector('[flt-semantics-identifier="survey-job-other"]')
                              ?.getAttribute('aria-current') === 'true'""", timeout=10_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "survey-profile-360-large-chosen.png"))
    by_id(page, "survey-job-other").first.click()  # taken back
    page.wait_for_function("""() => document.querySelector('[flt-semantics-identifier="survey-job-other"]')
                              ?.getAttribute('aria-current') !== 'true'""", timeout=10_000)
    assert not current(page, "survey-job-other")
    scroll_to(page, "survey-send")
    page.screenshot(path=str(SHOTS / "survey-profile-360-large-send.png"))
