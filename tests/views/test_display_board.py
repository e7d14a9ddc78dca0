"""The waiting-room TV in-process against the real service at Monday 30 November 2026,
08:00 WIB (Puskesmas Lasem). Over `httpx.ASGITransport` the event stream is buffered,
so here the TV follows through its poll (made fast); the live stream (a call within
1 s) is tested in Chromium (tests/browser/test_display_browser.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt

import flet_audio as fa
import httpx
import pytest

from api_client import ApiClient, Conflict, new_idempotency_key
from api_client.models import AnnouncementCreate, AnnouncementKind
from session.settings import AppSettings
from tests.api.helpers import book, service_id
from tests.support.signal import Signal
from tests.views.harness import run_app
from views.app import main_for
from views.display import board as display_board
from views.display import header as display_header
from views.display.fit import grid_shape

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"
TV = {"width": 1920, "height": 1080}


@pytest.fixture(autouse=True)
def fast(monkeypatch, clock):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("views.display.board.POLL_SECONDS", 0.05)
    monkeypatch.setattr("views.display.board.RETRY_SECONDS", 0.05)
    monkeypatch.setattr(display_header, "now_in_rembang", lambda: clock.now)


@pytest.fixture
async def staff(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    console = make_client()
    await console.staff.login(f"admin.{LASEM}", "rembang-demo")
    return console


@pytest.fixture
def kiosk(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    return make_client(kiosk_key=f"demo-kiosk-{LASEM}")


def shown(app, identifier: str) -> str:  # type: ignore[no-untyped-def]
    return " ".join(app.texts(root=app.find(identifier=identifier)))


def player(app):  # type: ignore[no-untyped-def]
    """The flet-audio player of the call being spoken, if any."""
    return next((s for s in app.page._services._services if isinstance(s, fa.Audio)), None)


async def walk_in(kiosk: ApiClient, sid: int) -> None:
    await kiosk.bookings.walk_in(service_id=sid, idempotency_key=new_idempotency_key())


async def test_the_tv_shows_every_service_with_the_number_now_called_and_where_to_go(
    app_main, staff, kiosk
):  # type: ignore[no-untyped-def]
    ugd = await service_id(staff, LASEM, "ugd")
    loket = await service_id(staff, LASEM, "loket")
    for sid in (ugd, ugd, loket):
        await walk_in(kiosk, sid)
    await staff.staff.call_next(ugd, counter="Ruang Tindakan")
    async with run_app(app_main, route=f"/display/{LASEM}", **TV) as app:
        await app.wait_for(lambda: app.exists(identifier="now-ugd"))
        assert shown(app, "display-facility") == "Puskesmas Lasem"
        services = (await staff.facilities.get(LASEM)).services
        assert all(app.exists(text=s.name) for s in services)
        assert shown(app, "now-ugd") == "U-001"
        assert shown(app, "where-ugd") == "Silakan ke Ruang Tindakan"
        assert shown(app, "waiting-ugd") == "1 menunggu"
        assert shown(app, "now-loket") == "—"
        assert shown(app, "where-loket") == "Belum ada panggilan"
        assert shown(app, "waiting-loket") == "1 menunggu"

        await staff.staff.call_next(loket, counter="Loket 2")
        await app.wait_for(lambda: shown(app, "now-loket") == "A-001")
        assert shown(app, "where-loket") == "Silakan ke Loket 2"
        assert shown(app, "recent-0").startswith("A-001")
        assert shown(app, "now-ugd") == "U-001"


async def test_the_date_and_clock_are_in_indonesian(app_main, clock):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route=f"/display/{LASEM}", locale="en-US", **TV) as app:
        await app.wait_for(lambda: app.exists(identifier="display-date"))
        assert shown(app, "display-date") == "Senin, 30 November 2026"
        assert shown(app, "display-time") == "08.00"
        assert shown(app, "where-ugd") == "Belum ada panggilan"  # Indonesian, not English


async def test_a_skip_and_a_transfer_clear_the_tile(app_main, staff, kiosk):  # type: ignore[no-untyped-def]
    ugd = await service_id(staff, LASEM, "ugd")
    for _ in range(2):
        await walk_in(kiosk, ugd)
    first = await staff.staff.call_next(ugd, counter="Ruang 1")
    async with run_app(app_main, route=f"/display/{LASEM}", **TV) as app:
        await app.wait_for(lambda: app.exists(identifier="now-ugd"))
        assert shown(app, "now-ugd") == "U-001"
        await staff.staff.skip(first.ticket_id)
        await app.wait_for(lambda: shown(app, "now-ugd") == "—")
        second = await staff.staff.call_next(ugd, counter="Ruang 1")
        await app.wait_for(lambda: shown(app, "now-ugd") == "U-002")
        await staff.staff.transfer(second.ticket_id, to_service_id=await service_id(staff, LASEM, "apotek"))
        await app.wait_for(lambda: shown(app, "now-ugd") == "—")
        assert shown(app, "waiting-apotek") == "1 menunggu"


async def test_numbers_only_never_a_name_or_nik(app_main, staff):  # type: ignore[no-untyped-def]
    poli = await service_id(staff, LASEM, "poli-umum")
    booking = await book(staff, poli, serial=7)
    await staff.bookings.check_in_at_facility(booking.booking_code)
    await staff.staff.call_next(poli, counter="Ruang 3")
    async with run_app(app_main, route=f"/display/{LASEM}", **TV) as app:
        await app.wait_for(lambda: shown(app, "now-poli-umum") == "B-001")
        everything = " ".join(app.texts(root=app.page))
        assert "Siti" not in everything and "Aminah" not in everything
        assert "3317" not in everything and booking.booking_code not in everything


async def test_the_running_text_carries_todays_announcements(app_main, staff):  # type: ignore[no-untyped-def]
    await staff.staff.publish_announcement(LASEM, AnnouncementCreate(
        kind=AnnouncementKind.campaign, title="Imunisasi balita", body="Setiap Kamis pukul 08.00.",
        valid_from=dt.date(2026, 11, 30), valid_until=dt.date(2026, 12, 31),
    ))
    async with run_app(app_main, route=f"/display/{LASEM}", **TV) as app:
        await app.wait_for(lambda: app.exists(identifier="ticker"))
        assert app.find(identifier="ticker").label == "Imunisasi balita: Setiap Kamis pukul 08.00."


async def test_a_closure_published_while_the_tv_runs_stops_booking_and_reaches_its_running_text(
    app_main, staff, client, monkeypatch
):  # type: ignore[no-untyped-def]
    """The TV reads announcements again every few polls (10 minutes); here every poll."""
    monkeypatch.setattr(display_board, "POLL_SECONDS", 0.05)
    monkeypatch.setattr(display_board, "ANNOUNCEMENTS_EVERY", 1)
    sid = await service_id(client, LASEM, code="poli-umum")
    async with run_app(app_main, route=f"/display/{LASEM}", **TV) as app:
        await app.wait_for(lambda: app.exists(identifier="ticker"))
        assert app.find(identifier="ticker").label.startswith("Selamat datang")
        await staff.staff.publish_announcement(LASEM, AnnouncementCreate(
            kind=AnnouncementKind.closure, title="Puskesmas tutup: fumigasi",
            body="Pelayanan dialihkan ke Puskesmas Pancur.",
            valid_from=dt.date(2026, 12, 1), valid_until=dt.date(2026, 12, 2),
        ))
        await app.wait_for(lambda: "fumigasi" in app.find(identifier="ticker").label, timeout=10)
        assert app.find(identifier="ticker").label == (
            "Puskesmas tutup: fumigasi: Pelayanan dialihkan ke Puskesmas Pancur."
        )
    with pytest.raises(Conflict) as refused:
        await book(client, sid, day=dt.date(2026, 12, 1))
    assert refused.value.code == "service_closed"
    assert (await book(client, sid, day=dt.date(2026, 12, 3))).ticket.number == 1


async def test_without_announcements_the_running_text_welcomes(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/display/pkm-sumber", **TV) as app:
        await app.wait_for(lambda: app.exists(identifier="ticker"))
        assert app.find(identifier="ticker").label.startswith("Selamat datang di Puskesmas Sumber.")


async def test_an_unknown_facility_says_so(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/display/pkm-tidak-ada", **TV) as app:
        await app.wait_for(lambda: app.exists(text_contains="tidak ditemukan"))
        assert app.exists(text="Faskes “pkm-tidak-ada” tidak ditemukan. Periksa alamat layar ini.")


async def test_a_new_call_is_spoken_through_flet_audio(app_main, staff, kiosk, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("views.display.voice.LOAD_SECONDS", 0.2)
    played: list[str] = []

    def play(control, _args):  # type: ignore[no-untyped-def]
        played.append(control.src)

    ugd = await service_id(staff, LASEM, "ugd")
    await walk_in(kiosk, ugd)
    async with run_app(app_main, route=f"/display/{LASEM}", **TV) as app:
        app.fake_method("Audio", "play", play)
        await app.wait_for(lambda: app.exists(identifier="now-ugd"))
        await staff.staff.call_next(ugd, counter="Ruang 2")
        audio = await app.wait_for(lambda: player(app))
        await app.trigger(audio, "loaded")
        await app.wait_for(lambda: played)
        assert played == [f"http://127.0.0.1:8000/api/voice/call?display_number=U-001&service_id={ugd}"
                          "&counter=Ruang+2"]
        assert app.find(identifier="speaking").label == "U-001"
        await app.trigger(audio, "state_change", {"state": "completed"})
        await app.wait_for(lambda: not app.exists(identifier="speaking"))
        assert not app.exists(identifier="enable-sound")


async def test_a_browser_that_refuses_sound_gets_the_enable_button_and_the_tv_goes_on(
    app_main, staff, kiosk, monkeypatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("views.display.voice.START_SECONDS", 0.1)

    async def never(_control, _args):  # type: ignore[no-untyped-def]
        await asyncio.Event().wait()  # Chromium without a user gesture: play() never returns

    ugd = await service_id(staff, LASEM, "ugd")
    loket = await service_id(staff, LASEM, "loket")
    for sid in (ugd, loket):
        await walk_in(kiosk, sid)
    async with run_app(app_main, route=f"/display/{LASEM}", **TV) as app:
        app.fake_method("Audio", "play", never)
        await app.wait_for(lambda: app.exists(identifier="now-ugd"))
        await staff.staff.call_next(ugd, counter="Ruang 2")
        audio = await app.wait_for(lambda: player(app))
        await app.trigger(audio, "loaded")
        await app.wait_for(lambda: app.exists(identifier="enable-sound"))
        assert app.exists(text="Aktifkan suara")
        await staff.staff.call_next(loket, counter="Loket 1")  # the screen goes on meanwhile
        await app.wait_for(lambda: shown(app, "now-loket") == "A-001")
        app.fake_method("Audio", "play", lambda _c, _a: None)  # after the tap, sound may play
        await app.click(identifier="enable-sound")
        assert not app.exists(identifier="enable-sound")
        await app.wait_for(lambda: app.exists(identifier="speaking"))
        assert app.find(identifier="speaking").label == "A-001"  # the latest call, again



async def test_a_lost_connection_is_shown_and_the_tv_catches_up_when_it_returns(
    app, staff, kiosk
):  # type: ignore[no-untyped-def]
    signal = Signal(httpx.ASGITransport(app))
    tv_main = main_for(AppSettings(), make_client=lambda: ApiClient(
        "http://lsr.test/api", transport=signal, retry_attempts=1))
    ugd = await service_id(staff, LASEM, "ugd")
    for _ in range(2):
        await walk_in(kiosk, ugd)
    await staff.staff.call_next(ugd, counter="Ruang 1")
    async with run_app(tv_main, route=f"/display/{LASEM}", **TV) as app_:
        await app_.wait_for(lambda: app_.exists(identifier="now-ugd"))
        signal.lost = True
        await app_.wait_for(lambda: app_.exists(identifier="display-offline"))
        assert shown(app_, "display-offline") == "Koneksi terputus — mencoba lagi…"
        assert shown(app_, "now-ugd") == "U-001"  # what it knew stays
        await staff.staff.call_next(ugd, counter="Ruang 1")  # meanwhile
        signal.lost = False
        await app_.wait_for(lambda: not app_.exists(identifier="display-offline"))
        await app_.wait_for(lambda: shown(app_, "now-ugd") == "U-002")


@pytest.mark.parametrize(("services", "columns", "at_least"), [(9, 3, 1.0), (12, 4, 0.95), (26, 6, 0.55)])
def test_the_grid_fits_every_service_on_one_screen_with_the_largest_text(services, columns, at_least):  # type: ignore[no-untyped-def]
    assert grid_shape(services) == (columns, pytest.approx(at_least))
