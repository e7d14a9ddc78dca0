"""The waiting-room TV and the services that are not open today, and the counters on a
break, in-process against the real service (Puskesmas Lasem, Monday 30 November 2026,
08:00 WIB unless a test moves the clock). The TV follows through its poll, made fast."""

from __future__ import annotations

import asyncio
import datetime as dt
from types import SimpleNamespace

import pytest

from api_client import ApiClient, new_idempotency_key
from api_client.models import (
    AnnouncementCreate,
    AnnouncementKind,
    QueueEvent,
    QueueState,
    Service,
    ServiceKind,
)
from tests.api.helpers import service_id
from tests.views.harness import run_app
from views.display import header as display_header
from views.display.board_model import Board, Calling
from views.display.fit import TileText, grid_shape, lines, text_width, tile_fits

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"
TV = {"width": 1920, "height": 1080}
MONDAY = dt.date(2026, 11, 30)


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


def shown(app, identifier: str) -> str:  # type: ignore[no-untyped-def]
    return " ".join(app.texts(root=app.find(identifier=identifier)))


async def close_today(staff: ApiClient, code: str, reason: str) -> None:
    """What the desk's "close the queue early for today" publishes: a closure of one
    service for today, with its reason."""
    await staff.staff.publish_announcement(LASEM, AnnouncementCreate(
        kind=AnnouncementKind.closure, title=reason, body="Mohon maaf.",
        valid_from=MONDAY, valid_until=MONDAY, service_id=await service_id(staff, LASEM, code),
    ))


async def test_on_a_sunday_the_closed_services_are_one_line_not_eight_empty_tiles(
    app_main, clock
):  # type: ignore[no-untyped-def]
    clock.set(2026, 12, 6, 9, 0)  # a Sunday: only the 24-hour UGD works
    async with run_app(app_main, route=f"/display/{LASEM}", **TV) as app:
        await app.wait_for(lambda: app.exists(identifier="closed-today"))
        assert shown(app, "closed-today") == (
            "Tutup hari ini: Loket Pendaftaran, Poli Umum, Poli Gigi & Mulut, KIA/KB, "
            "MTBS (Balita Sakit), Gizi, Laboratorium, Apotek"
        )
        assert app.exists(identifier="now-ugd")
        assert not app.exists(identifier="now-loket") and not app.exists(identifier="now-mtbs")
        assert not app.exists(text="Belum ada panggilan", identifier="where-loket")


async def test_a_puskesmas_without_a_ugd_on_a_sunday_says_nothing_is_open_today(app_main, clock):  # type: ignore[no-untyped-def]
    clock.set(2026, 12, 6, 9, 0)
    async with run_app(app_main, route="/display/pkm-sumber", **TV) as app:
        await app.wait_for(lambda: app.exists(identifier="closed-today"))
        assert app.exists(text="Hari ini tidak ada layanan yang buka.")
        assert shown(app, "closed-today").startswith("Tutup hari ini: Loket Pendaftaran, Poli Umum")
        assert not app.exists(text="Belum ada panggilan")


async def test_on_a_working_day_every_service_has_its_tile_and_no_closed_line(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route=f"/display/{LASEM}", **TV) as app:
        await app.wait_for(lambda: app.exists(identifier="now-ugd"))
        assert shown(app, "where-mtbs") == "Belum ada panggilan"  # open, nobody called yet
        assert not app.exists(identifier="closed-today")


async def test_a_service_closed_for_today_shows_as_closed_with_its_reason_after_the_next_poll(
    app_main, staff, make_client
):  # type: ignore[no-untyped-def]
    kiosk = make_client(kiosk_key=f"demo-kiosk-{LASEM}")
    gigi = await service_id(staff, LASEM, "poli-gigi")
    await kiosk.bookings.walk_in(service_id=gigi, idempotency_key=new_idempotency_key())
    await close_today(staff, "gizi", "Petugas gizi mengikuti pelatihan")
    async with run_app(app_main, route=f"/display/{LASEM}", **TV) as app:
        await app.wait_for(lambda: app.exists(identifier="closed-today"))
        # Closed all day, nobody took a number: folded into the line, with the reason.
        assert shown(app, "closed-today") == "Tutup hari ini: Gizi (Petugas gizi mengikuti pelatihan)"
        assert not app.exists(identifier="now-gizi")
        assert shown(app, "where-poli-gigi") == "Belum ada panggilan"

        # The desk closes Poli Gigi early while its patients wait: its tile stays and says why.
        await close_today(staff, "poli-gigi", "Dokter gigi dipanggil ke RSUD")
        await app.wait_for(lambda: shown(app, "now-poli-gigi") == "Tutup", timeout=10)
        assert shown(app, "where-poli-gigi") == "Dokter gigi dipanggil ke RSUD"
        assert not app.exists(identifier="waiting-poli-gigi")
        assert shown(app, "closed-today") == "Tutup hari ini: Gizi (Petugas gizi mengikuti pelatihan)"
        assert shown(app, "where-mtbs") == "Belum ada panggilan"  # the others go on


