"""An app that has served and ended is freed with everything it held (its database
engine, caches, bus): a process that builds many apps (the test run builds thousands)
does not keep them all."""

from __future__ import annotations

import asyncio
import gc
import weakref

import httpx
import pytest
from fastapi import FastAPI

from api_client import ApiClient
from server.app import create_app
from server.settings import Settings
from tests.api.helpers import book, service_id
from tests.support.clock import FakeClock
from tests.support.served import as_served

pytestmark = pytest.mark.anyio


async def serve_a_little(app: FastAPI) -> None:
    """A booking (a commit that publishes on the bus) and a metrics scrape."""
    async with ApiClient("http://lsr.test/api", transport=httpx.ASGITransport(as_served(app))) as client:
        await book(client, await service_id(client, code="poli-umum"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://lsr.test") as web:
        assert (await web.get("/metrics")).status_code == 200


async def collected(ref: weakref.ref[object], turns: int = 20) -> bool:
    """Whether the object is gone once the event loop has run what the app's ending left
    it (on a busy machine the PostgreSQL relay's cancellation still holds it for one
    turn): a few turns, not a wait for a time."""
    for _ in range(turns):
        gc.collect()
        if ref() is None:
            return True
        await asyncio.sleep(0)
    return False


async def test_an_ended_app_is_freed(settings: Settings, clock: FakeClock) -> None:
    app = create_app(settings, clock=clock)
    await serve_a_little(app)
    state = weakref.ref(app.state.lsr)
    engine = weakref.ref(app.state.lsr.db.engine)
    app.state.lsr.db.dispose()
    del app
    assert await collected(state), "the app's state outlived it"
    assert await collected(engine), "the app's database engine outlived it"
