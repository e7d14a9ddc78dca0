"""The near-turn alert in Chromium: the tab's title counts the people ahead, the chime
is fetched from the app's own assets (nothing refused by the CSP), and the title goes
back when the number is called. Real clock: the UGD of Puskesmas Lasem is open day and
night; the person chose to be told at 99 ahead, so earlier walk-ins of other tests do
not matter."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import by_id, enable_semantics
from tests.browser.test_ticket_browser import screenshot, storage, walk_in_at_lasem_ugd


def test_the_tab_title_counts_down_the_chime_loads_and_the_title_returns_when_called(
    new_page, web_server, api
):  # type: ignore[no-untyped-def]
    kiosk = api.client(kiosk_key="demo-kiosk-pkm-lasem")
    console = api.client()
    api(console.staff.login("poli.pkm-lasem", "rembang-demo"))
    ugd, mine = api(walk_in_at_lasem_ugd(kiosk))
    page = new_page("/", storage_state=storage(web_server, near_turn=99))
    fetched: list[tuple[str, int]] = []
    page.on("response", lambda r: fetched.append((r.url, r.status)) if r.url.endswith(".wav") else None)
    page.goto(f"{web_server.url}/tiket/{mine.booking_code}")
    enable_semantics(page)
    by_id(page, "near-turn-banner").wait_for(timeout=20_000)
    banner = " ".join(by_id(page, "near-turn-banner").inner_text().split())
    assert banner.startswith("Giliran Anda sudah dekat:")
    ahead = mine.ticket.people_ahead
    expected = "Giliran Anda berikutnya" if ahead == 0 else f"({ahead}) Antrean Anda dekat"
    expect(page).to_have_title(expected, timeout=5_000)
    page.wait_for_timeout(1_000)
    assert fetched, "the chime was never fetched"
    url, status = fetched[0]
    assert url == f"{web_server.url}/sounds/near-turn.wav" and status in (200, 206)  # 206: a range
    screenshot(page, "ticket-near-turn")

    while True:  # earlier walk-ins (of other tests) are served first
        called = api(console.staff.call_next(ugd, counter="Ruang UGD"))
        assert called is not None
        if called.display_number == mine.ticket.display_number:
            break
        api(console.staff.done(called.ticket_id))
    by_id(page, "called-banner").wait_for(timeout=5_000)
    expect(page).to_have_title("Layanan Sehat Rembang", timeout=5_000)
    assert by_id(page, "near-turn-banner").count() == 0
    api(console.staff.done(called.ticket_id))
