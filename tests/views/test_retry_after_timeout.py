"""Every screen that loads data, when the service does not answer in time (or the
connection is lost), says so and offers "Coba lagi" instead of spinning forever; the
button loads the screen once the connection is back."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft
import httpx
import pytest

from api_client import ApiClient, new_idempotency_key
from api_client.models import ComplaintCategory
from session.settings import AppSettings
from session.state import SavedTicket
from tests.api.helpers import SUMBER, book, nik_for, service_id
from tests.kiosk.view_support import PORTRAIT, kiosk_main
from tests.views.harness import AppHarness, run_app
from tests.views.test_complaint_view import TEXT
from tests.views.test_dashboard_view import sign_in
from tests.views.test_my_tickets_view import storage_with
from tests.views.test_survey_view import finished_visit
from views.app import main_for
from views.display import board as display_board

pytestmark = pytest.mark.anyio

RETRY = "Coba lagi"


class Flaky(httpx.AsyncBaseTransport):
    """The in-process service behind a connection that, while ``down``, times out (or
    fails to connect) for the requests whose path contains ``only`` (every one if
    None)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.down: str | None = None  # "timeout" or "lost"
        self.only: str | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down and (self.only is None or self.only in request.url.path):
            if self.down == "timeout":
                raise httpx.ReadTimeout("no answer in time", request=request)
            raise httpx.ConnectError("no signal", request=request)
        return await self.inner.handle_async_request(request)


@pytest.fixture(autouse=True)
def only_the_button_retries(monkeypatch):  # type: ignore[no-untyped-def]
    """The screens that also retry by themselves wait an hour here: what brings a screen
    back in these tests is the tap on "Coba lagi"."""
    for loop in ("views.tickets.live.RETRY_SECONDS", "views.tickets.live.POLL_SECONDS",
                 "session.connectivity.RETRY_SECONDS"):
        monkeypatch.setattr(loop, 3600.0)


@pytest.fixture
def flaky(app) -> Flaky:  # type: ignore[no-untyped-def]
    return Flaky(httpx.ASGITransport(app))


@pytest.fixture
def flaky_main(flaky):  # type: ignore[no-untyped-def]
    return main_for(AppSettings(), make_client=lambda: ApiClient(
        "http://lsr.test/api", transport=flaky, retry_attempts=1))


async def retry_brings_it_back(app: AppHarness, flaky: Flaky, loaded: Callable[[], object]) -> None:
    """"Coba lagi" is offered (and nothing spins forever); once the connection is back,
    one tap loads the screen."""
    await app.wait_for(lambda: app.exists(text=RETRY))
    assert not loaded()
    flaky.down = None
    await app.click(app.find_all(text=RETRY)[-1])
    await app.wait_for(loaded)
    assert not app.exists(text=RETRY)


def run_loaded(main, **options):  # type: ignore[no-untyped-def]
    """The app under test with a minute for each handler: the tap on "Coba lagi" reloads a
    whole screen (the kiosk's start screen is two requests per service) while the rest of
    the suite shares the two cores."""
    return run_app(main, timeout=60, **options)


FAILURES = pytest.mark.parametrize("failure", ["timeout", "lost"])
SAID = {
    "timeout": "Server terlalu lama menjawab. Silakan coba lagi.",
    "lost": "Tidak bisa terhubung. Periksa koneksi internet Anda, lalu coba lagi.",
}


@FAILURES
async def test_the_facility_list(flaky_main, flaky, failure):  # type: ignore[no-untyped-def]
    flaky.down = failure
    async with run_loaded(flaky_main, route="/faskes") as app:
        await retry_brings_it_back(app, flaky, lambda: app.exists(text="Puskesmas Sumber"))


@FAILURES
async def test_the_facility_page(flaky_main, flaky, failure):  # type: ignore[no-untyped-def]
    flaky.down, flaky.only = failure, f"/facilities/{SUMBER}"
    async with run_loaded(flaky_main, route=f"/faskes/{SUMBER}") as app:
        await retry_brings_it_back(app, flaky, lambda: app.exists(text="Poli Umum"))


@FAILURES
async def test_the_booking_screen(flaky_main, flaky, client, failure):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    flaky.down, flaky.only = failure, f"/services/{sid}/availability"
    async with run_loaded(flaky_main, route=f"/faskes/{SUMBER}/pesan/{sid}") as app:
        await retry_brings_it_back(app, flaky, lambda: app.exists(identifier="day-2026-11-30"))


@FAILURES
async def test_the_ticket(flaky_main, flaky, client, failure):  # type: ignore[no-untyped-def]
    mine = await book(client, await service_id(client, code="poli-umum"))
    flaky.down, flaky.only = failure, "/bookings/"
    async with run_loaded(flaky_main, route=f"/tiket/{mine.booking_code}") as app:
        await retry_brings_it_back(app, flaky, lambda: app.exists(identifier="people-ahead"))


@FAILURES
async def test_the_complaint_form(flaky_main, flaky, failure):  # type: ignore[no-untyped-def]
    flaky.down = failure
    async with run_loaded(flaky_main, route="/pengaduan") as app:
        await retry_brings_it_back(app, flaky, lambda: app.find(
            ft.Dropdown, root=app.find(identifier="complaint-facility")).options)


@FAILURES
async def test_my_tickets(flaky_main, flaky, client, failure):  # type: ignore[no-untyped-def]
    mine = await book(client, await service_id(client, code="poli-umum"))
    flaky.down, flaky.only = failure, "/bookings/"
    stored = storage_with(SavedTicket.of(mine))
    async with run_loaded(flaky_main, route="/tiket", shared_preferences=stored) as app:
        await app.wait_for(lambda: app.exists(text="B-001"))
        await retry_brings_it_back(app, flaky, lambda: app.exists(text="Terdaftar")
                                   and not app.exists(identifier="offline-notice"))


