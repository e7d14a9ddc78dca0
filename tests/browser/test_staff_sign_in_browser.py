"""The staff sign-in form in Chromium as a clerk meets it at the start of a shift:
typing at once into the first field, at 1366×768, and with the largest text on a
phone. With the console's view scrolling around the form, 3 to 8 of ten first
sign-ins lost what was typed first (components/staff_guard.py, `face_scroll`): five
per face, fifteen in all through the one guard, would all but surely show that again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import by_id
from tests.browser.test_staff_browser import screenshot, storage

DESK = {"width": 1366, "height": 768}
NARROW = {"width": 360, "height": 780}
HUMAN_KEY_MS = 60  # a fast typist: ~16 keys a second
FIRST_SIGN_INS = 5  # per face, each in a fresh tab


def type_at_once(page, username: str, password: str = "rembang-demo") -> None:  # type: ignore[no-untyped-def]
    """The moment the form shows: the username (where the focus must be), Tab, the
    password, Enter. No click first, no wait."""
    by_id(page, "staff-username").wait_for(timeout=30_000)
    for key in [*username, "Tab", *password, "Enter"]:
        page.keyboard.press(key)
        page.wait_for_timeout(HUMAN_KEY_MS)  # between two keys, as a person types


@pytest.mark.parametrize(("face", "username"), [("/staff", "poli.pkm-lasem"), ("/dashboard", "dinkes"),
                                                ("/admin", "dinkes")])
def test_what_a_clerk_types_at_once_into_the_first_field_is_never_lost(new_page, face, username):  # type: ignore[no-untyped-def]
    """Five first sign-ins in five fresh tabs, on each face behind the sign-in: each one signs in."""
    lost = []
    for attempt in range(FIRST_SIGN_INS):
        page = new_page(face, viewport=DESK)
        type_at_once(page, username)
        outcome = by_id(page, "sign-out").or_(by_id(page, "sign-in-error")).or_(
            by_id(page, "staff-username").locator('[aria-invalid="true"]'))
        try:
            outcome.first.wait_for(timeout=15_000)
        except Exception:  # noqa: BLE001 - nothing happened: the keys went nowhere
            pass
        if not by_id(page, "sign-out").count():
            field = by_id(page, "staff-username").locator("input").first
            lost.append((attempt, field.input_value() if field.count() else None))
        page.context.close()
    assert lost == [], f"sign-ins that lost what was typed (attempt, username left): {lost}"


@pytest.mark.parametrize("language", ["id", "jv", "en"])
def test_the_form_fits_a_desk_and_a_small_phone_at_the_largest_text(new_page, web_server, language):  # type: ignore[no-untyped-def]
    for name, viewport, scale in (("desk", DESK, 1.0), ("narrow-largest", NARROW, 1.5)):
        page = new_page("/staff", viewport=viewport,
                        storage_state=storage(web_server, language=language, text_scale=scale))
        by_id(page, "staff-username").wait_for(timeout=30_000)
        by_id(page, "sign-in").click()  # empty: both fields say they are needed
        expect(by_id(page, "staff-password").locator('[aria-invalid="true"], input[aria-invalid="true"]')
               .or_(by_id(page, "staff-password"))).to_be_visible()
        for identifier in ("staff-username", "staff-password", "sign-in"):
            box = by_id(page, identifier).bounding_box()
            assert box is not None, identifier
            assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (identifier, box)
        # Look at these: "Bagian ini wajib diisi." wraps under each field on the phone
        # (in jv it was cut to "Bagian menika kedah dipuni…").
        screenshot(page, f"staff-sign-in-{name}-{language}")
