"""Shared fixtures: a fresh seeded database per test on SQLite, and on PostgreSQL
when `TEST_DATABASE_URL` is set; the real app with a settable clock; the real
`ApiClient` talking to it in-process through `httpx.ASGITransport`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest

from api_client import ApiClient
from server.app import create_app
from server.settings import Settings
from tests.support.clock import FakeClock, wib
from tests.support.databases import PG_URL, PostgresDatabases, SqliteDatabases
from tests.support.served import as_served
from tests.support.web_build import WEB_BUILD_DIR

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]

# Fails the run when a log of it holds a NIK, BPJS or phone number (docs/domain.md).
pytest_plugins = ["tests.support.log_scan"]


ONE_MORE_TRY = 1
"""Tries more for a test that drives real processes (a browser, a service on a port:
marked `slow`) and failed. CI runs them beside each other on two shared cores, where
each full run of ~3,900 tests met one or two that a moment's starvation failed, a
different one each time (a key typed before the page took it, a service that stopped
answering), each passing alone and on the next try. A failure that comes again fails
the run; every retried test is named in the run's summary ("rerun test summary info",
`-raR` in pyproject.toml), so none goes unseen. The fast in-process layers (domain,
api, views) get no second try."""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("slow") or "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.flaky(reruns=ONE_MORE_TRY))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def sqlite_databases(tmp_path_factory: pytest.TempPathFactory) -> SqliteDatabases:
    return SqliteDatabases(tmp_path_factory.mktemp("sqlite"))


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases]:
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set (PostgreSQL tests run in CI)")
    databases = PostgresDatabases(PG_URL)
    yield databases
    databases.close()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated, seeded database of its own for this test, on each backend."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_databases").new()
        return
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    url = databases.new()
    yield url
    databases.drop(url)


@pytest.fixture
def clock() -> FakeClock:
    """Monday 30 November 2026, 08:00 WIB: every puskesmas is open."""
    return FakeClock(wib(2026, 11, 30, 8, 0))


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path,
        web_build_dir=WEB_BUILD_DIR,  # one build for every test (tests/support/web_build.py)
        secret_key="test-secret-for-layanan-sehat-rembang-0001",
        demo=True,
        rate_limits=False,  # tests/api/test_rate_limits.py turns them on
        # The helpers book for many patients with one phone: tests/api/test_booking_limits.py
        # sets the real limits.
        max_active_bookings_per_phone=1000,
        max_active_bookings_per_nik=1000,
    )


@pytest.fixture
def app(settings: Settings, clock: FakeClock):  # type: ignore[no-untyped-def]
    application = create_app(settings, clock=clock)
    yield application
    application.state.lsr.db.dispose()


@pytest.fixture
async def make_client(app) -> AsyncIterator[Callable[..., ApiClient]]:  # type: ignore[no-untyped-def]
    """ApiClients on the app, in-process, as uvicorn serves it (`forwarded_for` is the
    client address nginx would name); each may carry its own kiosk key or login."""
    clients: list[ApiClient] = []

    def make(**kwargs: object) -> ApiClient:
        client = ApiClient(
            "http://lsr.test/api", transport=httpx.ASGITransport(as_served(app)), **kwargs  # type: ignore[arg-type]
        )
        clients.append(client)
        return client

    yield make
    for api in clients:
        await api.close()


@pytest.fixture
def client(make_client: Callable[..., ApiClient]) -> ApiClient:
    return make_client()
