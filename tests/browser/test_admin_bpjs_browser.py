"""The BPJS section of Administrasi in Chromium, against a real server whose settings
hold BPJS credentials for Puskesmas Sumber: on a 360 px phone at the largest text size
the admin gives Poli Umum its BPJS poli code (the row says it was saved); at 1366×768
the bridge, no longer blocked, is turned on and says by whom. A PNG of each width is
left in test-output/screenshots/ (admin-bpjs-360-largest-blocked.png,
admin-bpjs-360-largest.png, admin-bpjs-outbox-360-largest.png, admin-bpjs-1366.png)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from session.theme import TEXT_SCALES
from tests.browser.conftest import by_id, screenshot, type_into
from tests.browser.test_feedback_browser import choose
from tests.browser.test_staff_browser import sign_in
from tests.support.bpjs_credentials import SUMBER_FKTP, credentials_file
from tests.support.live_server import LiveServer

SUMBER = "pkm-sumber"
PHONE = {"width": 360, "height": 740}
DESK = {"width": 1366, "height": 768}


# Per test, not per module: a rerun (after a hung browser) gets a server where nothing is
# mapped or bridged yet (the first try may have done both).
@pytest.fixture
def bridged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own whose settings hold Puskesmas Sumber's BPJS credentials."""
    folder: Path = tmp_path_factory.mktemp("bpjs")
    credentials = credentials_file(folder, SUMBER_FKTP)
    server = LiveServer(folder, web=True, env={"LSR_BPJS_CREDENTIALS_FILE": str(credentials)})
    server.start(timeout=120)
    yield server
    server.stop()


def largest_text(url: str) -> dict[str, object]:
    """A browser whose Pengaturan say the largest text size (Flutter's localStorage)."""
    prefs = {"language": "id", "text_scale": TEXT_SCALES[-1], "high_contrast": False, "dark": False,
             "followed": []}
    local = [{"name": "flutter.lsr.preferences", "value": json.dumps(json.dumps(prefs))}]
    return {"cookies": [], "origins": [{"origin": url, "localStorage": local}]}


def open_admin(browser, server: LiveServer, viewport: dict[str, int], **options: object):  # type: ignore[no-untyped-def]
    from tests.browser.conftest import _only_loopback, enable_semantics

    context = browser.new_context(viewport=viewport, locale="id-ID", **options)
    context.route("**/*", _only_loopback)
    page = context.new_page()
    page.goto(server.url + "/admin")
    enable_semantics(page)
    return page


def test_an_admin_maps_poli_umum_on_a_phone_and_turns_the_bridge_on_at_a_desk(browser, bridged):  # type: ignore[no-untyped-def]
    phone = open_admin(browser, bridged, PHONE, storage_state=largest_text(bridged.url))
    sign_in(phone, f"admin.{SUMBER}")
    choose(phone, "admin-sections", "BPJS")
    by_id(phone, "bpjs-blocked").wait_for(timeout=20_000)
    screenshot(phone, "admin-bpjs-360-largest-blocked")
    field = phone.locator('[flt-semantics-identifier^="bpjs-code-service-"]').first
    row = (field.get_attribute("flt-semantics-identifier") or "").removeprefix("bpjs-code-")
    type_into(phone, f"bpjs-code-{row}", "001")
    by_id(phone, f"bpjs-save-{row}").click()
    by_id(phone, f"bpjs-saved-{row}").wait_for(timeout=20_000)
    expect(by_id(phone, "bpjs-blocked")).to_have_count(0, timeout=10_000)
    wide = phone.evaluate("""() => Math.max(...[...document.querySelectorAll('flt-semantics')]
        .map(n => n.getBoundingClientRect().right))""")
    assert wide <= PHONE["width"] + 1, f"something reaches past the right edge: {wide} px"
    by_id(phone, f"bpjs-row-{row}").scroll_into_view_if_needed()
    screenshot(phone, "admin-bpjs-360-largest")
    by_id(phone, "bpjs-outbox-states").scroll_into_view_if_needed()
    expect(by_id(phone, "bpjs-outbox-states")).to_contain_text("Gagal (0)")
    screenshot(phone, "admin-bpjs-outbox-360-largest")
    phone.context.close()

    desk = open_admin(browser, bridged, DESK)
    sign_in(desk, f"admin.{SUMBER}")
    by_id(desk, "admin-sections").get_by_role("button").filter(has_text="BPJS").click(timeout=10_000)
    switch = by_id(desk, "bpjs-switch")
    switch.wait_for(timeout=20_000)
    switch.click()
    expect(by_id(desk, "bpjs-bridge-state")).to_contain_text("Menyala sejak", timeout=20_000)
    expect(by_id(desk, "bpjs-bridge-state")).to_contain_text(f"admin.{SUMBER}")
    screenshot(desk, "admin-bpjs-1366")
    desk.context.close()
