"""When a kiosk was last seen: its last request with its key (`X-Kiosk-Key`), on any
path, the public reads an idle kiosk makes every minute included, written at most
once a minute per device (a busy kiosk makes a request every few seconds; the admin's
list needs minutes, not a write per request).

Each instance remembers when it last looked at a key (`KioskSightings`, one per app),
so a request within the minute costs nothing. Otherwise the key's device is looked up
(a read: a made-up key never takes the write lock) and its time written by a
conditional UPDATE, so several instances together still write a device at most about
once a minute.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from sqlalchemy import or_, select, update
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from server.db import Database
from server.seed.load import kiosk_key_hash
from server.staff.tables import KioskDeviceRow

SEEN_EVERY = dt.timedelta(minutes=1)
REMEMBERED = 10_000  # keys remembered per instance; past that the memory starts afresh


class KioskSightings:
    """This instance's memory of when it last looked at each key (by its hash)."""

    def __init__(self) -> None:
        self._looked: dict[str, dt.datetime] = {}
        self._lock = threading.Lock()

    def due(self, key_hash: str, now: dt.datetime) -> bool:
        """True (and remembered) when the key was not looked at here within the minute."""
        with self._lock:
            last = self._looked.get(key_hash)
            if last is not None and now - last < SEEN_EVERY:
                return False
            if len(self._looked) >= REMEMBERED:
                self._looked.clear()
            self._looked[key_hash] = now
            return True


def note_seen(*, db: Database, key_hash: str, now: dt.datetime) -> None:
    """Record that the active kiosk of `key_hash` made a request at `now`, unless it
    did within the minute."""
    with db.read() as session:
        device_id = session.scalar(select(KioskDeviceRow.id).where(
            KioskDeviceRow.key_hash == key_hash, KioskDeviceRow.active.is_(True)))
    if device_id is None:
        return
    with db.write_transaction() as session:
        session.execute(
            update(KioskDeviceRow)
            .where(KioskDeviceRow.id == device_id,
                   or_(KioskDeviceRow.last_seen_at.is_(None),
                       KioskDeviceRow.last_seen_at <= now - SEEN_EVERY))
            .values(last_seen_at=now)
        )


class KioskSeen:
    """ASGI middleware of the API: notes the kiosk of a request's `X-Kiosk-Key`."""

    def __init__(self, app: ASGIApp, *, db: Database, sightings: KioskSightings,
                 clock: Callable[[], dt.datetime]) -> None:
        self.app, self.db, self.sightings, self.clock = app, db, sightings, clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            key = next((v for k, v in scope["headers"] if k == b"x-kiosk-key"), None)
            if key:
                now = self.clock()
                key_hash = kiosk_key_hash(key.decode("latin-1"))
                if self.sightings.due(key_hash, now):
                    await run_in_threadpool(note_seen, db=self.db, key_hash=key_hash, now=now)
        await self.app(scope, receive, send)
