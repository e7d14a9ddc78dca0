"""A kiosk tried beside a demo system at night (`LSR_DEMO_CLOCK=08:00` for both, as the
README says): its start screen shows the services open, as the demo service has them."""

from __future__ import annotations

import pytest

from server.app import create_app
from server.settings import Settings
from session import rembang_clock
from session.settings import AppSettings
from tests.kiosk.view_support import PORTRAIT, kiosk_main
from tests.support.clock import FakeClock
from tests.views.harness import run_app

pytestmark = pytest.mark.anyio


@pytest.fixture
def evening(clock: FakeClock) -> FakeClock:
    """The real time: Monday 30 November 2026, 21:00 WIB."""
    clock.set(2026, 11, 30, 21, 0)
    return clock


@pytest.fixture
def app(settings: Settings, evening: FakeClock):  # type: ignore[no-untyped-def]
    """The demo service, started with LSR_DEMO_CLOCK=08:00."""
    at_eight = settings.model_copy(update={"demo_clock": "08:00"})
    application = create_app(at_eight, clock=at_eight.clock(real=evening))
    yield application
    application.state.lsr.db.dispose()


@pytest.fixture(autouse=True)
def kiosk_pc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rembang_clock, "_clock", rembang_clock.device_clock)  # put back after


async def open_services(app, tmp_path) -> list[str]:  # type: ignore[no-untyped-def]
    kiosk_of_lasem = kiosk_main(app, printer=f"file:{tmp_path / 'lp0'}", facility="pkm-lasem")
    async with run_app(kiosk_of_lasem, **PORTRAIT) as kiosk:
        await kiosk.wait_for(lambda: kiosk.exists(text="Layanan yang buka sekarang:"))
        await kiosk.wait_for(lambda: kiosk.exists(text="UGD"))
        shown = kiosk.find(identifier="kiosk-open-services")
        return [name for name in ("Poli Umum", "Loket Pendaftaran", "UGD")
                if kiosk.find_all(text=name, root=shown)]


async def test_a_kiosk_with_the_demo_clock_shows_the_services_open_at_night(  # type: ignore[no-untyped-def]
    app, evening, tmp_path, monkeypatch
):
    monkeypatch.setenv("LSR_DEMO_CLOCK", "08:00")
    demo_clock = AppSettings.from_env().demo_clock
    assert demo_clock == "08:00"
    rembang_clock.follow(rembang_clock.starting_at(demo_clock, real=evening))  # as main.py does
    assert await open_services(app, tmp_path) == ["Poli Umum", "Loket Pendaftaran", "UGD"]


async def test_on_its_own_clock_at_night_only_the_ugd_is_open(app, evening, tmp_path):  # type: ignore[no-untyped-def]
    rembang_clock.follow(evening)
    assert await open_services(app, tmp_path) == ["UGD"]
