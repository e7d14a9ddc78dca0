"""The kiosk as on the lobby PC: `python main.py` in kiosk mode (its own process,
with its key, facility and a file printer) talking to a real central service, shown
by Chromium at the kiosk screen's sizes, 1080×1920 portrait and 1920×1080 landscape.

The service runs on the real clock: the UGD of Puskesmas Lasem takes walk-ins at
any hour, and an online booking is made for the first open day (today when a
service is open today).
"""

from __future__ import annotations

import itertools
import re
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.browser.conftest import _only_loopback, by_id, enable_semantics, screenshot
from tests.kiosk.escpos_text import decode
from tests.support.kiosk_app import KioskApp
from tests.support.live_server import LiveServer

SERIALS = itertools.count(1)  # one patient per booking (one active booking a day each)
SIZES = {"portrait": {"width": 1080, "height": 1920}, "landscape": {"width": 1920, "height": 1080},
         "small-portrait": {"width": 768, "height": 1366}}
FACILITY = "pkm-lasem"
# The big choice on the start screen, in each language (a sign the language took).
TAKE_A_NUMBER = {"id": "Ambil Nomor Antrean", "jv": "Mendhet Nomer Antrean", "en": "Get a Queue Number"}
TO_LOKET = {"id": "Silakan ke loket pendaftaran.", "jv": "Mangga tindak dhateng loket pendaftaran.",
            "en": "Please go to the registration desk (loket)."}


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("central"), web=False)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def lp0(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("printer") / "lp0"


@pytest.fixture(scope="module")
def kiosk(central: LiveServer, lp0: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KioskApp]:
    app = KioskApp(api_url=central.api_url, facility=FACILITY, printer=f"file:{lp0}",
                   public_url=central.url, log_path=tmp_path_factory.mktemp("kiosk") / "kiosk.log")
    app.start()
    yield app
    app.stop()


@pytest.fixture
def open_kiosk(browser):  # type: ignore[no-untyped-def]
    contexts = []

    def open_page(app: KioskApp, orientation: str):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport=SIZES[orientation], locale="id-ID")
        context.route("**/*", _only_loopback)
        contexts.append(context)
        page = context.new_page()
        page.goto(app.url)
        enable_semantics(page)
        by_id(page, "kiosk-walkin").wait_for(timeout=30_000)
        page.wait_for_timeout(1500)  # the first frame lags the accessibility tree
        return page

    yield open_page
    for context in contexts:
        context.close()



def said(page, identifier: str) -> str:  # type: ignore[no-untyped-def]
    return " ".join(by_id(page, identifier).inner_text().split())


def tap(page, identifier: str) -> None:  # type: ignore[no-untyped-def]
    by_id(page, identifier).click()


def last_number(lp0: Path) -> str:
    return re.search(r"\[4x\] ([A-Z]+-\d+)", decode(lp0.read_bytes())).group(1)  # type: ignore[union-attr]


