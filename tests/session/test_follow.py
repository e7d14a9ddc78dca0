"""The one live loop (session/follow.py), without a page: a fake stream fed by the
test, a fake poll that counts. Nothing here waits on the clock: every wait is for
something the loop did."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from api_client import ApiConnectionError, NotFound
from api_client.models import ErrorDetail
from session.follow import follow, until_reached

pytestmark = pytest.mark.anyio
DROP = object()  # fed to the stream: the connection drops here


@dataclass
class Event:
    id: int


@dataclass
class Stream:
    """A stream the test feeds: ints are events, DROP drops the connection."""

    refused: bool = False
    feed: asyncio.Queue[object] = field(default_factory=asyncio.Queue)
    opened_after: list[int | None] = field(default_factory=list)
    open_now: int = 0
    closed: asyncio.Event = field(default_factory=asyncio.Event)

    async def __call__(self, since: int | None) -> AsyncIterator[Event]:
        self.opened_after.append(since)
        self.open_now += 1
        try:
            if self.refused:
                raise NotFound(404, ErrorDetail(code="facility_not_found", message="no such facility"))
            while True:
                item = await self.feed.get()
                if item is DROP:
                    raise ApiConnectionError("the connection dropped")
                assert isinstance(item, int)
                yield Event(item)
        finally:
            self.open_now -= 1
            self.closed.set()


@dataclass
class Poll:
    """A poll that answers `reachable` and counts its calls."""

    reachable: bool = True
    calls: int = 0
    called: asyncio.Event = field(default_factory=asyncio.Event)

    async def __call__(self) -> bool:
        self.calls += 1
        self.called.set()
        return self.reachable


async def until(condition, *, step=0.0) -> None:  # type: ignore[no-untyped-def]
    while not condition():
        await asyncio.sleep(step)


@pytest.fixture
async def run():  # type: ignore[no-untyped-def]
    """Start a loop as a task; cancel what is left at the end."""
    started: list[asyncio.Task[None]] = []

    def start(coro) -> asyncio.Task[None]:  # type: ignore[no-untyped-def]
        task = asyncio.ensure_future(coro)
        started.append(task)
        return task

    yield start
    for task in started:
        task.cancel()
    await asyncio.gather(*started, return_exceptions=True)


async def test_the_stream_delivers_each_event_in_order_from_where_it_resumes(run):  # type: ignore[no-untyped-def]
    stream, poll, seen = Stream(), Poll(), []
    run(follow(stream, lambda e: seen.append(e.id), poll=poll, poll_seconds=3600, resume_from=41))
    for event_id in (42, 43, 44):
        stream.feed.put_nowait(event_id)
    await asyncio.wait_for(until(lambda: len(seen) == 3), 10)
    assert seen == [42, 43, 44]
    assert stream.opened_after == [41]
    assert poll.calls == 0  # nothing asked again while the stream speaks (the poll waits an hour)


async def test_an_async_handler_is_awaited_before_the_next_event(run):  # type: ignore[no-untyped-def]
    stream, seen = Stream(), []
    gate = asyncio.Event()

    async def handle(event: Event) -> None:
        await gate.wait()
        seen.append(event.id)

    run(follow(stream, handle, poll=Poll(), poll_seconds=3600))
    stream.feed.put_nowait(1)
    stream.feed.put_nowait(2)
    await asyncio.wait_for(until(lambda: stream.feed.qsize() == 1), 10)  # 1 taken
    for _ in range(10):
        await asyncio.sleep(0)
    assert seen == []
    assert stream.feed.qsize() == 1  # 2 waits until the handler of 1 is done
    gate.set()
    await asyncio.wait_for(until(lambda: seen == [1, 2]), 10)


async def test_while_the_stream_is_down_the_poll_keeps_asking_at_the_retry_pace(run):  # type: ignore[no-untyped-def]
    stream, poll, seen = Stream(), Poll(reachable=False), []
    # An hour between polls while reachable: a poll that comes again is the retry pace.
    run(follow(stream, lambda e: seen.append(e.id), poll=poll, poll_seconds=3600,
               retry_seconds=0, poll_first=True))
    stream.feed.put_nowait(DROP)
    await asyncio.wait_for(until(lambda: poll.calls >= 3), 10)
    poll.called.clear()
    poll.reachable = True
    await asyncio.wait_for(poll.called.wait(), 10)
    settled = poll.calls
    await asyncio.sleep(0.05)
    assert poll.calls == settled  # reachable again: back to the slow pace


async def test_a_dropped_stream_reconnects_after_the_last_event_it_delivered(run):  # type: ignore[no-untyped-def]
    stream, seen = Stream(), []
    run(follow(stream, lambda e: seen.append(e.id), poll=Poll(), poll_seconds=3600,
               retry_seconds=0, resume_from=5))
    stream.feed.put_nowait(6)
    stream.feed.put_nowait(7)
    stream.feed.put_nowait(DROP)
    stream.feed.put_nowait(8)
    await asyncio.wait_for(until(lambda: seen == [6, 7, 8]), 10)
    assert stream.opened_after == [5, 7]


async def test_a_refused_stream_stays_closed_and_the_poll_goes_on(run):  # type: ignore[no-untyped-def]
    stream, poll = Stream(refused=True), Poll()
    task = run(follow(stream, lambda e: None, poll=poll, poll_seconds=0, retry_seconds=0))
    await asyncio.wait_for(until(lambda: poll.calls >= 3), 10)
    assert stream.opened_after == [None]
    assert not task.done()


async def test_cancelling_the_loop_closes_the_stream_and_stops_the_poll(run):  # type: ignore[no-untyped-def]
    stream, poll = Stream(), Poll()
    task = run(follow(stream, lambda e: None, poll=poll, poll_seconds=0))
    await asyncio.wait_for(until(lambda: stream.open_now == 1 and poll.calls >= 1), 10)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled()
    assert stream.open_now == 0
    stopped_at = poll.calls
    await asyncio.sleep(0.05)
    assert poll.calls == stopped_at


async def test_the_first_load_is_tried_until_the_service_answers() -> None:
    answers = iter([False, False, True])
    tries = 0

    async def attempt() -> bool:
        nonlocal tries
        tries += 1
        return next(answers)

    await asyncio.wait_for(until_reached(attempt, 0), 10)
    assert tries == 3
