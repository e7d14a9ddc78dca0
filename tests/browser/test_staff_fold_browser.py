"""The console on a puskesmas PC's 1366×768 screen: a clerk with a patient at the
counter sees every action of the desk (call, recall, skip, done, send on; a number, back
to the queue, lane, break) without scrolling, in each language."""

from __future__ import annotations

import pytest

from tests.browser.conftest import by_id
from tests.browser.test_staff_browser import LASEM, lasem, open_desk, screenshot, storage

__all__ = ["lasem"]  # the fixture
CONSOLE = {"width": 1366, "height": 768}


def actions_below_the_fold(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The desk's action buttons whose box does not lie wholly inside the window."""
    cut = []
    buttons = page.locator('[flt-semantics-identifier^="action-"]')
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        if box is None or box["y"] < 0 or box["y"] + box["height"] > CONSOLE["height"]:
            cut.append(buttons.nth(i).get_attribute("flt-semantics-identifier") or "?")
    return cut


@pytest.mark.parametrize("language", ["id", "jv", "en"])
@pytest.mark.parametrize("account", ["admin", "poli"])
def test_every_desk_action_is_on_screen_at_1366x768(new_page, lasem, web_server, language, account):  # type: ignore[no-untyped-def]
    """The UGD (open at any hour the test runs); the admin's desk also has the loket's
    check-in and walk-in, the tallest desk there is."""
    lasem.empty_queue("ugd")
    for _ in range(4):
        lasem.walk_in("ugd")
    console = new_page("/staff", viewport=CONSOLE, storage_state=storage(web_server, language=language))
    open_desk(console, f"{account}.{LASEM}", "ugd", "Meja 1")
    console.keyboard.press("c")
    by_id(console, "current-number").wait_for(timeout=10_000)
    console.wait_for_timeout(1_000)
    screenshot(console, f"staff-desk-fold-{account}-{language}")
    assert by_id(console, "action-call-number").count() == 1
    assert actions_below_the_fold(console) == []
