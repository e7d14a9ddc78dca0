"""Where a session keeps what must outlive it: the browser's client storage on the
web, the device store (TinyDB, atomic) on Android and at the kiosk."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, Protocol

import flet as ft

from api_client.store import DeviceStore


class ClientStorage(Protocol):
    async def load(self, key: str) -> Any | None: ...

    async def save(self, key: str, value: Any) -> None: ...


class BrowserStorage:
    """`ft.SharedPreferences`: the browser's localStorage for this origin. It lasts
    across tabs and browser restarts. Keep one instance per session (Flet drops
    services nobody references)."""

    PREFIX = "lsr."

    def __init__(self) -> None:
        self._prefs = ft.SharedPreferences()

    async def load(self, key: str) -> Any | None:
        text = await self._prefs.get(self.PREFIX + key)
        return json.loads(text) if text else None

    async def save(self, key: str, value: Any) -> None:
        await self._prefs.set(self.PREFIX + key, json.dumps(value, ensure_ascii=False))


class DeviceFileStorage:
    def __init__(self, path: Path) -> None:
        self._store = DeviceStore(path)

    async def load(self, key: str) -> Any | None:
        return await asyncio.to_thread(self._store.get, key)

    async def save(self, key: str, value: Any) -> None:
        await asyncio.to_thread(self._store.set, key, value)


class MemoryStorage:
    """Keeps nothing beyond the session: the kiosk (no personal data on its disk)."""

    def __init__(self) -> None:
        self._data: dict[str, Any] = {}

    async def load(self, key: str) -> Any | None:
        return self._data.get(key)

    async def save(self, key: str, value: Any) -> None:
        self._data[key] = value
