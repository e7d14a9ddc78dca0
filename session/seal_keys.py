"""Where the key that seals the saved patients lives (docs/privacy.md says what each
place protects against, and what not).

- Android: the phone's keystore through flet-secure-storage (flutter_secure_storage:
  the key is wrapped by a key that stays in the Android Keystore); where that does not
  answer, a key file readable by this app alone (0600) in the app's private folder.
- Web: a key the service hands the browser in an HttpOnly cookie on the websocket's
  handshake (server/browser_key_cookie.py), never kept by the service; the sealed
  box stays in localStorage. Either alone opens nothing.
- Kiosk: a key for this session only (nothing personal is kept there anyway).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import logging
import os
from collections.abc import Awaitable
from contextvars import ContextVar
from pathlib import Path
from typing import Protocol, TypeVar

import flet as ft

from session.seal import KEY_BYTES, new_key
from session.storage import BrowserStorage, ClientStorage, DeviceFileStorage

log = logging.getLogger(__name__)
T = TypeVar("T")

BROWSER_KEY: ContextVar[bytes | None] = ContextVar("lsr_browser_key", default=None)
"""The key of the browser this session's websocket came from: set by the service for
the duration of the connection, so the session's `main` (a task started inside it)
reads it once."""


class KeyUnavailable(RuntimeError):
    """This place cannot give or keep a key now."""


class KeyHolder(Protocol):
    name: str

    async def read(self) -> bytes | None: ...

    async def create(self) -> bytes: ...

    async def destroy(self) -> None: ...


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode("ascii")


def decode_key(text: object) -> bytes | None:
    """A key written by `encode_key`, or None for anything else."""
    if not isinstance(text, str):
        return None
    try:
        key = base64.urlsafe_b64decode(text.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError):
        return None
    return key if len(key) == KEY_BYTES else None


class GivenKey:
    """A key that exists outside the app's reach: the browser's (web), or one for this
    session alone (kiosk). Destroying it is up to its owner."""

    def __init__(self, name: str, key: bytes | None) -> None:
        self.name = name
        self._key = key

    async def read(self) -> bytes | None:
        return self._key

    async def create(self) -> bytes:
        if self._key is None:
            raise KeyUnavailable(f"no {self.name} key in this session")
        return self._key

    async def destroy(self) -> None:
        return None


class SecretStore(Protocol):
    """What flet_secure_storage.SecureStorage offers (and a test's fake)."""

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str) -> None: ...

    async def remove(self, key: str) -> None: ...


class KeystoreKey:
    """The key in the phone's secure storage (Android Keystore-backed)."""

    name = "keystore"
    ENTRY = "lsr.patients-key"
    TIMEOUT_SECONDS = 5.0

    def __init__(self, store: SecretStore) -> None:
        self._store = store

    async def read(self) -> bytes | None:
        text = await self._ask(self._store.get(self.ENTRY))
        key = decode_key(text)
        if text is not None and key is None:
            raise KeyUnavailable("the keystore holds something that is not a key")
        return key

    async def create(self) -> bytes:
        key = new_key()
        await self._ask(self._store.set(self.ENTRY, encode_key(key)))
        if await self.read() != key:  # a store that takes writes and keeps nothing
            raise KeyUnavailable("the keystore did not keep the key")
        return key

    async def destroy(self) -> None:
        with contextlib.suppress(KeyUnavailable):
            await self._ask(self._store.remove(self.ENTRY))

    async def _ask(self, call: Awaitable[T]) -> T:
        """The answer, or KeyUnavailable: a build without the extension, or a phone
        whose keystore fails, never answers or raises."""
        try:
            return await asyncio.wait_for(call, self.TIMEOUT_SECONDS)
        except Exception as exc:
            raise KeyUnavailable(f"the keystore did not answer: {exc!r}") from exc


class KeyFile:
    """The key in a file only this app may read (0600, in the app's private folder)."""

    name = "file"

    def __init__(self, path: Path) -> None:
        self.path = path

    async def read(self) -> bytes | None:
        return await asyncio.to_thread(self._read)

    async def create(self) -> bytes:
        key = new_key()
        await asyncio.to_thread(self._write, key)
        return key

    async def destroy(self) -> None:
        await asyncio.to_thread(self.path.unlink, missing_ok=True)

    def _read(self) -> bytes | None:
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise KeyUnavailable(f"cannot read {self.path.name}: {exc}") from exc
        key = decode_key(text)
        if key is None:
            raise KeyUnavailable(f"{self.path.name} holds no key")
        return key

    def _write(self, key: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_name(self.path.name + ".tmp")
        temp.unlink(missing_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(encode_key(key))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, self.path)


class KeyRing:
    """The places a key may be, best first. A box names the place its key came from,
    so it is opened from there; a new key goes to the first place that keeps it."""

    def __init__(self, *holders: KeyHolder) -> None:
        self._holders = {holder.name: holder for holder in holders}

    async def key_in(self, name: str) -> bytes | None:
        holder = self._holders.get(name)
        if holder is None:
            return None
        try:
            return await holder.read()
        except KeyUnavailable as exc:
            log.warning("the %s key cannot be read: %s", name, exc)
            return None

    async def key_to_seal(self) -> tuple[str, bytes]:
        for name, holder in self._holders.items():
            try:
                return name, await holder.read() or await holder.create()
            except KeyUnavailable as exc:
                log.warning("no key in %s: %s; trying the next place", name, exc)
        raise KeyUnavailable("no place on this device can keep a key")

    async def destroy_all(self) -> None:
        """Nothing is sealed any more: no key stays behind (a copy of an old box, in a
        phone's backup, then opens for no one)."""
        for holder in self._holders.values():
            await holder.destroy()


def key_ring_for(page: ft.Page, storage: ClientStorage) -> KeyRing:
    """Where this session's device keeps the key of its saved patients."""
    if isinstance(storage, DeviceFileStorage):
        keystore = phone_keystore(page)
        file = KeyFile(storage.folder / "patients.key")
        return KeyRing(KeystoreKey(keystore), file) if keystore is not None else KeyRing(file)
    if isinstance(storage, BrowserStorage):
        return KeyRing(GivenKey("browser", BROWSER_KEY.get()))
    return KeyRing(GivenKey("session", new_key()))


def phone_keystore(page: ft.Page) -> SecretStore | None:
    """flet-secure-storage on a phone; None elsewhere or in a build without it (a
    Linux desktop's keyring needs a running secret service: the kiosk keeps nothing)."""
    if page.web or page.platform not in (ft.PagePlatform.ANDROID, ft.PagePlatform.IOS):
        return None
    try:
        from flet_secure_storage import SecureStorage
    except ImportError:
        return None
    store: SecretStore = SecureStorage()
    return store
