"""The Faskes screens in Chromium at phone size."""

from __future__ import annotations

from tests.browser.conftest import screenshot


def test_the_facility_list_opens_a_facility_and_goes_back(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/faskes")
    page.get_by_text("Puskesmas Lasem").wait_for(timeout=20_000)
    screenshot(page, "faskes-list")
    page.get_by_text("Puskesmas Lasem").click()
    page.get_by_text("Poli Umum").wait_for(timeout=10_000)
    screenshot(page, "faskes-detail")
    page.go_back()
    page.get_by_text("Puskesmas Bulu").wait_for(timeout=10_000)


def test_a_deep_link_opens_the_facility_page(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/faskes/rsud-soetrasno")
    page.get_by_text("Loket Pendaftaran").wait_for(timeout=20_000)
