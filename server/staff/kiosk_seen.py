"""When a kiosk was last seen: its last request with its key (`X-Kiosk-Key`), on any
path, the public reads an idle kiosk makes every minute included, written at most
once a minute per device (a busy kiosk makes a request every few seconds; the admin's
list needs minutes, not a write per request).

Each instance remembers when it last saw each enrolled kiosk (`KioskSightings`, one
per app), so a request within the minute costs nothing. Otherwise the key's device is
looked up (a read: a made-up key never takes the write lock) and its time written by a
conditional UPDATE, so several instances together still write a device at most about
once a minute. Only a key of an enrolled, not revoked device is remembered: a flood of
made-up keys leaves the memory as it was (each costs the read its sign-in costs anyway).
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
    """This instance's memory of when it last saw each enrolled kiosk (by its key's hash)."""

    def __init__(self) -> None:
        self._seen: dict[str, dt.datetime] = {}
        self._lock = threading.Lock()

    def due(self, key_hash: str, now: dt.datetime) -> bool:
        """True when the key's kiosk was not seen here within the minute (or never)."""
        with self._lock:
            last = self._seen.get(key_hash)
            return last is None or now - last >= SEEN_EVERY

    def remember(self, key_hash: str, now: dt.datetime) -> None:
        """The kiosk of `key_hash` (an enrolled one: `note_seen` found it) was seen at `now`."""
        with self._lock:
            if key_hash not in self._seen and len(self._seen) >= REMEMBERED:
                self._seen.clear()
            self._seen[key_hash] = now

    def __len__(self) -> int:
        with self._lock:
            return len(self._seen)


def note_seen(*, db: Database, key_hash: str, now: dt.datetime) -> bool:
    """Record that the active kiosk of `key_hash` made a request at `now`, unless it
    did within the minute; whether `key_hash` is the key of an active kiosk."""
    with db.read() as session:
        device_id = session.scalar(select(KioskDeviceRow.id).where(
            KioskDeviceRow.key_hash == key_hash, KioskDeviceRow.active.is_(True)))
    if device_id is None:
        return False
    with db.write_transaction() as session:
        session.execute(
            update(KioskDeviceRow)
            .where(KioskDeviceRow.id == device_id,
                   or_(KioskDeviceRow.last_seen_at.is_(None),
                       KioskDeviceRow.last_seen_at <= now - SEEN_EVERY))
            .values(last_seen_at=now)
        )
    return True


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
                if self.sightings.due(key_hash, now) and await run_in_threadpool(
                    note_seen, db=self.db, key_hash=key_hash, now=now
                ):
                    self.sightings.remember(key_hash, now)
        await self.app(scope, receive, send)
