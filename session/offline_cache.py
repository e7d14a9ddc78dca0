"""The last good answer of the public directory (facilities, one facility's page, a
service's quota), kept in the session's storage so the Faskes screens stay readable
when the service cannot be reached, with the time it was fetched.

And, on a device only (`Deps.keeps_tickets`: Android's own store, never the browser's
localStorage), the last known state of each ticket shown, so a weak signal in the
waiting room never leaves a spinner where the number and the QR code should be
(views/tickets/live.py). It is kept without the masked name and NIK the service sends.
Nothing else personal goes here.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from api_client import ApiConnectionError
from session import rembang_clock
from session.storage import ClientStorage

log = logging.getLogger(__name__)

T = TypeVar("T")


def facilities_key() -> str:
    return "cache.facilities"


def facility_key(facility_id: str) -> str:
    return f"cache.facility.{facility_id}"


def availability_key(service_id: int) -> str:
    return f"cache.availability.{service_id}"


def ticket_key(booking_code: str) -> str:
    return f"cache.ticket.{booking_code}"


async def fetch_or_cached(
    storage: ClientStorage, key: str, fetch: Callable[[], Awaitable[T]], model: Any
) -> tuple[T, dt.datetime | None]:
    """``fetch()`` and remember its answer under ``key``; when the service cannot be
    reached (``ApiConnectionError``, timeouts included), the remembered answer and when
    it was fetched instead. ``fetched_at`` is None for a fresh answer. Any other
    error, and a connection error with nothing remembered, is raised as it came."""
    try:
        value = await fetch()
    except ApiConnectionError:
        cached = await remembered(storage, key, model)
        if cached is None:
            raise
        return cached
    await remember(storage, key, value, model)
    return value, None


async def remember(storage: ClientStorage, key: str, value: T, model: Any) -> None:
    """Keep ``value`` (of type ``model``) under ``key`` with the time it was fetched:
    now."""
    adapter: TypeAdapter[T] = TypeAdapter(model)
    entry = {
        "fetched_at": rembang_clock.now().isoformat(),
        "value": adapter.dump_python(value, mode="json"),
    }
    try:
        await storage.save(key, entry)
    except OSError:  # a full or read-only disk: the screen still has its answer
        log.warning("could not keep %r for offline use", key, exc_info=True)


async def remembered(
    storage: ClientStorage, key: str, model: Any
) -> tuple[Any, dt.datetime] | None:
    """What was kept under ``key`` and when it was fetched; None if nothing (readable)."""
    adapter: TypeAdapter[Any] = TypeAdapter(model)
    entry = await storage.load(key)
    if not isinstance(entry, dict):
        return None
    try:
        fetched_at = dt.datetime.fromisoformat(entry["fetched_at"])
        return adapter.validate_python(entry["value"]), fetched_at
    except (KeyError, TypeError, ValueError, ValidationError):  # an older app's shape
        log.info("ignoring an unreadable cached %r", key)
        return None
