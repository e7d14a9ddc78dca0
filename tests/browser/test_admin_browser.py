"""Administrasi (`/admin`) in Chromium at 1366×768 against a real server with the demo
accounts: Dinkes creates an admin for Puskesmas Sulang and reads the one-time password
once; that admin signs in with it, must choose a new password, and then sees the
accounts of Sulang only."""

from __future__ import annotations

import secrets

from playwright.sync_api import expect

from tests.browser.conftest import by_id, screenshot, type_into
from tests.browser.test_feedback_browser import choose
from tests.browser.test_staff_browser import sign_in

DESK = {"width": 1366, "height": 768}
NEW_PASSWORD = "kopi-sulang-pagi-42"  # noqa: S105 - a test password


def rows(page) -> str:  # type: ignore[no-untyped-def]
    """What the account rows on screen say, read at once: their text and their labels
    (Flutter puts a card's texts in its label)."""
    return page.evaluate("""() => [...document.querySelectorAll('[flt-semantics-identifier^="account-row-"]')]
        .flatMap(row => [row, ...row.querySelectorAll("[aria-label]")])
        .map(n => (n.getAttribute("aria-label") || "") + " " + n.innerText).join(" ")""")


def wait_for_row(page, username: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(60):
        if username in rows(page):
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"{username} is not in the list: {rows(page)!r}")


def shown_secret(page, identifier: str) -> str:  # type: ignore[no-untyped-def]
    """Read as a screen reader would: selectable text has no text of its own in the tree."""
    node = by_id(page, identifier)
    return (node.get_attribute("aria-label") or node.locator("[aria-label]").first.get_attribute("aria-label")
            or "").strip()


def test_dinkes_creates_an_admin_for_sulang_who_then_sees_only_sulang(new_page):  # type: ignore[no-untyped-def]
    username = f"kepala.sulang-{secrets.token_hex(2)}"  # a retry after a hang makes another
    dinkes = new_page("/admin", viewport=DESK)
    sign_in(dinkes, "dinkes")
    wait_for_row(dinkes, "admin.pkm-bulu")
    by_id(dinkes, "account-new").click()
    by_id(dinkes, "account-username").wait_for(timeout=10_000)
    type_into(dinkes, "account-username", username)
    choose(dinkes, "account-role", "Admin faskes")
    choose(dinkes, "account-facility", "Puskesmas Sulang", typed="Sulang")
    screenshot(dinkes, "admin-accounts-new-1366")
    by_id(dinkes, "account-create").click()
    by_id(dinkes, "one-time-password").wait_for(timeout=20_000)
    one_time = shown_secret(dinkes, "one-time-password")
    assert len(one_time) == 16, one_time
    screenshot(dinkes, "admin-accounts-one-time-password-1366")
    by_id(dinkes, "one-time-password-done").click()
    expect(by_id(dinkes, "one-time-password")).to_have_count(0, timeout=10_000)
    assert one_time not in dinkes.locator("flt-semantics-host").inner_text()  # shown once only

    admin = new_page("/admin", viewport=DESK)
    sign_in(admin, username, one_time)
    by_id(admin, "staff-new-password").wait_for(timeout=20_000)  # one time: a new one first
    type_into(admin, "staff-new-password", NEW_PASSWORD)
    type_into(admin, "staff-repeat-password", NEW_PASSWORD)
    by_id(admin, "sign-in").click()
    wait_for_row(admin, "admin.pkm-sulang")
    names = rows(admin)  # the rows on screen: the admins of Sulang come first
    assert username in names and "Puskesmas Sulang" in names
    assert "Bulu" not in names and "Dinkes" not in names, names
    assert by_id(admin, "accounts-facility").count() == 0  # no other facility to pick
    screenshot(admin, "admin-accounts-sulang-1366")


def test_on_a_phone_the_admin_picks_the_section_from_a_dropdown(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/admin", viewport={"width": 360, "height": 740})
    sign_in(page, "admin.pkm-sulang")
    wait_for_row(page, "admin.pkm-sulang")
    assert by_id(page, "admin-sections").count() == 1  # the dropdown (a rail needs a wider screen)
    screenshot(page, "admin-accounts-phone-360")
