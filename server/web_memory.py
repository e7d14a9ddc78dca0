"""Giving back what expired web sessions held.

A web session (one browser tab) keeps its controls, its state and its API client in
this process; flet lets a closed tab's session go `LSR_WEB_SESSION_TIMEOUT_SECONDS`
after the tab closed. What it held is in reference cycles (a control and its parent, a
component and its hooks), so only a full collection frees it, and Python runs one only
after many new long-lived objects: on a quiet service, the memory of forty closed tabs
stayed for good (bench/web_sessions.py). And what is freed mostly stays in the C
library's heap, not the system's.

So, some seconds after sessions have ended (one sweep for all the sessions flet lets
go at once), a full collection, then glibc's `malloc_trim(0)` (in a thread: it does not
hold the GIL); at most once a minute, on a busy instance where tabs expire all the
time. The collection pauses the event loop as long as an automatic full one would
(docs/benchmarks.md: ~100 ms of CPU with forty Faskes sessions open).
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
import logging
from collections.abc import Callable

from server.periodic import cancelled

log = logging.getLogger(__name__)


def _malloc_trim() -> Callable[[], object] | None:
    """glibc's `malloc_trim(0)`; None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        trim = ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None
    if trim is None:
        return None
    return lambda: trim(0)


class SessionMemory:
    """Started and stopped with the service; told of every web session that starts and
    ends. `held` is how many this process holds: open tabs, and closed ones flet keeps
    for the session timeout (a reloaded tab re-attaches to its session), with their API
    clients' connections and tasks (`lsr_web_sessions_held` at /metrics)."""

    def __init__(self, *, delay_seconds: float = 15.0, at_most_every_seconds: float = 60.0) -> None:
        self.delay_seconds = delay_seconds
        self.at_most_every_seconds = at_most_every_seconds
        self._ended = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._trim = _malloc_trim()
        self.held = 0

    def session_started(self) -> None:
        self.held += 1

    def session_ended(self) -> None:
        self.held -= 1
        self._ended.set()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="web-session-memory")

    async def stop(self) -> None:
        await cancelled(self._task)

    async def _run(self) -> None:
        while True:
            await self._ended.wait()
            await asyncio.sleep(self.delay_seconds)  # the others flet lets go now, and their close handlers
            self._ended.clear()
            await self.sweep()
            await asyncio.sleep(self.at_most_every_seconds - self.delay_seconds)

    async def sweep(self) -> None:
        freed = gc.collect()
        if self._trim is not None:
            await asyncio.to_thread(self._trim)
        log.info("web sessions ended: %d objects freed", freed)
