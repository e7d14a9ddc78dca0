"""Browser tests: the real web app in the system Chromium (never a downloaded one),
driven by Playwright, against a real server process on 127.0.0.1. Every request
to any other address is blocked. Screenshots go to `test-output/screenshots/`.

Flutter draws on a canvas; clicking the hidden `flt-semantics-placeholder` turns on
its accessibility tree, after which roles, labels and `ft.Semantics(identifier=…)`
(`[flt-semantics-identifier="…"]`) can be queried.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from api_client import ApiClient
from api_client.models import TicketStatus
from tests.support.csp import RECORD_VIOLATIONS, violations
from tests.support.demo_day import demo_clock, on_a_puskesmas_day
from tests.support.live_server import ROOT, LiveServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / "test-output" / "screenshots"
PHONE = {"width": 412, "height": 915}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.slow


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Keep each phase's report on the test, so a fixture can see that it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# Late in a long run, Chromium's renderer for one page sometimes stops answering
# (`locator.count()` waits for ever, a screenshot times out); the same test passes
# alone and on the next try. So a browser test gets five minutes (the longest, the
# README tour, takes under two). A failed browser test gets one more try in a fresh page
# (tests/conftest.py, `ONE_MORE_TRY`).
BROWSER_TEST_SECONDS = 300


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.timeout(BROWSER_TEST_SECONDS))


@pytest.fixture(scope="session")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The server most browser tests share: the real clock, but never a Sunday or a
    holiday (then the next puskesmas day at the same hour: tests/support/demo_day.py)."""
    server = on_a_puskesmas_day(LiveServer(tmp_path_factory.mktemp("web"), web=True))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Module scope: Playwright's sync API holds an event loop open on this thread,
    which must be gone before the asyncio tests of other modules run."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _only_loopback(route, request) -> None:  # type: ignore[no-untyped-def]
    host = urlparse(request.url).hostname or ""
    if host in ("127.0.0.1", "localhost", "::1") or request.url.startswith(("data:", "blob:")):
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def new_page(browser, web_server, request):  # type: ignore[no-untyped-def]
    """Open the web app at a path in a fresh browser context (phone size by default).
    A failed test leaves a screenshot of each of its pages (`failed-<test>-<n>.png`).
    Every test also checks that the browser refused nothing under the service's
    Content-Security-Policy (tests/support/csp.py) in the pages still open at its end."""
    contexts = []

    def open_page(path: str = "/", *, viewport: dict[str, int] = PHONE, locale: str = "id-ID",
                  storage_state: object = None, **context_options: object):  # type: ignore[no-untyped-def]
        """`context_options` go to Playwright's `new_context` (e.g. ignore_https_errors)."""
        context = browser.new_context(
            viewport=viewport, locale=locale, storage_state=storage_state, **context_options
        )
        context.route("**/*", _only_loopback)
        context.add_init_script(RECORD_VIOLATIONS)
        contexts.append(context)
        page = context.new_page()
        page.goto(web_server.url + path)
        enable_semantics(page)
        return page

    yield open_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        name = "".join(c if c.isalnum() or c in "-_" else "-" for c in request.node.name)
        for n, context in enumerate(contexts):
            for page in context.pages:
                screenshot(page, f"failed-{name}-{n}")
                print(f"--- page {n} at its failure ({page.url}):\n{what_it_says(page)}")
    refused = [v for context in contexts for page in context.pages if not page.is_closed()
               for v in violations_if_open(page)]
    for context in contexts:
        context.close()
    assert refused == [], "the browser refused these under the Content-Security-Policy"


def what_it_says(page) -> str:  # type: ignore[no-untyped-def]
    """The page's accessibility tree as text, for a failed test's report: what the screen
    said also below the fold (a screenshot shows only the viewport; a desk's error notice
    under its buttons was cut off in a failed CI run)."""
    from playwright.sync_api import Error

    try:
        return page.locator("flt-semantics-host").aria_snapshot(timeout=5_000)  # type: ignore[no-any-return]
    except Error as err:
        return f"(not readable: {err.message.splitlines()[0]})"


def violations_if_open(page) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """What the page's browser refused; nothing to read once the test closed it."""
    from playwright.sync_api import Error

    try:
        return violations(page)
    except Error:  # closed by the test (its context or browser)
        return []


