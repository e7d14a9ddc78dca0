"""The client address of a real `python -m server`: uvicorn takes it from
`X-Forwarded-For` only when the connection comes from nginx's place (127.0.0.1), the
last address nginx appended; from anywhere else the header is ignored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.live_server import LiveServer

CLERK = "loket.pkm-sumber"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path)
    live.start()
    yield live
    live.stop()


def statuses(http: httpx.Client, forwarded: list[str]) -> list[int]:
    return [http.post("/auth/login", json={"username": CLERK, "password": "salah"},
                      headers={"X-Forwarded-For": value}).status_code for value in forwarded]


def test_behind_nginx_each_visitor_counts_and_nobody_else_chooses_an_address(server: LiveServer):
    with httpx.Client(base_url=server.api_url) as nginx:  # on this host: 127.0.0.1
        # nginx appends the visitor's address to whatever the visitor sent
        visitors = [f"203.0.113.9, 10.8.0.{n}" for n in range(7)]
        assert statuses(nginx, visitors) == [401] * 7  # seven visitors, one try each
    elsewhere = httpx.HTTPTransport(local_address="127.0.0.2")  # not the proxy
    with httpx.Client(base_url=server.api_url, transport=elsewhere) as direct:
        assert statuses(direct, [f"10.8.1.{n}" for n in range(6)]) == [401] * 5 + [429]
