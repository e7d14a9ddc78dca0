"""Live queue events inside one process: publish after commit, fan out to listeners.

Topics are `service:<id>` and `facility:<id>`. Publishing may happen on any thread
(the database work runs in FastAPI's thread pool); each listener receives on its
own event loop. A listener that falls too far behind is dropped and reconnects,
resuming from the database with `Last-Event-ID`.

`publish` fans out to this process's listeners (`deliver`), unless a relay has
set an `outbox`: then events go out through the relay, which hands every event,
this process's own included, back to `deliver` in one order for all processes.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from api_client.models import QueueEvent

MAX_BACKLOG = 1000
log = logging.getLogger(__name__)


class Listener:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.queue: asyncio.Queue[QueueEvent | None] = asyncio.Queue()
        self.dropped = False

    def _deliver(self, event: QueueEvent) -> None:
        if self.dropped:
            return
        if self.queue.qsize() >= MAX_BACKLOG:
            self.dropped = True
            self.queue.put_nowait(None)  # tells the stream to end; the client resumes
            return
        self.queue.put_nowait(event)

    async def get(self) -> QueueEvent | None:
        return await self.queue.get()


class EventBus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: dict[str, set[Listener]] = {}
        self.outbox: Callable[[list[QueueEvent]], None] | None = None
        # Run once before handing out events that include a `reconfigured` one (what a
        # listener will read then must be current: the directory, server/state.py).
        self.before_reconfigured: Callable[[], None] | None = None

    @staticmethod
    def topics(event: QueueEvent) -> tuple[str, str]:
        return f"service:{event.service_id}", f"facility:{event.facility_id}"

    @contextmanager
    def listen(self, topic: str) -> Iterator[Listener]:
        listener = Listener(asyncio.get_running_loop())
        with self._lock:
            self._listeners.setdefault(topic, set()).add(listener)
        try:
            yield listener
        finally:
            with self._lock:
                self._listeners.get(topic, set()).discard(listener)

    def publish(self, events: list[QueueEvent]) -> None:
        """Events that just committed (called in the committing thread)."""
        if not events:
            return
        if self.outbox is not None:
            self.outbox(events)
        else:
            self.deliver(events)

    def deliver(self, events: list[QueueEvent]) -> None:
        """Hand events to this process's listeners."""
        if self.before_reconfigured is not None and any(e.type == "reconfigured" for e in events):
            try:
                self.before_reconfigured()
            except Exception:  # the periodic refresh will catch up; the events still go out
                log.exception("could not read the directory again before a 'reconfigured' event")
        for event in events:
            with self._lock:
                listeners = [
                    listener
                    for topic in self.topics(event)
                    for listener in self._listeners.get(topic, ())
                ]
            for listener in listeners:
                try:
                    listener.loop.call_soon_threadsafe(listener._deliver, event)
                except RuntimeError:  # that listener's loop has closed
                    pass

    def listener_count(self) -> int:
        with self._lock:
            return sum(len(v) for v in self._listeners.values())