def book_first_open_day(central: LiveServer) -> tuple[str, bool]:
    """An online booking at Puskesmas Lasem on the first day a service has room;
    its code, and whether that day is today."""
    detail = httpx.get(f"{central.api_url}/facilities/{FACILITY}").json()
    for service in (s for s in detail["services"] if s["online"]):
        days = httpx.get(f"{central.api_url}/services/{service['id']}/availability").json()["days"]
        for index, day in enumerate(days):
            if day["open"] and day["left_non_jkn"] > 0:
                booked = httpx.post(
                    f"{central.api_url}/bookings",
                    headers={"Idempotency-Key": uuid.uuid4().hex},
                    json={"service_id": service["id"], "service_date": day["service_date"],
                          "payer": "non_jkn", "consent_version": "2026-11",
                          "patient": {"name": "Sumarni", "nik": f"331714450660{next(SERIALS):04d}",
                                      "phone": "081234567890", "birth_date": "1960-06-05"}},
                )
                assert booked.status_code == 201, booked.text
                return booked.json()["booking_code"], index == 0
    raise AssertionError("no service of Puskesmas Lasem takes bookings this week")


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_a_walk_in_at_the_ugd_shows_and_prints_its_number(open_kiosk, kiosk, lp0, orientation):  # type: ignore[no-untyped-def]
    page = open_kiosk(kiosk, orientation)
    tap(page, "kiosk-walkin")
    tap(page, "service-ugd")
    tap(page, "lane-lansia")
    tap(page, "nik-skip")
    by_id(page, "print-printed").wait_for(timeout=15_000)
    number = last_number(lp0)
    assert by_id(page, "kiosk-number").inner_text().split() == ["Nomor", "antrean", number]
    assert "UGD" in decode(lp0.read_bytes()) and "Prioritas (Lansia)" in decode(lp0.read_bytes())
    tap(page, "kiosk-done")
    by_id(page, "kiosk-walkin").wait_for(timeout=5_000)


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_an_online_booking_is_checked_in_by_scanning_its_qr(open_kiosk, kiosk, central, orientation):  # type: ignore[no-untyped-def]
    code, today = book_first_open_day(central)
    page = open_kiosk(kiosk, orientation)
    tap(page, "kiosk-checkin")
    by_id(page, "checkin-code").wait_for(timeout=5_000)
    page.wait_for_timeout(500)
    page.keyboard.type(code, delay=5)  # a USB scanner: fast keys, then Enter
    page.keyboard.press("Enter")
    if today:
        by_id(page, "print-printed").wait_for(timeout=15_000)
        page.get_by_text("Kedatangan Anda sudah tercatat", exact=True).wait_for()
        booking = httpx.get(f"{central.api_url}/bookings/{code}").json()
        assert booking["ticket"]["status"] == "checked_in" and booking["checked_in_at"]
        screenshot(page, f"kiosk-{orientation}-id-checked-in")
    else:  # no service open today (a Sunday, a holiday): the kiosk says to come on the day
        by_id(page, "kiosk-problem").wait_for(timeout=15_000)
        assert said(page, "kiosk-problem") == (
            "Pendaftaran ini untuk hari lain. Silakan datang pada tanggal yang tertulis.")
        assert said(page, "kiosk-to-loket") == TO_LOKET["id"]
        assert httpx.get(f"{central.api_url}/bookings/{code}").json()["ticket"]["status"] == "booked"
        screenshot(page, f"kiosk-{orientation}-id-checkin-another-day")


def test_a_scan_on_the_start_screen_goes_straight_to_check_in(open_kiosk, kiosk):  # type: ignore[no-untyped-def]
    page = open_kiosk(kiosk, "portrait")
    page.keyboard.type("K7QD2M9FXH3TA", delay=5)  # no field has focus: the page hears the keys
    page.keyboard.press("Enter")
    by_id(page, "kiosk-problem").wait_for(timeout=15_000)
    assert said(page, "kiosk-problem") == "Kode booking tidak ditemukan. Periksa lagi kodenya."
    assert said(page, "kiosk-to-loket") == TO_LOKET["id"]


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_a_dead_printer_keeps_the_number_on_screen(open_kiosk, central, tmp_path, orientation):  # type: ignore[no-untyped-def]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    dead = KioskApp(api_url=central.api_url, facility=FACILITY, printer=f"network:127.0.0.1:{closed}",
                    public_url=central.url, log_path=tmp_path / "kiosk.log")
    dead.start()
    try:
        page = open_kiosk(dead, orientation)
        tap(page, "kiosk-walkin")
        tap(page, "service-ugd")
        tap(page, "lane-umum")
        tap(page, "nik-skip")
        by_id(page, "print-failed").wait_for(timeout=15_000)
        assert said(page, "print-failed").startswith("Tiket tidak bisa dicetak")
        assert re.fullmatch(r"Nomor antrean U-\d{3}", by_id(page, "kiosk-number").inner_text())
        screenshot(page, f"kiosk-{orientation}-id-printer-failed")
    finally:
        dead.stop()
    assert "printer_offline" in (tmp_path / "kiosk.log").read_text()  # for staff, in the journal


