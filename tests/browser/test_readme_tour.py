"""The README's five-minute tour, step by step as written, on a demo system started as
the README says (`LSR_DEMO_CLOCK=08:00`; on a Sunday or a holiday with the next working
day's date, `LSR_DEMO_CLOCK="2026-12-07 08:00"`): so it works at any hour of any day.

Book a number at Puskesmas Lasem's Poli Umum on `/`, check it in at the kiosk (its own
process, as on the lobby PC), call it at `/staff` as `poli.pkm-lasem` while the TV
(`/display/pkm-lasem`) is open, then open `/dashboard` as `dinkes`.

The README's three pictures come from here: `test-output/screenshots/readme-*.png`,
and into `docs/img/` with `LSR_README_IMAGES=1`:

    LSR_README_IMAGES=1 .venv/bin/python -m pytest tests/browser/test_readme_tour.py
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import _only_loopback, by_id, demo_system, enable_semantics, screenshot, type_into
from tests.browser.test_dashboard_browser import sign_in as sign_in_to_dashboard
from tests.browser.test_staff_browser import sign_in
from tests.kiosk.escpos_text import decode
from tests.support.kiosk_app import KioskApp
from tests.support.live_server import ROOT, LiveServer

LASEM = "pkm-lasem"
PHONE = {"width": 412, "height": 800}
DESK = {"width": 1280, "height": 800}
TV = {"width": 1920, "height": 1080}  # drawn as on the TV, saved at 1280×720
IMAGES = ROOT / "docs" / "img"


@pytest.fixture
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A new demo system for each try: the tour reads the day's first numbers (B-001), so a
    rerun after a hung renderer must not meet the first try's booking."""
    yield from demo_system(tmp_path_factory)


@pytest.fixture
def printer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("printer") / "tiket.bin"


@pytest.fixture
def kiosk(demo: LiveServer, printer: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KioskApp]:
    """The README's kiosk command line, against the demo system."""
    app = KioskApp(api_url=demo.api_url, facility=LASEM, printer=f"file:{printer}",
                   public_url=demo.url, log_path=tmp_path_factory.mktemp("kiosk") / "kiosk.log")
    app.env["LSR_DEMO_CLOCK"] = demo.env["LSR_DEMO_CLOCK"]  # the same clock, as the README says
    app.start()
    yield app
    app.stop()


@pytest.fixture
def open_page(browser):  # type: ignore[no-untyped-def]
    contexts = []

    def open_at(url: str, viewport: dict[str, int], **options: object):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport=viewport, locale="id-ID", **options)
        context.route("**/*", _only_loopback)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        enable_semantics(page)
        return page

    yield open_at
    for context in contexts:
        context.close()


