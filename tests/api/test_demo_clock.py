"""`LSR_DEMO_CLOCK`: someone trying the demo system at night in Europe finds Rembang's
services open, books a number and sees it called; a real service refuses the setting."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import httpx
import pytest
from pydantic import ValidationError

from api_client import ApiClient, Conflict
from components import facility_hours
from server.app import create_app
from server.clock import WIB
from server.settings import Settings
from session import rembang_clock
from tests.api.helpers import arrive, book, service_id
from tests.support.clock import FakeClock
from tests.support.live_server import ROOT
from views.display import header as display_header
from views.kiosk import clock as kiosk_clock

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"
MONDAY = dt.date(2026, 11, 30)


@pytest.fixture
def late_evening(clock: FakeClock) -> FakeClock:
    """The real time: Monday 21:00 WIB (15:00 in Amsterdam), every poli long closed."""
    clock.set(2026, 11, 30, 21, 0)
    return clock


@pytest.fixture
def demo_at_eight(settings: Settings, late_evening: FakeClock):  # type: ignore[no-untyped-def]
    """The demo system started at that moment with LSR_DEMO_CLOCK=08:00."""
    at_eight = settings.model_copy(update={"demo_clock": "08:00"})
    application = create_app(at_eight, clock=at_eight.clock(real=late_evening))
    yield application
    application.state.lsr.db.dispose()


def client_of(application, **kwargs: object) -> ApiClient:  # type: ignore[no-untyped-def]
    return ApiClient("http://lsr.test/api", transport=httpx.ASGITransport(application), **kwargs)  # type: ignore[arg-type]


async def test_at_night_the_poli_is_closed_for_today(client: ApiClient, late_evening: FakeClock):
    sid = await service_id(client, LASEM, code="poli-umum")
    today = (await client.facilities.availability(sid)).days[0]
    assert (today.service_date, today.open) == (MONDAY, False)
    with pytest.raises(Conflict) as err:
        await book(client, sid, day=MONDAY)
    assert err.value.code == "service_closed"


async def test_with_the_demo_clock_the_poli_is_open_takes_a_booking_and_calls_it(demo_at_eight):  # type: ignore[no-untyped-def]
    citizen, poli = client_of(demo_at_eight), client_of(demo_at_eight)
    try:
        sid = await service_id(citizen, LASEM, code="poli-umum")
        today = (await citizen.facilities.availability(sid)).days[0]
        assert (today.service_date, today.open) == (MONDAY, True)
        booking = await book(citizen, sid, day=MONDAY)
        assert booking.ticket.display_number == "B-001"
        await arrive(citizen, booking)
        await poli.staff.login(f"poli.{LASEM}", "rembang-demo")
        called = await poli.staff.call_next(sid, counter="Ruang 1")
        assert called is not None and called.display_number == "B-001"
    finally:
        await citizen.close()
        await poli.close()


async def test_the_demo_clock_moves_on_with_real_time(demo_at_eight, late_evening: FakeClock):  # type: ignore[no-untyped-def]
    service_time = demo_at_eight.state.lsr.clock
    assert service_time() == dt.datetime(2026, 11, 30, 8, 0, tzinfo=WIB)
    late_evening.advance(minutes=95)
    assert service_time() == dt.datetime(2026, 11, 30, 9, 35, tzinfo=WIB)


def test_the_demo_system_starts_at_the_demo_clock_today_in_wib(settings: Settings):
    application = create_app(settings.model_copy(update={"demo_clock": "08:00"}))
    try:
        now = application.state.lsr.clock()
    finally:
        application.state.lsr.db.dispose()
    assert now.astimezone(WIB).date() == dt.datetime.now(WIB).date()
    assert dt.time(8, 0) <= now.astimezone(WIB).time() < dt.time(8, 5)


def test_the_demo_clock_is_refused_without_demo(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("LSR_DEMO", raising=False)
    monkeypatch.setenv("LSR_DEMO_CLOCK", "08:00")
    with pytest.raises(ValidationError, match="only for the demo system"):
        Settings()


@pytest.mark.parametrize("typed", ["8:00", "24:00", "08:60", "eight", "2026-12-07 24:00", "07-12-2026 08:00",
                                   "2026-12-07 8:00", "2026-12-7"])
def test_the_demo_clock_must_be_a_time_of_day(typed: str):
    with pytest.raises(ValidationError, match=f"HH:MM.*got '{typed}'"):
        Settings(demo=True, demo_clock=typed)


def test_the_demo_clocks_day_must_be_on_the_calendar():
    with pytest.raises(ValidationError, match="2026-02-30 is not a day of the calendar"):
        Settings(demo=True, demo_clock="2026-02-30 08:00")


def test_a_demo_clock_of_a_day_alone_moves_by_whole_days(settings: Settings, clock: FakeClock):
    """`LSR_DEMO_CLOCK=2026-12-07` on Sunday 6 December at 10:17: Monday at 10:17, and on."""
    clock.set(2026, 12, 6, 10, 17)
    service_time = settings.model_copy(update={"demo_clock": "2026-12-07"}).clock(real=clock)
    assert service_time() == dt.datetime(2026, 12, 7, 10, 17, tzinfo=WIB)
    clock.advance(minutes=50)
    assert service_time() == dt.datetime(2026, 12, 7, 11, 7, tzinfo=WIB)


async def test_on_a_sunday_night_a_demo_clock_with_a_day_opens_mondays_poli(  # type: ignore[no-untyped-def]
    settings: Settings, clock: FakeClock
):
    """Sunday 6 December 2026, 22:00 WIB: every puskesmas is closed all day. The demo
    started with `LSR_DEMO_CLOCK="2026-12-07 08:00"` lives on Monday morning: the poli
    is open, "today" is Monday, and a booking for it is the day's first number."""
    clock.set(2026, 12, 6, 22, 0)
    monday = settings.model_copy(update={"demo_clock": "2026-12-07 08:00"})
    application = create_app(monday, clock=monday.clock(real=clock))
    citizen = client_of(application)
    try:
        assert application.state.lsr.clock() == dt.datetime(2026, 12, 7, 8, 0, tzinfo=WIB)
        sid = await service_id(citizen, LASEM, code="poli-umum")
        today = (await citizen.facilities.availability(sid)).days[0]
        assert (today.service_date, today.open) == (dt.date(2026, 12, 7), True)
        assert (await book(citizen, sid, day=dt.date(2026, 12, 7))).ticket.display_number == "B-001"
    finally:
        await citizen.close()
        application.state.lsr.db.dispose()


