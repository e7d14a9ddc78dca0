"""The desk's keys keep working after whatever the clerk did last: a mouse click, a
dialog closed by Esc or by a click outside, a live event that reloaded the list
(Chromium at 1366×768, Puskesmas Lasem's UGD, real clock)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import by_id
from tests.browser.test_staff_browser import Lasem, open_desk, screenshot

DESK = {"width": 1366, "height": 768}


def test_the_next_key_still_acts_after_a_click_a_closed_dialog_and_a_live_reload(new_page, api):  # type: ignore[no-untyped-def]
    lasem = Lasem(api)
    lasem.empty_queue("ugd")
    first = lasem.walk_in("ugd").ticket.display_number
    console = new_page("/staff", viewport=DESK)
    open_desk(console, "poli.pkm-lasem", "ugd", "Ruang 5")
    notice = by_id(console, "desk-notice")

    by_id(console, "action-call-next").click()  # the mouse
    expect(notice).to_have_text(f"{first} dipanggil ke Ruang 5.")
    console.keyboard.press("r")
    expect(notice).to_have_text(f"{first} dipanggil ulang ke Ruang 5.")

    console.keyboard.press("t")  # the dialog, closed with Esc
    console.wait_for_timeout(1_000)  # the dialog opens (its semantics do not reach the tree here)
    console.keyboard.press("Escape")
    console.keyboard.press("r")
    expect(notice).to_have_text(f"{first} dipanggil ulang ke Ruang 5.")

    console.keyboard.press("t")  # the dialog, closed by a click outside it
    console.wait_for_timeout(1_000)  # the dialog opens (its semantics do not reach the tree here)
    console.mouse.click(10, 700)  # outside the dialog
    console.keyboard.press("s")  # at once: before the dialog's closing animation has run
    expect(notice).to_have_text(f"{first} dicatat tidak hadir.", timeout=5_000)

    second = lasem.walk_in("ugd").ticket.display_number  # a live event reloads the list
    expect(by_id(console, "waiting-list")).to_contain_text(second)
    console.keyboard.press("c")
    expect(notice).to_have_text(f"{second} dipanggil ke Ruang 5.")
    screenshot(console, "staff-desk-keys")
