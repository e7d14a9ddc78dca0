"""Live events between several service instances on one PostgreSQL: LISTEN/NOTIFY.

Events are sent with `pg_notify` inside the transaction that causes them, so they
are delivered when (and only if) that transaction commits: all of a transaction's
events in one statement, packed as JSON arrays into payloads under PostgreSQL's
8,000-byte limit. Every instance, the one that wrote them included, listens on one
connection and hands what arrives to its own bus. On SQLite one process's bus hears
its commits itself; the worker processes of `--workers` relay through Unix
datagrams (`server.events.local_relay`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from api_client.models import QueueEvent
from server.db import Database
from server.events.bus import EventBus
from server.events.payloads import parse, payloads
from server.periodic import cancelled

if TYPE_CHECKING:
    from server.events.local_relay import SocketRelay

CHANNEL = "lsr_queue_events"
log = logging.getLogger(__name__)


def notify(*, session: Session, events: list[QueueEvent]) -> None:
    """Send `events` to every instance when this transaction commits, in one statement."""
    if events:
        session.execute(select(*(func.pg_notify(CHANNEL, p) for p in payloads(events))))


RELAY_ENV = "LSR_EVENT_RELAY"  # "socket": set by `python -m server --workers N`


def event_relay(db: Database, bus: EventBus) -> PostgresRelay | SocketRelay | None:
    """How this process hears events committed by other processes: LISTEN/NOTIFY on
    PostgreSQL; Unix datagrams between the workers of one SQLite file; or not at
    all (one process on SQLite: the bus hears every commit itself)."""
    if not db.is_sqlite:
        return PostgresRelay(db.url, bus)
    if os.environ.get(RELAY_ENV) == "socket" and db.sqlite_file:
        from server.events.local_relay import SocketRelay

        return SocketRelay(Path(f"{db.sqlite_file}.events"), bus)
    return None


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
        await cancelled(self._task)

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
                        self.bus.deliver(parse(note.payload))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - keep relaying whatever went wrong
                self.listening.clear()
                failures += 1
                log.warning("event relay lost its connection (%s); reconnecting",
                            exc.__class__.__name__)
                await asyncio.sleep(min(0.5 * 2 ** min(failures, 5), 10))
