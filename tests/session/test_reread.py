"""Reading again on live events (session/reread.py), without a page: a fake stream fed
by the test. Only heeded events read again; a burst reads once more at most after the
reading under way; a refused stream ends the loop and reads nothing."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import pytest

from api_client import NotFound
from api_client.models import ErrorDetail, QueueEvent
from session.reread import reconfigured, reread_on

pytestmark = pytest.mark.anyio
END = object()


def event(i: int, type: str = "reconfigured") -> QueueEvent:
    return QueueEvent(id=i, type=type, facility_id="pkm-sumber", service_id=4,  # type: ignore[arg-type]
                      service_date=dt.date(2026, 11, 30), display_number="",
                      at=dt.datetime(2026, 11, 30, 1, tzinfo=dt.UTC))


async def fed(feed: asyncio.Queue[object]) -> AsyncIterator[QueueEvent]:
    while (item := await feed.get()) is not END:
        if isinstance(item, Exception):
            raise item
        assert isinstance(item, QueueEvent)
        yield item


class Reader:
    """A reading the test lets finish, counting how many started."""

    def __init__(self) -> None:
        self.started = 0
        self.go = asyncio.Event()
        self.began = asyncio.Event()

    async def __call__(self) -> None:
        self.started += 1
        self.began.set()
        await self.go.wait()


async def test_a_burst_reads_once_and_once_more_after_the_reading_under_way():
    feed: asyncio.Queue[object] = asyncio.Queue()
    reader = Reader()
    loop = asyncio.ensure_future(reread_on(fed(feed), reconfigured, reader))
    feed.put_nowait(event(1, "called"))  # a call changes nothing shown here
    feed.put_nowait(event(2))
    await reader.began.wait()
    for i in range(3, 10):  # the rest of the facility's services, while it reads
        feed.put_nowait(event(i))
    while not feed.empty():
        await asyncio.sleep(0)
    reader.go.set()
    while reader.started < 2:
        await asyncio.sleep(0)
    for _ in range(10):
        await asyncio.sleep(0)
    assert reader.started == 2
    loop.cancel()
    await asyncio.wait([loop])


async def test_a_refused_stream_ends_the_loop_and_reads_nothing():
    feed: asyncio.Queue[object] = asyncio.Queue()
    reader = Reader()
    feed.put_nowait(NotFound(404, ErrorDetail(code="facility_not_found", message="no such facility")))
    await asyncio.wait_for(reread_on(fed(feed), reconfigured, reader), 5)
    assert reader.started == 0
