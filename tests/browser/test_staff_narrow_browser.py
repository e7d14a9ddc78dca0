"""The staff console's title bar on a 360 px phone in Basa Jawa (its title was cut and
Keluar pushed off the screen by the buttons beside it), and the complaint desk (the
list beside the complaint opened) at 1366×768: screenshots, and nothing cut."""

from __future__ import annotations

import pytest

from api_client import new_idempotency_key
from api_client.models import ComplaintCategory
from tests.browser.conftest import by_id
from tests.browser.test_staff_browser import screenshot, sign_in, storage

PHONE = {"width": 360, "height": 740}
DESK = {"width": 1366, "height": 768}


def inside(page, identifier: str, viewport: dict[str, int]) -> bool:  # type: ignore[no-untyped-def]
    box = by_id(page, identifier).bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]


@pytest.mark.parametrize("username", ["loket.pkm-lasem", "admin.pkm-lasem"])
def test_the_console_title_bar_in_basa_jawa_at_360px_keeps_its_title_and_keluar(  # type: ignore[no-untyped-def]
    new_page, web_server, username,
):
    console = new_page("/staff", viewport=PHONE, storage_state=storage(web_server, language="jv"))
    sign_in(console, username)
    by_id(console, "staff-menu").wait_for(timeout=20_000)
    title = console.get_by_text("Konsol kangge Petugas", exact=True)
    box = title.bounding_box()
    menu = by_id(console, "staff-menu").bounding_box()
    assert box is not None and menu is not None
    assert box["x"] + box["width"] <= menu["x"]  # the whole title, then the menu
    assert inside(console, "staff-menu", PHONE)
    screenshot(console, f"staff-title-360-jv-{username.split('.')[0]}")
    by_id(console, "staff-menu").click()
    keluar = console.get_by_role("menuitem", name="Medal")  # Keluar, in the menu
    keluar.wait_for(timeout=10_000)
    if username.startswith("admin"):
        console.get_by_role("menuitem", name="Administrasi").wait_for()
    console.get_by_role("menuitem", name="Pengaduan").wait_for()
    screenshot(console, f"staff-menu-360-jv-{username.split('.')[0]}")
    keluar.click()
    by_id(console, "staff-username").wait_for(timeout=20_000)  # signed out


def test_the_complaint_desk_at_1366x768(new_page, api, web_server):  # type: ignore[no-untyped-def]
    citizen = api.client()
    for text in ("Antrean loket terlalu lama, saya menunggu dua jam sejak pukul tujuh pagi.",
                 "Toilet di ruang tunggu tidak ada airnya sejak pagi."):
        api(citizen.complaints.send(facility_id="pkm-sulang", category=ComplaintCategory.pelayanan,
                                    text=text, idempotency_key=new_idempotency_key()))
    console = new_page("/staff", viewport=DESK)
    sign_in(console, "loket.pkm-sulang")
    by_id(console, "staff-part").click(timeout=20_000)
    console.get_by_role("button", name="Pelayanan kesehatan", exact=False).first.click(timeout=20_000)
    by_id(console, "reply-text").wait_for(timeout=20_000)
    screenshot(console, "staff-complaint-desk-1366")
    for identifier in ("reply-text", "complaint-text", "sign-out"):
        assert inside(console, identifier, DESK), identifier
