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


def shown_text(page, identifier: str) -> str:  # type: ignore[no-untyped-def]
    node = by_id(page, identifier)
    return (node.get_attribute("aria-label") or node.inner_text()).strip()


def test_dinkes_creates_an_admin_for_sulang_who_then_sees_only_sulang(new_page):  # type: ignore[no-untyped-def]
    username = f"kepala.sulang-{secrets.token_hex(2)}"  # a retry after a hang makes another
    dinkes = new_page("/admin", viewport=DESK)
    sign_in(dinkes, "dinkes")
    by_id(dinkes, "account-list").get_by_text("loket.pkm-sulang").first.wait_for(timeout=30_000)
    by_id(dinkes, "account-new").click()
    by_id(dinkes, "account-username").wait_for(timeout=10_000)
    type_into(dinkes, "account-username", username)
    choose(dinkes, "account-role", "Admin faskes")
    choose(dinkes, "account-facility", "Puskesmas Sulang", typed="Sulang")
    screenshot(dinkes, "admin-accounts-new-1366")
    by_id(dinkes, "account-create").click()
    by_id(dinkes, "one-time-password").wait_for(timeout=20_000)
    one_time = shown_text(dinkes, "one-time-password")
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
    listing = by_id(admin, "account-list")
    listing.get_by_text("loket.pkm-sulang").first.wait_for(timeout=30_000)
    names = listing.inner_text()
    assert username in names and "poli.pkm-sulang" in names
    assert "pkm-sumber" not in names and "dinkes\n" not in names
    assert by_id(admin, "accounts-facility").count() == 0  # no other facility to pick
    screenshot(admin, "admin-accounts-sulang-1366")
