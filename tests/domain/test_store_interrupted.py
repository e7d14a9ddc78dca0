"""The device store (api_client/store.py) survives 300 kills in the middle of its
writes: after each SIGKILL the file is valid JSON holding the last value a write
finished, or the one being written when the kill came; never half of one.

Each round forks a child that opens the store and writes a counter (with padding of
varying size, so a write takes a while) as fast as it can, telling the parent over a
pipe when each write returns; once the first write of the round has returned (so the
kill lands among writes however busy the machine is), the parent kills it after a
random moment.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

from api_client.store import DeviceStore

KILLS = 300  # ~0.1 s each (a fork of the test process); 1,000 took 104 s of CI


def _write_forever(path: Path, report: int) -> None:
    """The child: never returns."""
    try:
        store = DeviceStore(path)
        n = store.get("counter")["n"]
        while True:
            n += 1
            store.set("counter", {"n": n, "pad": "x" * random.randrange(0, 40_000)})
            os.write(report, f"{n}\n".encode())
    finally:
        os._exit(1)


def _first_report(fd: int) -> bytes:
    """Wait until the child's first write of this round returned (or it died)."""
    chunks = [b""]
    while b"\n" not in chunks[-1] and (chunk := os.read(fd, 65_536)):
        chunks.append(chunk)
    return b"".join(chunks)


def _read_reports(fd: int, first: bytes) -> list[int]:
    chunks = [first]
    while chunk := os.read(fd, 65_536):
        chunks.append(chunk)
    return [int(line) for line in b"".join(chunks).decode().split()]


def test_the_store_is_valid_after_hundreds_of_kills_mid_write(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    DeviceStore(path).set("counter", {"n": 0, "pad": ""})
    committed, rng = 0, random.Random(1000)
    reached = []
    for _ in range(KILLS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _write_forever(path, write_end)
        os.close(write_end)
        first = _first_report(read_end)
        time.sleep(rng.uniform(0, 0.004))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        reports = _read_reports(read_end, first)
        os.close(read_end)
        committed = reports[-1] if reports else committed

        data = json.loads(path.read_text(encoding="utf-8"))  # valid JSON, every time
        n = DeviceStore(path).get("counter")["n"]
        assert n in (committed, committed + 1), (n, committed)  # last finished, or the next
        assert data["kv"]
        committed = n
        reached.append(n)

    assert list(tmp_path.glob(".*.tmp")) == []  # opening the store swept the kills' leftovers
    assert reached[-1] >= KILLS, "every round finished a write before its kill"
