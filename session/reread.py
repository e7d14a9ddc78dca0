"""Read a screen's data again when the live stream says it changed.

    use_reread(lambda: client.facilities.events(facility_id), changed, loaded.reload,
               [facility_id])

While the component is mounted it follows the stream (the api_client's stream
reconnects by itself after a drop and resumes after the last event); an event that
`heed` accepts makes one quiet `reread`. A burst (a facility's change comes as one
`reconfigured` event per service) reads once, and once more if events came while it
was reading. A stream the service refuses (no such facility) just ends: the screen
keeps what it shows.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from api_client import ApiError
from api_client.models import QueueEvent
from session.follow import use_task


def reconfigured(event: QueueEvent) -> bool:
    """The service's or facility's directory entry, doctors or absences changed."""
    return event.type == "reconfigured"


async def reread_on(
    events: AsyncIterator[QueueEvent], heed: Callable[[QueueEvent], bool],
    reread: Callable[[], Awaitable[object]],
) -> None:
    """Until cancelled (or the stream is refused): `reread` after heeded events."""
    wanted = asyncio.Event()

    async def reader() -> None:
        while True:
            await wanted.wait()
            wanted.clear()
            await reread()

    async with asyncio.TaskGroup() as group:
        reading = group.create_task(reader())
        try:
            async for event in events:
                if heed(event):
                    wanted.set()
        except ApiError:
            pass  # refused: will not heal; what is shown stays
        reading.cancel()


def use_reread(
    stream: Callable[[], AsyncIterator[QueueEvent]] | None, heed: Callable[[QueueEvent], bool],
    reread: Callable[[], Awaitable[object]], dependencies: list[Any],
) -> None:
    """`reread_on` while mounted, again when a dependency changes; `stream` None: not
    yet (e.g. the service is not known yet)."""

    async def run() -> None:
        if stream is not None:
            await reread_on(stream(), heed, reread)

    use_task(run, dependencies)
