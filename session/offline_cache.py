"""The last good answer of the public directory (facilities, one facility's page, a
service's quota), kept in the session's storage so the Faskes screens stay readable
when the service cannot be reached, with the time it was fetched.

And, on a device only (`Deps.keeps_tickets`: Android's own store, never the browser's
localStorage), the last known state of the tickets shown, so a weak signal in the
waiting room never leaves a spinner where the number and the QR code should be
(views/tickets/live.py). They are kept without the masked name and NIK the service
sends, under one key, the `KEPT_TICKETS` read most recently. Nothing else personal
goes here.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from api_client import ApiConnectionError
from api_client.models import Booking
from session import rembang_clock
from session.storage import ClientStorage

log = logging.getLogger(__name__)

T = TypeVar("T")

TICKETS_KEY = "cache.tickets"
KEPT_TICKETS = 20  # a family's bookings for weeks; older ones are dropped


def facilities_key() -> str:
    return "cache.facilities"


def facility_key(facility_id: str) -> str:
    return f"cache.facility.{facility_id}"


def availability_key(service_id: int) -> str:
    return f"cache.availability.{service_id}"


async def fetch_or_cached(
    storage: ClientStorage, key: str, fetch: Callable[[], Awaitable[T]], model: Any
) -> tuple[T, dt.datetime | None]:
    """``fetch()`` and remember its answer under ``key``; when the service cannot be
    reached (``ApiConnectionError``, timeouts included), the remembered answer and when
    it was fetched instead. ``fetched_at`` is None for a fresh answer. Any other
    error, and a connection error with nothing remembered, is raised as it came."""
    adapter: TypeAdapter[T] = TypeAdapter(model)
    try:
        value = await fetch()
    except ApiConnectionError:
        cached = _read(await storage.load(key), adapter, key)
        if cached is None:
            raise
        return cached
    await _save(storage, key, _entry(value, adapter))
    return value, None


def kept(booking: Booking) -> Booking:
    """What the device keeps of a booking: all but the masked name and NIK."""
    return booking.model_copy(update={"patient_name_masked": None, "nik_masked": None})


async def keep_ticket(storage: ClientStorage, booking: Booking) -> None:
    """Keep ``booking`` as read now (without the masked name and NIK), with the
    `KEPT_TICKETS - 1` other tickets read most recently."""
    tickets = await _kept_tickets(storage)
    tickets.pop(booking.booking_code, None)
    newest = sorted(tickets.items(), key=lambda item: str(item[1].get("fetched_at", "")))
    newest = newest[-(KEPT_TICKETS - 1):]
    entry = _entry(kept(booking), TypeAdapter(Booking))
    await _save(storage, TICKETS_KEY, {**dict(newest), booking.booking_code: entry})


async def kept_ticket(storage: ClientStorage, booking_code: str) -> tuple[Booking, dt.datetime] | None:
    """The booking as last read on this device, and when; None if never kept."""
    tickets = await _kept_tickets(storage)
    return _read(tickets.get(booking_code), TypeAdapter(Booking), TICKETS_KEY)


async def _kept_tickets(storage: ClientStorage) -> dict[str, dict[str, Any]]:
    tickets = await storage.load(TICKETS_KEY)
    if not isinstance(tickets, dict):
        return {}
    return {code: entry for code, entry in tickets.items() if isinstance(entry, dict)}


def _entry(value: T, adapter: TypeAdapter[T]) -> dict[str, Any]:
    return {
        "fetched_at": rembang_clock.now().isoformat(),
        "value": adapter.dump_python(value, mode="json"),
    }


async def _save(storage: ClientStorage, key: str, value: Any) -> None:
    try:
        await storage.save(key, value)
    except OSError:  # a full or read-only disk: the screen still has its answer
        log.warning("could not keep %r for offline use", key, exc_info=True)


def _read(entry: Any, adapter: TypeAdapter[T], key: str) -> tuple[T, dt.datetime] | None:
    if not isinstance(entry, dict):
        return None
    try:
        fetched_at = dt.datetime.fromisoformat(entry["fetched_at"])
        return adapter.validate_python(entry["value"]), fetched_at
    except (KeyError, TypeError, ValueError, ValidationError):  # an older app's shape
        log.info("ignoring an unreadable cached %r", key)
        return None