@pytest.mark.parametrize("language", ["id", "jv", "en"])
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_every_kiosk_screen_in_each_language(open_kiosk, kiosk, orientation, language):  # type: ignore[no-untyped-def]
    page = open_kiosk(kiosk, orientation)
    name = f"kiosk-{orientation}-{language}"
    tap(page, f"kiosk-language-{language}")
    page.get_by_text(TAKE_A_NUMBER[language]).wait_for(timeout=5_000)
    screenshot(page, f"{name}-1-start")
    tap(page, "kiosk-walkin")
    by_id(page, "service-ugd").wait_for(timeout=10_000)
    screenshot(page, f"{name}-2-services")
    tap(page, "service-ugd")
    by_id(page, "lane-ibu_hamil").wait_for()
    screenshot(page, f"{name}-3-lane")
    tap(page, "lane-ibu_hamil")
    for digit in "3317019913900001":  # day 99 is no birth date: the message shows at the field
        tap(page, f"nik-key-{digit}")
    page.locator('[flt-semantics-identifier="nik-value"]', has_text="3317 0199 1390 0001").wait_for()
    tap(page, "nik-next")  # enabled once all 16 digits are in
    by_id(page, "nik-error").wait_for(timeout=5_000)
    screenshot(page, f"{name}-4-identity")
    tap(page, "nik-skip")
    by_id(page, "print-printed").wait_for(timeout=15_000)
    screenshot(page, f"{name}-5-number")
    tap(page, "kiosk-done")  # the next patient: start screen, in the kiosk's own language
    page.get_by_text(TAKE_A_NUMBER["id"]).wait_for(timeout=5_000)
    tap(page, f"kiosk-language-{language}")
    page.get_by_text(TAKE_A_NUMBER[language]).wait_for(timeout=5_000)
    tap(page, "kiosk-checkin")
    by_id(page, "checkin-code").wait_for(timeout=5_000)
    for char in "K7QD":
        tap(page, f"code-key-{char}")
    screenshot(page, f"{name}-6-checkin")
    for char in "2M9FXH3TA":
        tap(page, f"code-key-{char}")
    tap(page, "checkin-send")  # the taps reach the kiosk in order: the code is complete
    by_id(page, "kiosk-to-loket").wait_for(timeout=10_000)
    assert said(page, "kiosk-to-loket") == TO_LOKET[language]
    screenshot(page, f"{name}-7-wrong-code")
    tap(page, "problem-home")  # the same person starts over: still in their language
    page.get_by_text(TAKE_A_NUMBER[language]).wait_for(timeout=5_000)


def bottom(page, identifier: str) -> float:  # type: ignore[no-untyped-def]
    found = by_id(page, identifier).bounding_box()
    assert found is not None, identifier
    return float(found["y"] + found["height"])


@pytest.mark.parametrize("orientation", ["portrait", "small-portrait"])
def test_a_portrait_kiosk_has_no_empty_lower_third_and_its_clear_key_stands_apart(  # type: ignore[no-untyped-def]
    open_kiosk, kiosk, orientation
):
    page = open_kiosk(kiosk, orientation)
    height = SIZES[orientation]["height"]
    by_id(page, "kiosk-open-services").wait_for(timeout=10_000)
    page.wait_for_timeout(800)  # the screen measured its room and the choices grew
    lowest = max(bottom(page, i) for i in ("kiosk-walkin", "kiosk-checkin", "kiosk-open-services"))
    assert lowest > height * 2 / 3, f"the start screen ends at {lowest:.0f} of {height} px"
    screenshot(page, f"kiosk-{orientation}-room-1-start")
    tap(page, "kiosk-walkin")
    by_id(page, "service-ugd").wait_for(timeout=10_000)
    page.wait_for_timeout(800)
    tiles = page.locator('[flt-semantics-identifier^="service-"]')
    last = max(box["y"] + box["height"] for box in (tiles.nth(i).bounding_box() for i in range(tiles.count()))
               if box is not None)
    assert last > height * 0.6, f"the tiles end at {last:.0f} of {height} px"
    screenshot(page, f"kiosk-{orientation}-room-2-services")
    tap(page, "service-ugd")
    tap(page, "lane-umum")
    for digit in "3317014":
        tap(page, f"nik-key-{digit}")
    by_id(page, "nik-clear").wait_for(timeout=5_000)
    zero = by_id(page, "nik-key-0").bounding_box()
    clear = by_id(page, "nik-clear").bounding_box()
    backspace = by_id(page, "nik-backspace").bounding_box()
    assert zero and clear and backspace
    assert clear["x"] + clear["width"] < zero["x"] < zero["x"] + zero["width"] < backspace["x"]
    assert abs(backspace["y"] - zero["y"]) < 2 and abs(clear["y"] - zero["y"]) < 2  # the last row's two ends
    skip = by_id(page, "nik-skip").bounding_box()
    assert skip and skip["y"] + skip["height"] <= height, "Lewati, tanpa NIK is off the screen"
    screenshot(page, f"kiosk-{orientation}-room-3-keypad")
    tap(page, "nik-clear")
    by_id(page, "nik-restore").wait_for(timeout=5_000)
    screenshot(page, f"kiosk-{orientation}-room-4-cleared")
    tap(page, "nik-restore")
    page.locator('[flt-semantics-identifier="nik-value"]', has_text="3317 014").wait_for(timeout=5_000)
