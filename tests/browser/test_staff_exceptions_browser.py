"""The day's exceptions at the console in Chromium at 1366×768, by keyboard: a skipped
patient comes back (Q) and is called again, a number is typed into the call-a-number
dialog (N) without its letters triggering desk actions, the desk's keys work again once
a dialog closes, and a break (P) with the TV following the calls."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import by_id, type_into
from tests.browser.test_staff_browser import LASEM, TV, lasem, open_desk, screenshot

__all__ = ["lasem"]  # the fixture
CONSOLE = {"width": 1366, "height": 768}


def test_a_skipped_patient_comes_back_is_requeued_and_called_again(new_page, lasem):  # type: ignore[no-untyped-def]
    ugd = lasem.service["ugd"]
    # A rerun (after a hung browser) may find Ruang 5 still on the first try's break (P).
    if "Ruang 5" in lasem.api(lasem.kiosk.queues.state(ugd)).paused_counters:
        lasem.api(lasem.admin.staff.resume(ugd, counter="Ruang 5"))
    lasem.empty_queue("ugd")
    first = lasem.walk_in("ugd").ticket.display_number
    second = lasem.walk_in("ugd").ticket.display_number
    tv = new_page(f"/display/{LASEM}", viewport=TV)
    by_id(tv, "now-ugd").wait_for(timeout=20_000)
    console = new_page("/staff", viewport=CONSOLE)
    open_desk(console, f"poli.{LASEM}", "ugd", "Ruang 5")
    notice = by_id(console, "desk-notice")

    console.keyboard.press("c")
    expect(notice).to_have_text(f"{first} dipanggil ke Ruang 5.")
    expect(by_id(tv, "now-ugd")).to_have_text(first)
    console.keyboard.press("s")
    expect(notice).to_have_text(f"{first} dicatat tidak hadir.")
    expect(by_id(console, "skipped-list")).to_contain_text(first)

    console.keyboard.press("q")  # the patient is back
    console.get_by_text("Nomor yang dikembalikan dipanggil setelah dua panggilan berikutnya.").wait_for()
    screenshot(console, "staff-requeue-dialog")
    console.keyboard.press("1")
    expect(notice).to_have_text(f"{first} kembali ke antrean: dipanggil setelah dua panggilan berikutnya.")
    expect(by_id(console, "waiting-list")).to_contain_text(f"{first} · kembali · dipanggil setelah")
    screenshot(console, "staff-desk-requeued")

    console.keyboard.press("n")  # or call them at once, by number
    field = by_id(console, "call-number-field").locator("input").first
    field.wait_for()
    # Letters typed here act on nothing (C would call, D finish at the desk).
    type_into(console, "call-number-field", first.lower().replace("-", "") + "cd", key_by_key=True)
    tickets = lasem.api(lasem.admin.staff.tickets(lasem.service["ugd"]))
    statuses = {t.display_number: t.status for t in tickets}
    assert (statuses[first], statuses[second]) == ("checked_in", "checked_in")  # C called nobody
    screenshot(console, "staff-call-number-dialog")
    type_into(console, "call-number-field", first)  # over "u032cd" (a fill could append to it)
    console.keyboard.press("Enter")
    expect(notice).to_have_text(f"{first} dipanggil ke Ruang 5.")
    expect(by_id(tv, "now-ugd")).to_have_text(first)  # how soon: bench/call_to_tv.py
    expect(by_id(console, "current-number")).to_have_text(first)

    console.keyboard.press("d")  # the dialog closed: the desk's keys work again
    expect(notice).to_have_text(f"{first} selesai dilayani.")
    console.keyboard.press("p")
    expect(by_id(console, "desk-paused")).to_have_text(
        "Ruang 5 sedang istirahat. Tekan Lanjut melayani (P) untuk memanggil lagi.")
    screenshot(console, "staff-desk-paused")
    console.keyboard.press("c")
    expect(notice).to_have_text("Loket sedang istirahat. Tekan Lanjut melayani (P) untuk memanggil lagi.")
    console.keyboard.press("p")
    expect(notice).to_have_text("Ruang 5 melayani lagi.")
    console.keyboard.press("l")
    console.get_by_text("Ubah jalur nomor:").wait_for()
    console.keyboard.press("1")
    console.get_by_text(f"Jalur untuk {second} (sekarang Reguler):").wait_for()
    screenshot(console, "staff-lane-dialog")
    console.keyboard.press("Escape")
    expect(console.get_by_text(f"Jalur untuk {second} (sekarang Reguler):")).to_have_count(0)
    console.keyboard.press("c")
    expect(notice).to_have_text(f"{second} dipanggil ke Ruang 5.")
    expect(by_id(tv, "now-ugd")).to_have_text(second)
