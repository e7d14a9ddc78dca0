"""When a kiosk was last seen: its last request with its key, written at most once a
minute per device (a busy kiosk makes a request every few seconds; the admin's list
needs minutes, not a write per request).

Each instance remembers when it last wrote a device's time (`KioskSightings`, one per
app); the UPDATE itself is conditional too, so several instances together still write
a device at most about once a minute.
"""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import or_, update

from server.db import Database
from server.staff.tables import KioskDeviceRow

SEEN_EVERY = dt.timedelta(minutes=1)


class KioskSightings:
    """This instance's memory of the last `last_seen_at` it wrote, per device."""

    def __init__(self) -> None:
        self._written: dict[int, dt.datetime] = {}
        self._lock = threading.Lock()

    def due(self, device_id: int, now: dt.datetime) -> bool:
        """True (and remembered as written) when the device's time is a minute old here."""
        with self._lock:
            last = self._written.get(device_id)
            if last is not None and now - last < SEEN_EVERY:
                return False
            self._written[device_id] = now
            return True


def note_seen(*, db: Database, sightings: KioskSightings, device_id: int, now: dt.datetime) -> None:
    """Record that the kiosk made a request at `now`, unless it did within the minute."""
    if not sightings.due(device_id, now):
        return
    with db.write_transaction() as session:
        session.execute(
            update(KioskDeviceRow)
            .where(KioskDeviceRow.id == device_id,
                   or_(KioskDeviceRow.last_seen_at.is_(None),
                       KioskDeviceRow.last_seen_at <= now - SEEN_EVERY))
            .values(last_seen_at=now)
        )
