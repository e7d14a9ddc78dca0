"""The one live loop every face follows a queue with: the service's server-sent events,
and a slow poll beside them.

    await follow(
        lambda since: client.facilities.events(facility_id, last_event_id=since),
        board.apply, poll=board.refresh, poll_seconds=15.0, retry_seconds=5.0,
        resume_from=board.resume_from,
    )

- **stream**: each event goes to `on_event` as it comes (a call shows within a second);
- **resume**: the stream opens after `resume_from`, and after a drop it opens again after
  the last event seen (the api_client's stream already reconnects by itself; this loop
  opens a stream again only if one ends);
- **poll fallback**: every `poll_seconds` the face reads its state again, which notices a
  lost connection (the poll says `False`) and catches up on what the stream missed; while
  unreachable it asks every `retry_seconds`. A stream the service refuses (`404`: no
  such facility) stays closed; the poll goes on;
- **reconnect**: a stream that ended or lost its connection is opened again after
  `retry_seconds`.

`use_task` runs such a loop as a component's effect and cancels it when the component
unmounts (or its dependencies change). Nothing here needs a page: the loop is plain
asyncio.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Protocol, TypeVar

import flet as ft
from flet.components.hooks.use_ref import MutableRef

from api_client import ApiConnectionError, ApiError


class _Event(Protocol):
    @property
    def id(self) -> int: ...


E = TypeVar("E", bound=_Event)
Stream = Callable[[int | None], AsyncIterator[E]]
"""Opens the event stream after the given event id (None: from now)."""
Poll = Callable[[], Awaitable[bool | None]]
"""Reads the state again; `False` when the service could not be reached."""


async def follow(
    stream: Stream[E],
    on_event: Callable[[E], Awaitable[object] | object],
    *,
    poll: Poll,
    poll_seconds: float,
    retry_seconds: float | None = None,
    resume_from: int | None = None,
    poll_first: bool = False,
) -> None:
    """Follow `stream` and poll beside it until cancelled. `poll_first`: poll once at
    once, before the first wait. `retry_seconds` (default `poll_seconds`): the wait
    after a poll that could not reach the service, and before a stream opens again."""
    retry = poll_seconds if retry_seconds is None else retry_seconds
    async with asyncio.TaskGroup() as group:
        group.create_task(_listen(stream, on_event, resume_from, retry))
        group.create_task(_poll(poll, poll_seconds, retry, poll_first))


async def until_reached(attempt: Callable[[], Awaitable[bool]], retry_seconds: float) -> None:
    """Try `attempt` until it says the service answered, every `retry_seconds`."""
    while not await attempt():
        await asyncio.sleep(retry_seconds)


async def _listen(
    stream: Stream[E],
    on_event: Callable[[E], Awaitable[object] | object],
    since: int | None,
    retry_seconds: float,
) -> None:
    while True:
        try:
            async for event in stream(since):
                since = event.id
                done = on_event(event)
                if inspect.isawaitable(done):
                    await done
        except ApiConnectionError:
            pass  # the poll says so on the screen; open again below
        except ApiError:
            return  # refused (e.g. no such facility): will not heal; the poll goes on
        await asyncio.sleep(retry_seconds)


async def _poll(poll: Poll, poll_seconds: float, retry_seconds: float, first: bool) -> None:
    reachable = await poll() is not False if first else True
    while True:
        await asyncio.sleep(poll_seconds if reachable else retry_seconds)
        reachable = await poll() is not False


def use_task(
    run: Callable[[], Awaitable[object]],
    dependencies: list[Any],
    *,
    on_stop: Callable[[], object] | None = None,
) -> None:
    """Run `run` while the component is mounted, again when a dependency changes, and
    cancel it on unmount (then call `on_stop`). The task is kept in a ref: Flet runs
    the cleanup of the *new* render on a dependency change (docs/flet-notes.md)."""
    task: MutableRef[asyncio.Task[Any]] = ft.use_ref(None)

    async def start() -> None:
        task.current = asyncio.current_task()
        try:
            await run()
        except* RuntimeError:
            pass  # the session's client was closed: the tab is gone

    def stop() -> None:
        running = task.current
        task.current = None
        if running is not None and not running.done():
            running.cancel()
        if on_stop is not None:
            on_stop()

    ft.use_effect(start, dependencies, cleanup=stop)
