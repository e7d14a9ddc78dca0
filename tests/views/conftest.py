"""View tests run the real app in a real flet Session, against the real service
in-process (its `ApiClient` goes through `httpx.ASGITransport`)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from api_client import ApiClient
from components import ticket_advice
from session import rembang_clock
from session.settings import AppSettings
from tests.support.signal import Signal
from views.app import main_for


@pytest.fixture(params=["sqlite"])
def database_url(request, sqlite_databases):  # type: ignore[no-untyped-def]
    """Screens on SQLite only: the service's own tests cover PostgreSQL."""
    return sqlite_databases.new()


@pytest.fixture(autouse=True)
def device_clock(monkeypatch, clock):  # type: ignore[no-untyped-def]
    """The phone's clock agrees with the service's fake clock (Monday 30 November
    2026, 08:00 WIB)."""
    monkeypatch.setattr(rembang_clock, "_clock", lambda: clock.now)
    monkeypatch.setattr(ticket_advice, "now_wib", clock)
    return clock


@pytest.fixture
def app_main(app):  # type: ignore[no-untyped-def]
    """The web app's `main`, talking to the in-process service."""
    return main_for(
        AppSettings(),
        make_client=lambda: ApiClient("http://lsr.test/api", transport=httpx.ASGITransport(app)),
    )


@pytest.fixture
def signal(app) -> Signal:  # type: ignore[no-untyped-def]
    """The connection of the app under test, which a test can drop (`signal.lost`)."""
    return Signal(httpx.ASGITransport(app))


@pytest.fixture
def device(tmp_path: Path) -> Path:
    """Where the app on an Android phone keeps its store."""
    return tmp_path / "device" / "layanan-sehat-rembang.json"
