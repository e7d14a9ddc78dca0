"""The web app under its Content-Security-Policy, in Chromium: it loads, a new user
books a number, the facility map asks for its tiles, and the browser refuses
nothing on the way (the page never asks for the Rive script flet-web's client wants
from a CDN: server/web_loading.py).
The same holds for the renderer Firefox and Safari get (CanvasKit and dart2js, where
Chromium picks skwasm and WebAssembly GC). The API's Swagger UI at /api/docs works
under the same policy with every file from our origin."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import httpx
import pytest

from server.security import inline_script_hashes
from session.i18n import Translator
from tests.browser.conftest import PHONE, _only_loopback, by_id, enable_semantics, screenshot
from tests.browser.test_booking_browser import FACILITY, book_a_number, poli_umum
from tests.browser.test_faskes_browser import shown
from tests.support.csp import RECORD_VIOLATIONS, policy_of, violations
from tests.support.live_server import LiveServer

# A rerun (after a hung browser) gets a new patient: the first try may have booked already.
SERIALS = iter(range(6200, 6210))

def test_the_service_sends_a_policy_without_inline_or_eval_scripts(web_server):  # type: ignore[no-untyped-def]
    page = httpx.get(f"{web_server.url}/faskes")
    policy = policy_of(page.headers["content-security-policy"])
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    # the page server.web_build writes: every script from a file of our origin
    assert "<script" in page.text and inline_script_hashes(page.text) == []
    assert not [source for source in policy["script-src"] if source.startswith("'sha256-")]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]

def test_a_new_user_books_a_number_and_the_browser_refuses_nothing(new_page, web_server):  # type: ignore[no-untyped-def]
    page = new_page(f"/faskes/{FACILITY}/pesan/{poli_umum(web_server)}")
    code = book_a_number(page, web_server, Translator("id"), serial=next(SERIALS), shots="csp-booking")
    assert httpx.get(f"{web_server.api_url}/bookings/{code}").json()["facility_id"] == FACILITY
    by_id(page, "ticket-qr").wait_for(timeout=10_000)  # the QR code (an image from bytes) is drawn
    page.wait_for_timeout(1000)
    assert violations(page) == []

def test_the_facility_map_may_ask_for_its_tiles(new_page, web_server):  # type: ignore[no-untyped-def]
    """The tiles are blocked in tests (no internet): after the policy let them through."""
    page = new_page("/faskes")
    tiles: list[str] = []
    page.on("request", lambda r: tiles.append(r.url) if "tile.openstreetmap.org" in r.url else None)
    shown(page, "20 faskes ditemukan").wait_for(timeout=30_000)
    page.get_by_role("switch", name="Tampilkan peta").click()
    by_id(page, "facility-map").wait_for(timeout=10_000)
    shown(page, "Gambar peta tidak bisa dimuat").wait_for(timeout=15_000)
    screenshot(page, "csp-map")
    assert tiles, "the map asked for no tile"
    assert violations(page) == []

def test_the_api_docs_work_under_the_policy_from_our_origin(browser, web_server):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    elsewhere: list[str] = []

    def only_ours(route, request):  # type: ignore[no-untyped-def]
        if urlparse(request.url).netloc == urlparse(web_server.url).netloc:
            route.continue_()
        else:
            elsewhere.append(request.url)
            route.abort()

    context.route("**/*", only_ours)
    page = context.new_page()
    response = page.goto(f"{web_server.url}/api/docs")
    assert response is not None and "content-security-policy" in response.headers
    page.get_by_text("List Facilities").first.wait_for(timeout=20_000)  # an operation, from the schema
    page.get_by_text("Layanan Sehat Rembang API").first.wait_for()
    screenshot(page, "csp-api-docs")
    assert violations(page) == [] and elsewhere == []
    context.close()


@pytest.fixture(scope="module")
def canvaskit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The service with flet-web told to use CanvasKit (its inline script, and so its
    hash, changes with it)."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FLET_WEB_RENDERER", "canvaskit")
        server = LiveServer(tmp_path_factory.mktemp("canvaskit"), web=True)
        server.start()
    yield server
    server.stop()


def test_the_canvaskit_renderer_starts_under_the_policy_too(browser, canvaskit_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    context.route("**/*", _only_loopback)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto(f"{canvaskit_server.url}/faskes")
    enable_semantics(page)
    shown(page, "20 faskes ditemukan").wait_for(timeout=30_000)
    assert page.evaluate("Boolean(window.flutterCanvasKit)")  # not skwasm
    screenshot(page, "csp-canvaskit")
    assert violations(page) == []
    context.close()
