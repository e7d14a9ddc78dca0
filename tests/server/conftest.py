"""Fixtures of the tests that run real service processes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.databases import PG_URL, PostgresDatabases
from tests.support.live_server import LiveServer, instances_on


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def live_database(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The database of one real service process: None for its embedded SQLite."""
    if request.param == "sqlite":
        yield None  # the embedded default under the data folder
        return
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    url = databases.new()
    yield url
    databases.drop(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def two_instances(request: pytest.FixtureRequest, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[LiveServer, LiveServer]]:
    """Two service processes on one database, each reading the directory and the key
    generations again every half second."""
    if request.param == "postgres" and not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    databases: PostgresDatabases | None = (
        request.getfixturevalue("postgres_databases") if request.param == "postgres" else None
    )
    url = databases.new() if databases else f"sqlite:///{tmp_path / 'shared.db'}"
    monkeypatch.setitem(os.environ, "LSR_DIRECTORY_REFRESH_SECONDS", "0.5")
    with instances_on(url, tmp_path) as servers:
        yield servers
    if databases:
        databases.drop(url)