def enable_semantics(page) -> None:  # type: ignore[no-untyped-def]
    """Wait for Flutter, then turn on its accessibility tree."""
    page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=30_000)
    placeholder = page.locator("flt-semantics-placeholder")
    if not page.evaluate("navigator.maxTouchPoints > 0"):
        placeholder.dispatch_event("click")
        page.wait_for_selector("flt-semantics", state="attached", timeout=10_000)
        return
    for _ in range(5):  # a phone: Flutter takes only a real tap, and not one before it is ready
        page.wait_for_timeout(1000)
        if page.locator("flt-semantics").count():
            return
        if placeholder.count():
            placeholder.tap(force=True)
    page.wait_for_selector("flt-semantics", state="attached", timeout=10_000)


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Save a screenshot once the pixels caught up with the accessibility tree."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(500)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def by_id(page, identifier: str):  # type: ignore[no-untyped-def]
    """The node of `ft.Semantics(identifier=…)`."""
    return page.locator(f'[flt-semantics-identifier="{identifier}"]')



def demo_system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`make run LSR_DEMO_CLOCK=08:00` on a port of its own: a demo system where it is
    08:00 in Rembang whatever the real hour, so puskesmas services are open; on a Sunday
    or a holiday, 08:00 of the next day they open (`demo.today`, which the tests book
    for). The demo's 28 days of history are seeded first."""
    day, clock = demo_clock("08:00")
    server = LiveServer(tmp_path_factory.mktemp("demo"), web=True, env={"LSR_DEMO_CLOCK": clock})
    server.demo_day = day
    server.start(timeout=120)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A demo system (`demo_system`) per test module."""
    yield from demo_system(tmp_path_factory)


def type_into(page, identifier: str, value: str, *, key_by_key: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Tap the field, type, and check the text arrived (a fill can be dropped while
    Flutter is still moving the focus), then give the change event time to reach
    the server. `key_by_key` presses each key as a person would (so that a letter that
    is also a screen's shortcut goes through the keyboard) instead of filling at once."""
    box = by_id(page, identifier).locator("textarea, input").first
    for _attempt in range(3):
        box.click()
        _clear(page)
        if key_by_key:
            page.keyboard.type(value)
        else:
            box.fill(value)
        page.wait_for_timeout(150)
        if box.input_value() == value or _focused_value(page) == value:
            page.wait_for_timeout(500)
            return
    # Three dropped fills in a row is the renderer that stopped answering (above), not a
    # screen that refuses text: a TimeoutError, so the test is tried again in a fresh page.
    raise TimeoutError(f"could not type {value!r} into {identifier}: {box.input_value()!r} "
                       f"(the focused field holds {_focused_value(page)!r})")


def _clear(page) -> None:  # type: ignore[no-untyped-def]
    """Empty the focused field through the keyboard, as a person would. A fill over text
    already there (a desk's "Ruang 1") selects it and types over it, but on a busy
    machine Flutter can put its caret back at the end in between: clean-clone runs typed
    "Ruang 1Meja 1Meja 1Meja 1", three tries appending."""
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Backspace")
    page.wait_for_timeout(150)


def _focused_value(page) -> str | None:  # type: ignore[no-untyped-def]
    """What the focused field holds. Flutter may edit in an element of its own, outside
    the field's node, whose input then stays empty: a clean-clone run failed a sign-in
    three times over with the name drawn in the field and `''` read from its node."""
    return page.evaluate("() => document.activeElement?.value ?? null")  # type: ignore[no-any-return]


class Api:
    """The service's API from a synchronous test: `api(coro)` runs it on a loop of its own."""

    def __init__(self, url: str, *, days_ahead: dt.timedelta = dt.timedelta(0)) -> None:
        """`days_ahead`: how far the service's clock runs ahead of the real one
        (`LiveServer.days_ahead`)."""
        self.url, self.days_ahead = url, days_ahead
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.clients: list[ApiClient] = []

    def __call__(self, coro: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=60)

    def client(self, **kwargs: Any) -> ApiClient:
        made = ApiClient(self.url, **kwargs)
        self.clients.append(made)
        return made

    def close(self) -> None:
        for made in self.clients:
            self(made.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


async def finish_everyone(staff: ApiClient, service_id: int) -> None:
    """Finish whatever earlier tests, or a first try before its rerun, left at a counter
    or waiting (as `staff`), so that the next number called is the test's own."""
    for ticket in await staff.staff.tickets(service_id):
        if ticket.status in (TicketStatus.called, TicketStatus.serving):
            await staff.staff.done(ticket.ticket_id)
    while called := await staff.staff.call_next(service_id, counter="Meja Uji"):
        await staff.staff.done(called.ticket_id)


@pytest.fixture
def api(web_server) -> Iterator[Api]:  # type: ignore[no-untyped-def]
    service = Api(web_server.api_url, days_ahead=web_server.days_ahead)
    yield service
    service.close()