async def test_a_paused_counter_says_so_on_its_tile(app_main, staff, monkeypatch):  # type: ignore[no-untyped-def]
    """The service fills `paused_counters` (the desk's pause); the TV only reads it."""
    loket = await service_id(staff, LASEM, "loket")
    paused: list[str] = []

    async def state_with_breaks(self, service_id: int) -> QueueState:  # type: ignore[no-untyped-def]
        state = await original(self, service_id)
        return state.model_copy(update={"paused_counters": list(paused) if service_id == loket else []})

    queues_type = type(staff.queues)
    original = queues_type.state
    monkeypatch.setattr(queues_type, "state", state_with_breaks)
    async with run_app(app_main, route=f"/display/{LASEM}", **TV) as app:
        await app.wait_for(lambda: app.exists(identifier="now-loket"))
        assert not app.exists(identifier="paused-loket")
        paused.append("Loket 2")
        await app.wait_for(lambda: app.exists(identifier="paused-loket"))
        assert shown(app, "paused-loket") == "Loket 2 istirahat"
        assert not app.exists(identifier="paused-poli-umum")
        paused.clear()
        await app.wait_for(lambda: not app.exists(identifier="paused-loket"))


# ----------------------------------------------------------------- fitting the text


def test_a_long_name_wraps_on_two_lines_and_the_tiles_shrink_rather_than_cut_it() -> None:
    heart = TileText(name="Poli Jantung & Pembuluh Darah", waiting="12 menunggu", where="Silakan ke Ruang 2")
    short = TileText(name="Gizi", waiting="0 menunggu", where="Belum ada panggilan")
    columns, scale = grid_shape(9, texts=[heart, *[short] * 8])
    assert columns == 3
    tile_width = (1420 - 2 * 16) / 3
    name_width = tile_width - 2 * 24 - text_width(heart.waiting, 24 * scale) - 12
    assert lines(heart.name, 32 * scale, name_width, bold=True) == 2  # whole, on two lines
    assert tile_fits(heart, scale, tile_width, (800 - 2 * 16) / 3)
    assert 0.8 <= scale < 1.0  # a little smaller than one-line names allow
    assert grid_shape(9, texts=[short] * 9) == (3, 1.0)
    mtbs = TileText(name="MTBS (Balita Sakit)", waiting="12 menunggu", where="Silakan ke Ruang 2")
    assert grid_shape(9, texts=[mtbs, *[short] * 8])[1] >= 0.9


def test_a_name_that_would_need_three_lines_makes_the_text_smaller() -> None:
    long = TileText(name="Poli Jantung & Pembuluh Darah Anak dan Dewasa", waiting="3 menunggu",
                    where="Silakan ke Ruang Tindakan Lantai 2")
    _columns, scale = grid_shape(26, texts=[long] * 26)
    rows_of_six = (800 - 4 * 16) / 5
    assert tile_fits(long, scale, (1420 - 5 * 16) / 6, rows_of_six)
    assert not tile_fits(long, scale + 0.1, (1420 - 5 * 16) / 6, rows_of_six)


async def test_a_paused_or_resumed_event_makes_the_tv_read_that_service_again() -> None:
    """The "exceptions" slice's live events: the TV does not guess which counters rest,
    it reads the service's state (its `paused_counters`) at once."""
    loket = Service(id=7, facility_id=LASEM, code="loket", name="Loket Pendaftaran", kind=ServiceKind.loket,
                    prefix="A", online=False, walkin=True, avg_service_minutes=3, hours=[])
    read: list[int] = []

    async def state(service_id: int) -> QueueState:
        read.append(service_id)
        return QueueState(service_id=service_id, service_date=MONDAY, now_calling=None, total=3, waiting=3,
                          waiting_checked_in=3, served=0, no_shows=0, avg_service_minutes=3,
                          avg_is_measured=False, waiting_seconds=540, last_event_id=12,
                          paused_counters=["Loket 2"])

    client = SimpleNamespace(queues=SimpleNamespace(state=state))
    board = Board(client, LASEM, on_call=lambda call: None)  # type: ignore[arg-type]
    board.facility = SimpleNamespace(services=[loket])  # type: ignore[assignment]
    board.tiles = [Calling(service=loket, waiting=3, version=10)]
    paused = QueueEvent.model_construct(
        id=12, type="paused", facility_id=LASEM, service_id=7, service_date=MONDAY, display_number="",
        counter="Loket 2", at=dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC), now_calling=None, waiting=3,
    )
    board.apply(paused)
    for _ in range(100):
        if board.tiles[0].paused:
            break
        await asyncio.sleep(0.01)
    assert read == [7]
    assert board.tiles[0].paused == ("Loket 2",)
