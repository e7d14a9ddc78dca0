"""A job an instance repeats in the background while it serves (an asyncio task in
the app's lifespan): reading the directory and keys again, purging old records."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


async def cancelled(task: asyncio.Task[None] | None) -> None:
    """Stop a background task of the lifespan and wait until it has (None: never started)."""
    if task:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


class Periodic:
    def __init__(self, name: str, job: Callable[[], object], *, every_seconds: float) -> None:
        self.name = name
        self.job = job
        self.every_seconds = every_seconds
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        await cancelled(self._task)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.every_seconds)
            try:
                await asyncio.to_thread(self.job)
            except Exception:  # a database that is briefly away: try again next time
                log.warning("%s failed; trying again in %s s", self.name, self.every_seconds,
                            exc_info=True)
