"""Live events between several service instances on one PostgreSQL: LISTEN/NOTIFY.

An event is sent with `pg_notify` inside the transaction that causes it, so it is
delivered when (and only if) that transaction commits. Every instance, the one that
wrote it included, listens on one connection and hands what arrives to its own bus.
On SQLite (one process) events go to the bus straight after commit instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import psycopg
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from api_client.models import QueueEvent
from server.events.bus import EventBus

CHANNEL = "lsr_queue_events"
log = logging.getLogger(__name__)


def notify(session: Session, event: QueueEvent) -> None:
    """Send `event` to every instance when this transaction commits."""
    session.execute(select(func.pg_notify(CHANNEL, event.model_dump_json())))


class PostgresRelay:
    """Listens for NOTIFY and publishes to the local bus; reconnects by itself."""

    def __init__(self, database_url: str, bus: EventBus) -> None:
        self.conninfo = make_url(database_url).set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        self.bus = bus
        self.listening = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="lsr-event-relay")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.listening.wait(), timeout=10)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        failures = 0
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self.conninfo, autocommit=True
                ) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    failures = 0
                    async for note in conn.notifies():
                        self.bus.publish([QueueEvent.model_validate_json(note.payload)])
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - keep relaying whatever went wrong
                self.listening.clear()
                failures += 1
                log.warning("event relay lost its connection (%s); reconnecting",
                            exc.__class__.__name__)
                await asyncio.sleep(min(0.5 * 2 ** min(failures, 5), 10))