@FAILURES
async def test_the_survey(flaky_main, flaky, client, make_client, failure):  # type: ignore[no-untyped-def]
    booking = await finished_visit(client, make_client)
    flaky.down, flaky.only = failure, "/survey"
    async with run_loaded(flaky_main, route=f"/tiket/{booking.booking_code}/survei") as app:
        await retry_brings_it_back(app, flaky, lambda: app.exists(identifier="survey-persyaratan-1"))


@FAILURES
async def test_following_a_complaint(flaky_main, flaky, client, failure):  # type: ignore[no-untyped-def]
    sent = await client.complaints.send(
        facility_id=SUMBER, category=ComplaintCategory.petugas, text=TEXT,
        idempotency_key=new_idempotency_key(),
    )
    flaky.down, flaky.only = failure, f"/complaints/{sent.tracking_code}"
    async with run_loaded(flaky_main, route=f"/pengaduan/{sent.tracking_code}") as app:
        await retry_brings_it_back(app, flaky, lambda: app.exists(identifier="complaint-code"))


@FAILURES
async def test_the_dashboard(flaky_main, flaky, failure):  # type: ignore[no-untyped-def]
    flaky.only = "/dashboard"
    async with run_loaded(flaky_main, route="/dashboard") as app:
        flaky.down = failure  # signing in works; the figures do not come
        await sign_in(app, "dinkes")
        await retry_brings_it_back(app, flaky, lambda: app.exists(identifier="dashboard-channels"))


@FAILURES
async def test_the_staff_console_choosing_a_post(flaky_main, flaky, failure):  # type: ignore[no-untyped-def]
    flaky.only = f"/facilities/{SUMBER}"
    async with run_loaded(flaky_main, route="/staff") as app:
        flaky.down = failure
        await sign_in(app, f"loket.{SUMBER}")
        await retry_brings_it_back(app, flaky, lambda: app.exists(identifier="counter-name"))


@FAILURES
async def test_the_staff_console_complaints(flaky_main, flaky, failure):  # type: ignore[no-untyped-def]
    async with run_loaded(flaky_main, route="/staff") as app:
        await sign_in(app, f"admin.{SUMBER}")
        await app.wait_for(lambda: app.exists(identifier="staff-part"))
        flaky.down, flaky.only = failure, "/complaints"
        await app.click(identifier="staff-part")
        await retry_brings_it_back(app, flaky, lambda: app.exists(text="Belum ada pengaduan."))


@FAILURES
async def test_the_kiosk_start_screen(app, flaky, tmp_path, failure):  # type: ignore[no-untyped-def]
    flaky.down = failure
    kiosk = kiosk_main(app, printer=f"file:{tmp_path / 'lp0'}", transport=flaky)
    async with run_loaded(kiosk, **PORTRAIT) as screen:
        await retry_brings_it_back(screen, flaky, lambda: screen.exists(identifier="kiosk-open-services"))


@FAILURES
async def test_the_tv_display_tries_again_by_itself(flaky_main, flaky, monkeypatch, failure):  # type: ignore[no-untyped-def]
    """Nobody taps a TV: it says it is connecting and tries again on its own."""
    monkeypatch.setattr(display_board, "RETRY_SECONDS", 0.05)
    flaky.down = failure
    async with run_loaded(flaky_main, route="/display/pkm-lasem", width=1920, height=1080) as tv:
        await tv.wait_for(lambda: tv.exists(text="Menyambungkan ke server…"))
        assert not tv.exists(text="Puskesmas Lasem")
        flaky.down = None
        await tv.wait_for(lambda: tv.exists(text="Puskesmas Lasem"))
        assert not tv.exists(identifier="display-offline")


@FAILURES
async def test_the_staff_desk(flaky_main, flaky, failure):  # type: ignore[no-untyped-def]
    flaky.down, flaky.only = failure, "/queue"  # the desk's queue, nothing before it
    async with run_loaded(flaky_main, route="/staff") as app:
        await sign_in(app, f"poli.{SUMBER}")
        await app.wait_for(lambda: app.exists(identifier="service-poli-umum"))
        await app.click(identifier="service-poli-umum")
        await app.click(identifier="start-desk")
        await retry_brings_it_back(app, flaky, lambda: app.exists(identifier="stat-served")
                                   and app.texts(root=app.find(identifier="stat-served")) != ["–"]
                                   and not app.exists(identifier="desk-offline"))


@FAILURES
async def test_data_saya_says_so_and_its_button_asks_again(flaky_main, flaky, client, failure):  # type: ignore[no-untyped-def]
    """Data saya loads only when asked: its own button is the retry, enabled again."""
    booking = await book(client, await service_id(client, code="poli-umum"))
    flaky.down, flaky.only = failure, "/privacy"
    async with run_loaded(flaky_main, route="/pengaturan", shared_preferences={}) as app:
        await app.fill(label="Kode booking", value=booking.booking_code)
        await app.fill(label="Nomor HP", value="0812 3456 7890")
        await app.click(text="Lihat data saya")
        said = SAID[failure]
        await app.wait_for(lambda: app.exists(text=said))
        flaky.down = None
        await app.click(text="Lihat data saya")
        await app.wait_for(lambda: app.exists(text=f"NIK: {nik_for(1)}"))
        assert not app.exists(text=said)
