"""A closed tab's session, once flet lets it go: its API client is closed, and the
service is told (server/web_memory.py frees what the session held, and counts the
sessions it holds: `lsr_web_sessions_held`)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from api_client import ApiClient
from server.web_memory import SessionMemory
from session.settings import AppSettings
from tests.views.harness import run_app
from views.app import main_for

pytestmark = pytest.mark.anyio


async def test_the_end_of_a_session_closes_its_client_and_tells_the_service(app):  # type: ignore[no-untyped-def]
    clients: list[ApiClient] = []
    ended: list[bool] = []

    def make_client() -> ApiClient:
        clients.append(ApiClient("http://lsr.test/api", transport=httpx.ASGITransport(app)))
        return clients[-1]

    memory = SessionMemory()

    def session_ended() -> None:
        ended.append(clients[0]._http._client.is_closed)
        memory.session_ended()

    main = main_for(AppSettings(), make_client=make_client, on_session_start=memory.session_started,
                    on_session_end=session_ended)
    assert memory.held == 0
    async with run_app(main, route="/") as harness:
        await harness.wait_for(lambda: harness.exists(text="Ambil Nomor"))
        assert ended == [] and memory.held == 1
    for _ in range(100):
        if ended:
            break
        await asyncio.sleep(0.02)
    assert ended == [True]  # told once, after its client was closed
    assert memory.held == 0
