"""Each instance keeps the facility directory (hours, services, closures) in memory.
An admin's change (a closure announcement) reloads it at once on the instance that
took it; the others read it again every `LSR_DIRECTORY_REFRESH_SECONDS`, so with
several instances a closure closes booking everywhere within that time."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from server.state import AppState

log = logging.getLogger(__name__)


class DirectoryRefresher:
    def __init__(self, state: AppState) -> None:
        self.state = state
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="directory-refresh")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        interval = self.state.settings.directory_refresh_seconds
        while True:
            await asyncio.sleep(interval)
            try:
                await asyncio.to_thread(self.state.reload_directory)
            except Exception:  # a database that is briefly away: keep the last directory
                log.warning("directory refresh failed; keeping the last one", exc_info=True)