def picture(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """A screenshot of the tour; a README picture too when asked for."""
    page.bring_to_front()  # only the tab in front paints
    page.wait_for_timeout(1500)  # fonts and the first frame lag the accessibility tree
    saved = screenshot(page, f"readme-{name}")
    if os.environ.get("LSR_README_IMAGES") == "1":
        IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(saved, IMAGES / f"{name}.png")


def poli_umum(demo: LiveServer) -> int:
    detail = httpx.get(f"{demo.api_url}/facilities/{LASEM}").json()
    return next(s["id"] for s in detail["services"] if s["code"] == "poli-umum")


def scroll_down_to(page, identifier: str) -> None:  # type: ignore[no-untyped-def]
    """Flutter scrolls on wheel events over the view and builds what comes into it."""
    page.mouse.move(PHONE["width"] // 2, PHONE["height"] // 2)
    for _ in range(40):
        box = by_id(page, identifier).bounding_box() if by_id(page, identifier).count() else None
        if box and box["y"] + box["height"] < PHONE["height"] - 20:
            return
        page.mouse.wheel(0, 200)
        page.wait_for_timeout(150)
    raise AssertionError(f"{identifier} never came into view")


def book_poli_umum_today(page, sid: int, today: str) -> str:  # type: ignore[no-untyped-def]
    """Step 1 on the phone: Ambil Nomor, Lasem, Puskesmas Lasem, Poli Umum, today, BPJS,
    the patient, the consent, the number. Returns the booking code."""
    by_id(page, "action-book").click(timeout=30_000)
    scroll_down_to(page, "kecamatan-lasem")
    by_id(page, "kecamatan-lasem").click(timeout=20_000)
    scroll_down_to(page, "start-facility-pkm-lasem")
    by_id(page, "start-facility-pkm-lasem").click(timeout=20_000)
    scroll_down_to(page, f"pick-service-{sid}")
    by_id(page, f"pick-service-{sid}").click(timeout=20_000)
    by_id(page, f"day-{today}").click(timeout=20_000)
    by_id(page, "payer-jkn").click()
    type_into(page, "patient-name", "Siti Aminah")
    type_into(page, "patient-nik", "3317145506900001")
    type_into(page, "patient-phone", "0812 3456 7890")
    type_into(page, "patient-birth-day", "15")
    type_into(page, "patient-birth-month", "6")
    type_into(page, "patient-birth-year", "1990")
    type_into(page, "patient-bpjs-number", "0001234567890")
    by_id(page, "patient-next").click()
    by_id(page, "consent-check").click()
    by_id(page, "consent-next").click()
    by_id(page, "booking-confirm").click()
    page.wait_for_url(re.compile(r".*/tiket/[A-Z0-9]+$"), timeout=15_000)
    return page.url.rsplit("/", 1)[1]


def test_the_readme_tour_works_at_any_hour(open_page, demo, kiosk, printer):  # type: ignore[no-untyped-def]
    sid = poli_umum(demo)
    today = demo.today.isoformat()  # on a Sunday or a holiday, the next day they open
    days = httpx.get(f"{demo.api_url}/services/{sid}/availability").json()["days"]
    assert next(d for d in days if d["service_date"] == today)["closed_reason"] is None

    # 1. Open / and book a number (the web app's open badge follows the demo clock too).
    phone = open_page(demo.url + "/", PHONE)
    code = book_poli_umum_today(phone, sid, today)
    expect(by_id(phone, "ticket-number")).to_have_text("B-001")
    picture(phone, "ticket")

    # 2. Check it in at the kiosk: "Check-in Pendaftaran Online", type the code, Enter.
    lobby = open_page(kiosk.url, {"width": 1080, "height": 1920})
    # the open services with their waiting counts, read out as one line (its label)
    expect(by_id(lobby, "kiosk-open-services")).to_have_attribute(
        "aria-label", re.compile(r"Poli Umum\s+1 orang menunggu"), timeout=30_000)
    by_id(lobby, "kiosk-checkin").click()
    by_id(lobby, "checkin-code").wait_for(timeout=10_000)
    lobby.keyboard.type(code, delay=5)
    lobby.keyboard.press("Enter")
    expect(by_id(lobby, "kiosk-number")).to_contain_text("B-001", timeout=15_000)
    assert "B-001" in decode(printer.read_bytes())

    # 3. The TV of the waiting room.
    tv = open_page(demo.url + f"/display/{LASEM}", TV, device_scale_factor=2 / 3)
    by_id(tv, "now-poli-umum").wait_for(timeout=30_000)

    # 4. /staff as poli.pkm-lasem: Poli Umum, counter "Ruang 1", Panggil berikutnya.
    desk = open_page(demo.url + "/staff", DESK)
    sign_in(desk, f"poli.{LASEM}")
    by_id(desk, "service-poli-umum").click(timeout=20_000)
    type_into(desk, "counter-name", "Ruang 1")
    by_id(desk, "start-desk").click()
    by_id(desk, "action-call-next").click(timeout=20_000)
    expect(by_id(desk, "current-number")).to_have_text("B-001", timeout=10_000)
    picture(desk, "staff-console")
    expect(by_id(tv, "now-poli-umum")).to_have_text("B-001", timeout=10_000)
    expect(by_id(tv, "recent-0")).to_contain_text("Ruang 1")
    expect(by_id(tv, "display-time")).to_have_text(re.compile(r"^08\.0\d$"))  # the demo clock
    picture(tv, "tv-display")
    expect(phone.locator("flt-semantics-host")).to_contain_text(  # the ticket, still open
        "Nomor Anda dipanggil! Silakan menuju Ruang 1.", timeout=10_000)

    # 5. /dashboard as dinkes.
    board = open_page(demo.url + "/dashboard", DESK)
    sign_in_to_dashboard(board)
    expect(by_id(board, "staff-who")).to_have_text("Masuk sebagai dinkes")
