"""The waiting-room TV in Chromium at 1920×1080 against the real server (real clock;
the UGD of Puskesmas Lasem is open day and night): a call shows and is spoken,
in order; a browser that may not play sound yet asks for one tap and keeps showing
calls; the TV catches up after its network drops; the running text runs.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from api_client.models import AnnouncementCreate, AnnouncementKind
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _only_loopback, enable_semantics
from tests.browser.test_staff_browser import LASEM, TV, Api, Lasem, by_id, screenshot
from tests.support.demo_day import demo_clock
from tests.support.live_server import LiveServer

# Chromium's default for a desktop browser: no sound before the user touched the page.
# (Headless Chromium allows it; a kiosk-mode TV gets the opposite flag, see
# docs/staff-and-display.md.)
USER_GESTURE_REQUIRED = "--autoplay-policy=document-user-activation-required"


@pytest.fixture
def api(web_server) -> Iterator[Api]:  # type: ignore[no-untyped-def]
    service = Api(web_server.api_url, days_ahead=web_server.days_ahead)
    yield service
    service.close()


@pytest.fixture
def lasem(api) -> Lasem:  # type: ignore[no-untyped-def]
    return Lasem(api)


def call(lasem: Lasem, counter: str) -> str:
    """The poli officer calls the next UGD patient; the number called."""
    called = lasem.api(lasem.admin.staff.call_next(lasem.service["ugd"], counter=counter))
    assert called is not None
    return called.display_number


class Voices:
    """The spoken calls the TV's browser fetched."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.fetched: list[tuple[str, int, str]] = []
        page.on("response", self._seen)

    def _seen(self, response) -> None:  # type: ignore[no-untyped-def]
        url = urlparse(response.url)
        if url.path.endswith("/api/voice/call"):
            number = parse_qs(url.query)["display_number"][0]
            self.fetched.append((number, response.status, response.headers.get("content-type", "")))


