"""Where a session keeps what must outlive it: the browser's client storage on the
web, the device store (TinyDB, atomic) on Android and at the kiosk."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any, Protocol

import flet as ft

from api_client.store import DeviceStore

log = logging.getLogger(__name__)


class ClientStorage(Protocol):
    async def load(self, key: str) -> Any | None: ...

    async def save(self, key: str, value: Any) -> None: ...

    async def remove(self, key: str) -> None: ...


class BrowserStorage:
    """`ft.SharedPreferences`: the browser's localStorage for this origin. It lasts
    across tabs and browser restarts. Keep one instance per session (Flet drops
    services nobody references)."""

    PREFIX = "lsr."
    # Flet waits forever for a client's answer. A browser that has just (re)connected
    # may not have registered the service yet and never answers the first call: ask
    # again, and after that start with the defaults rather than a blank page.
    ATTEMPTS = 3
    TIMEOUT_SECONDS = 3.0

    def __init__(self) -> None:
        self._prefs = ft.SharedPreferences()

    async def load(self, key: str) -> Any | None:
        for _ in range(self.ATTEMPTS):
            try:
                text = await asyncio.wait_for(self._prefs.get(self.PREFIX + key), self.TIMEOUT_SECONDS)
            except TimeoutError:
                continue
            return json.loads(text) if isinstance(text, str) and text else None
        log.warning("browser storage did not answer for %r; starting with defaults", key)
        return None

    async def save(self, key: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False)
        try:
            await asyncio.wait_for(self._prefs.set(self.PREFIX + key, text), self.TIMEOUT_SECONDS)
        except TimeoutError:
            log.warning("browser storage did not answer while saving %r", key)

    async def remove(self, key: str) -> None:
        try:
            await asyncio.wait_for(self._prefs.remove(self.PREFIX + key), self.TIMEOUT_SECONDS)
        except TimeoutError:
            log.warning("browser storage did not answer while removing %r", key)


class DeviceFileStorage:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._store = DeviceStore(path)

    @property
    def store(self) -> DeviceStore:
        """The device store itself, for what needs it synchronously (the outbox)."""
        return self._store

    async def load(self, key: str) -> Any | None:
        return await asyncio.to_thread(self._store.get, key)

    async def save(self, key: str, value: Any) -> None:
        await asyncio.to_thread(self._store.set, key, value)

    async def remove(self, key: str) -> None:
        await asyncio.to_thread(self._store.remove, key)

    @property
    def folder(self) -> Path:
        """The app's private folder the store is in."""
        return self._path.parent


class MemoryStorage:
    """Keeps nothing beyond the session: the kiosk (no personal data on its disk)."""

    def __init__(self) -> None:
        self._data: dict[str, Any] = {}

    async def load(self, key: str) -> Any | None:
        return self._data.get(key)

    async def save(self, key: str, value: Any) -> None:
        self._data[key] = value

    async def remove(self, key: str) -> None:
        self._data.pop(key, None)
