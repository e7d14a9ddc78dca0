"""The TV against a real server process over real HTTP, where the live event stream
flows (over `httpx.ASGITransport` it is buffered): a call shows as it happens, and
after the server is killed and started again the TV catches up by itself."""

from __future__ import annotations

import asyncio
import gc
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from api_client import ApiClient, new_idempotency_key
from session.settings import AppSettings
from tests.support.live_server import LiveServer
from tests.views.harness import run_app
from views.app import main_for

pytestmark = [pytest.mark.anyio, pytest.mark.slow]
LASEM = "pkm-lasem"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path)
    live.start()
    yield live
    live.stop()


def shown(app, identifier: str) -> str:  # type: ignore[no-untyped-def]
    return " ".join(app.texts(root=app.find(identifier=identifier)))


async def test_a_call_shows_live_and_the_tv_outlives_a_server_restart(server):  # type: ignore[no-untyped-def]
    made: list[ApiClient] = []

    def tv_client() -> ApiClient:
        made.append(ApiClient(server.api_url))
        return made[-1]

    tv_main = main_for(AppSettings(api_url=server.api_url), make_client=tv_client)
    async with ApiClient(server.api_url, kiosk_key=f"demo-kiosk-{LASEM}") as kiosk, \
            ApiClient(server.api_url) as console:
        await console.staff.login(f"poli.{LASEM}", "rembang-demo")
        ugd = next(s.id for s in (await kiosk.facilities.get(LASEM)).services if s.code == "ugd")

        async def call() -> str:
            await kiosk.bookings.walk_in(service_id=ugd, idempotency_key=new_idempotency_key())
            called = await console.staff.call_next(ugd, counter="Ruang 1")
            assert called is not None
            return called.display_number

        async with run_app(tv_main, route=f"/display/{LASEM}", width=1920, height=1080) as app:
            await app.wait_for(lambda: app.exists(identifier="now-ugd"), timeout=10)
            await asyncio.sleep(0.5)  # the stream is open
            number = await call()
            # How soon, in a browser: bench/call_to_tv.py.
            await app.wait_for(lambda: shown(app, "now-ugd") == number, timeout=10, interval=0.005)

            await asyncio.to_thread(server.kill_9)
            await app.wait_for(lambda: app.exists(identifier="display-offline"), timeout=30)
            await asyncio.to_thread(server.start)
            await console.staff.login(f"poli.{LASEM}", "rembang-demo")
            number = await call()
            await app.wait_for(lambda: shown(app, "now-ugd") == number, timeout=30)
            await app.wait_for(lambda: not app.exists(identifier="display-offline"), timeout=30)
            await app.navigate("/")  # the TV leaves the screen: its stream closes
        for client in made:  # the TV's own connection (a closed tab closes it)
            await client.close()
    # Requests cancelled mid-flight when the TV left the screen leave their sockets to
    # the garbage collector (httpcore drops a cancelled request's connection from its
    # pool without closing it): reclaim them here, not in some later test.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