def wait_until(page, condition, seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Poll `condition` while Playwright delivers the page's events (not `time.sleep`)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        page.wait_for_timeout(100)


def test_a_call_shows_and_is_spoken_in_order(new_page, lasem):  # type: ignore[no-untyped-def]
    lasem.empty_queue("ugd")
    tv = new_page(f"/display/{LASEM}", viewport=TV)
    voices = Voices(tv)
    by_id(tv, "now-ugd").wait_for(timeout=20_000)
    expect(by_id(tv, "display-facility")).to_have_text("Puskesmas Lasem")
    for _ in range(2):
        lasem.walk_in("ugd")

    number = call(lasem, "Ruang 5")
    expect(by_id(tv, "now-ugd")).to_have_text(number)  # how soon: bench/call_to_tv.py
    expect(by_id(tv, "where-ugd")).to_have_text("Silakan ke Ruang 5")
    expect(by_id(tv, "recent-0")).to_contain_text(number)
    wait_until(tv, lambda: (number, 200, "audio/wav") in voices.fetched)

    second = call(lasem, "Ruang 5")  # while the first may still be speaking
    expect(by_id(tv, "now-ugd")).to_have_text(second)
    wait_until(tv, lambda: (second, 200, "audio/wav") in voices.fetched, seconds=20)
    assert [n for n, _, _ in voices.fetched] == [number, second]  # in order, none dropped
    assert by_id(tv, "enable-sound").count() == 0
    screenshot(tv, "display-board")

    before = tv.screenshot(clip={"x": 24, "y": 984, "width": 1872, "height": 72})
    tv.wait_for_timeout(1_500)
    after = tv.screenshot(clip={"x": 24, "y": 984, "width": 1872, "height": 72})
    assert before != after, "the running text does not move"

    hospital = new_page("/display/rsud-soetrasno", viewport=TV)  # many services: smaller tiles
    by_id(hospital, "display-facility").wait_for(timeout=20_000)
    expect(by_id(hospital, "display-facility")).to_have_text("RSUD dr. R. Soetrasno")
    screenshot(hospital, "display-hospital")


@pytest.fixture
def strict_browser(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A second Chromium that, like a desktop one, plays no sound before a tap."""
    strict = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, USER_GESTURE_REQUIRED]
    )
    yield strict
    strict.close()


def test_a_browser_never_tapped_asks_for_one_tap_and_keeps_showing_calls(  # type: ignore[no-untyped-def]
    web_server, lasem, strict_browser
):
    lasem.empty_queue("ugd")
    for _ in range(3):
        lasem.walk_in("ugd")
    log_before = web_server.log.stat().st_size
    context = strict_browser.new_context(viewport=TV, locale="id-ID")
    context.route("**/*", _only_loopback)
    tv = context.new_page()
    frames: list[bytes] = []  # what the server sends the TV: read without touching the page
    tv.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(
        f if isinstance(f, bytes) else f.encode())))

    def shown(text: str) -> bool:
        return any(text.encode() in f for f in frames)

    tv.goto(f"{web_server.url}/display/{LASEM}")
    wait_until(tv, lambda: shown("Panggilan terakhir"), seconds=30)
    first = call(lasem, "Ruang 6")
    wait_until(tv, lambda: shown("Aktifkan suara"), seconds=15)  # play() never started
    second = call(lasem, "Ruang 6")
    wait_until(tv, lambda: shown(second))  # the TV goes on meanwhile
    tv.wait_for_timeout(500)
    tv.screenshot(path=str(screenshot_path("display-enable-sound")))

    enable_semantics(tv)
    by_id(tv, "enable-sound").click()  # the one tap
    expect(by_id(tv, "enable-sound")).to_have_count(0)
    expect(by_id(tv, "speaking")).to_have_count(1, timeout=10_000)  # the latest call, again
    expect(by_id(tv, "speaking")).to_have_count(0, timeout=20_000)  # and done
    third = call(lasem, "Ruang 6")
    expect(by_id(tv, "now-ugd")).to_have_text(third)
    expect(by_id(tv, "speaking")).to_have_count(1, timeout=5_000)  # from now on, every call
    assert len({first, second, third}) == 3
    context.close()
    with web_server.log.open("rb") as log:  # the refused play did not break the session
        log.seek(log_before)
        assert b"is not registered" not in log.read()


def test_after_a_network_drop_the_tv_catches_up_by_itself(new_page, lasem):  # type: ignore[no-untyped-def]
    lasem.empty_queue("ugd")
    tv = new_page(f"/display/{LASEM}", viewport=TV)
    by_id(tv, "now-ugd").wait_for(timeout=20_000)
    lasem.walk_in("ugd")
    tv.context.set_offline(True)
    number = call(lasem, "Ruang 7")
    tv.wait_for_timeout(3_000)
    tv.context.set_offline(False)
    expect(by_id(tv, "now-ugd")).to_have_text(number, timeout=10_000)


def screenshot_path(name: str):  # type: ignore[no-untyped-def]
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


SMALL_TV = {"width": 1366, "height": 768}


def box(locator):  # type: ignore[no-untyped-def]
    """Where `locator` is drawn. A text clipped away by its tile has no node at all
    (Flutter leaves what is not painted out of the accessibility tree)."""
    assert locator.count() == 1, "not on the screen: clipped away?"
    found = locator.bounding_box(timeout=5_000)
    assert found is not None, "not on the screen"
    return found


def inside(inner, outer, slack: float = 1.0) -> bool:  # type: ignore[no-untyped-def]
    return (inner["x"] >= outer["x"] - slack and inner["y"] >= outer["y"] - slack
            and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
            and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack)


def open_today(lasem: Lasem, code: str) -> bool:
    days = lasem.api(lasem.kiosk.facilities.availability(lasem.service[code])).days
    return days[0].closed_reason in (None, "closed_for_today")


@pytest.mark.parametrize("size", [TV, SMALL_TV], ids=["1920x1080", "1366x768"])
def test_every_text_on_the_tv_is_whole_inside_its_tile(new_page, lasem, size):  # type: ignore[no-untyped-def]
    """Names wrap (never cut), the number and "Silakan ke …" stay inside the tile's
    border, at both TV sizes. (On a Sunday only the UGD has a tile; the rest are one
    "Tutup hari ini" line.)"""
    lasem.empty_queue("ugd")
    lasem.walk_in("ugd")
    call(lasem, "Ruang Tindakan")
    tv = new_page(f"/display/{LASEM}", viewport=size)
    by_id(tv, "now-ugd").wait_for(timeout=20_000)
    tv.wait_for_timeout(1_500)  # the grid measured itself and settled
    codes = [c for c in lasem.service if by_id(tv, f"tile-{c}").count()]
    assert "ugd" in codes
    closed = [c for c in lasem.service if not open_today(lasem, c) and c != "ugd"]
    if closed:
        by_id(tv, "closed-today").wait_for()
        assert inside(box(by_id(tv, "closed-today")), {"x": 0, "y": 0, **size})
    for code in codes:
        tile = box(by_id(tv, f"tile-{code}"))
        for part in ("name", "now", "where"):
            assert inside(box(by_id(tv, f"{part}-{code}")), tile), f"{part}-{code} leaves its tile"
        name = box(by_id(tv, f"name-{code}"))
        number = box(by_id(tv, f"now-{code}"))
        assert name["y"] + name["height"] <= number["y"] + 1, f"the name of {code} runs into its number"
    expect(by_id(tv, "where-ugd")).to_have_text("Silakan ke Ruang Tindakan")
    if "mtbs" in codes:  # the long name, whole, on two lines at most
        expect(by_id(tv, "name-mtbs")).to_have_text("MTBS (Balita Sakit)")
        assert box(by_id(tv, "name-mtbs"))["height"] < 3 * box(by_id(tv, "where-mtbs"))["height"]
    screenshot(tv, f"display-fit-{size['width']}x{size['height']}")

    hospital = new_page("/display/rsud-soetrasno", viewport=size)  # many services: small tiles
    by_id(hospital, "display-facility").wait_for(timeout=20_000)
    hospital.wait_for_timeout(1_500)
    services = lasem.api(lasem.kiosk.facilities.get("rsud-soetrasno")).services
    shown = [s.code for s in services if by_id(hospital, f"tile-{s.code}").count()]
    assert shown, "no tile on the hospital's TV"
    for code in shown:
        tile = box(by_id(hospital, f"tile-{code}"))
        for part in ("name", "now", "where"):
            assert inside(box(by_id(hospital, f"{part}-{code}")), tile), f"{part}-{code} leaves its tile"
    screenshot(hospital, f"display-hospital-{size['width']}x{size['height']}")


# Per test, not per module: a rerun (after a hung browser) gets a server where nothing
# is closed yet (the first try's closures of today stay).
@pytest.fixture
def closing_day(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A service of its own (closures of today would close services for the other
    tests), at 09:00 WIB today (`LSR_DEMO_CLOCK`; on a Sunday or a holiday, of the next
    day the puskesmas open): the poli take walk-ins."""
    day, clock = demo_clock("09:00")
    server = LiveServer(tmp_path_factory.mktemp("closing-day"), web=True, env={"LSR_DEMO_CLOCK": clock})
    server.demo_day = day
    server.start()
    yield server
    server.stop()


def close_today(lasem: Lasem, code: str, reason: str) -> None:
    today = lasem.api(lasem.kiosk.facilities.availability(lasem.service[code])).days[0].service_date
    lasem.api(lasem.admin.staff.publish_announcement(LASEM, AnnouncementCreate(
        kind=AnnouncementKind.closure, title=reason, body="Mohon maaf.", valid_from=today,
        valid_until=today, service_id=lasem.service[code])))


def test_a_service_closed_for_today_shows_closed_with_its_reason_on_the_tv(browser, closing_day):  # type: ignore[no-untyped-def]
    """The desk closes Poli Gigi early while its patients wait: within a poll its tile
    says "Tutup" and why; Gizi, closed all day with nobody in its queue, is one line
    under the tiles. At both TV sizes, nothing leaves its tile."""
    api = Api(closing_day.api_url)
    try:
        lasem = Lasem(api)
        close_today(lasem, "gizi", "Petugas gizi mengikuti pelatihan")
        assert open_today(lasem, "poli-gigi")
        lasem.walk_in("poli-gigi")
        lasem.api(lasem.admin.staff.call_next(lasem.service["poli-gigi"], counter="Ruang 2"))
        context = browser.new_context(viewport=TV, locale="id-ID")
        small = browser.new_context(viewport=SMALL_TV, locale="id-ID")
        tvs = []
        for ctx in (context, small):
            ctx.route("**/*", _only_loopback)
            tv = ctx.new_page()
            tv.goto(f"{closing_day.url}/display/{LASEM}")
            enable_semantics(tv)
            by_id(tv, "closed-today").wait_for(timeout=30_000)
            tvs.append(tv)
        for tv in tvs:
            expect(by_id(tv, "closed-today")).to_contain_text("Gizi (Petugas gizi mengikuti pelatihan)")
            assert by_id(tv, "tile-gizi").count() == 0
        expect(by_id(tvs[0], "where-poli-gigi")).to_have_text("Silakan ke Ruang 2")
        close_today(lasem, "poli-gigi", "Dokter gigi dipanggil ke RSUD")
        for tv in tvs:  # the next poll (15 s) reads the closures
            expect(by_id(tv, "now-poli-gigi")).to_have_text("Tutup", timeout=25_000)
            expect(by_id(tv, "where-poli-gigi")).to_have_text("Dokter gigi dipanggil ke RSUD")
        for tv, size in zip(tvs, (TV, SMALL_TV), strict=True):
            tv.wait_for_timeout(1_000)
            for code in (c for c in lasem.service if by_id(tv, f"tile-{c}").count()):
                tile = box(by_id(tv, f"tile-{code}"))
                for part in ("name", "now", "where"):
                    assert inside(box(by_id(tv, f"{part}-{code}")), tile), f"{part}-{code} leaves its tile"
            assert inside(box(by_id(tv, "closed-today")), {"x": 0, "y": 0, **size})
            tv.bring_to_front()
            tv.wait_for_timeout(500)
            tv.screenshot(path=str(screenshot_path(f"display-closed-{size['width']}x{size['height']}")))
        context.close()
        small.close()
    finally:
        api.close()
