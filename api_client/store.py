"""The device's small store (Android app, kiosk): TinyDB in one JSON file, written
atomically: a temporary file, fsync, then rename over the old one. A kill at any
moment leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import Storage


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # A kill mid-write leaves its temporary file behind: sweep those of processes
        # that are gone. A temporary file of a living process (this one included: a
        # second store opened on the same file while the first writes) is a write in
        # flight, and removing it would make that write's rename fail.
        for leftover in self.path.parent.glob(f".{self.path.name}-*.tmp"):
            if not _writer_alive(leftover.name):
                leftover.unlink(missing_ok=True)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        return json.loads(text) if text else None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        fd, tmp = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}-{os.getpid()}-", suffix=".tmp"
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        dir_fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def close(self) -> None:
        pass


def _writer_alive(tmp_name: str) -> bool:
    """Whether the process that named this temporary file (`.store-PID-xxxx.tmp`) runs."""
    parts = tmp_name.rsplit("-", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return False  # an older app's name, without its writer: left over
    pid = int(parts[1])
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, and someone else's
        return True
    return True


class DeviceStore:
    """Key → JSON value, in a TinyDB table `kv`.

    TinyDB reads the whole file, changes it and writes it back, and is not safe across
    threads: two screens that save at once (a facility's page and its quota, each in
    a worker thread) would each write what they read, and one save would be lost. One
    lock per store makes every read and write whole."""

    def __init__(self, path: str | Path) -> None:
        self._lock = threading.Lock()
        self._db = TinyDB(path, storage=AtomicJSONStorage)
        self._kv = self._db.table("kv")

    def get(self, key: str) -> Any | None:
        with self._lock:
            row = self._kv.get(Query().key == key)
        return None if row is None else row["value"]

    def set(self, key: str, value: Any) -> None:
        with self._lock:
            self._kv.upsert({"key": key, "value": value}, Query().key == key)

    def remove(self, key: str) -> None:
        with self._lock:
            self._kv.remove(Query().key == key)

    def close(self) -> None:
        with self._lock:
            self._db.close()