@pytest.mark.parametrize(("demo", "said"), [
    ("false", "LSR_DEMO_CLOCK=08:00 runs the service at a made-up time: only for the demo "
              "system (LSR_DEMO=true); unset it"),
    ("true", None),
])
def test_a_demo_clock_refused_stops_the_service_and_says_why(  # type: ignore[no-untyped-def]
    tmp_path, demo: str, said: str | None
):
    clock = "08:00" if said else "25:00"
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "LSR_DATA_DIR": str(tmp_path),
           "LSR_DEMO": demo, "LSR_DEMO_CLOCK": clock}
    started = subprocess.run(  # noqa: S603 - our own server
        [sys.executable, "-m", "server", "--port", "1"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert started.returncode == 2
    assert started.stderr.strip() == "python -m server: " + (
        said or "LSR_DEMO_CLOCK: must be a WIB time as HH:MM (00:00-23:59), a day and time as "
                "YYYY-MM-DD HH:MM, or a day as YYYY-MM-DD, got '25:00'"
    )
    assert not (tmp_path / "layanan.db").exists()


def test_the_web_app_of_the_demo_system_shows_the_demo_clock(  # type: ignore[no-untyped-def]
    settings: Settings, late_evening: FakeClock, monkeypatch: pytest.MonkeyPatch
):
    """Its screens ("Sedang buka", the TV's clock, the kiosk's open services) read the
    service's time, not the host's."""
    monkeypatch.setattr(rembang_clock, "_clock", rembang_clock.device_clock)  # put back after
    at_eight = settings.model_copy(update={"demo_clock": "08:00", "demo_history_days": 0})
    application = create_app(at_eight, clock=at_eight.clock(real=late_evening), web=True)
    try:
        late_evening.advance(minutes=10)
        seen = {facility_hours.now_in_rembang(), display_header.now_in_rembang(), kiosk_clock.now()}
    finally:
        application.state.lsr.db.dispose()
    assert seen == {dt.datetime(2026, 11, 30, 8, 10, tzinfo=WIB)}
