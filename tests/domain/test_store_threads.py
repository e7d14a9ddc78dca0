"""The device store keeps every save when several screens save at once: the app's
screens save from worker threads (`session/storage.py`), and a facility's page, its
quota and the list of facilities are fetched, and kept, at the same moment. Before the
store took a lock, one of two such saves was now and then lost (a facility's page was
then not readable offline although it had been seen online)."""

from __future__ import annotations

import threading
from pathlib import Path

from api_client.store import DeviceStore

WRITERS = 8
KEYS_EACH = 25


def test_saves_from_eight_threads_at_once_are_all_kept(tmp_path: Path) -> None:
    path = tmp_path / "layanan-sehat-rembang.json"
    store = DeviceStore(path)
    start = threading.Barrier(WRITERS)

    def write(writer: int) -> None:
        start.wait()
        for n in range(KEYS_EACH):
            store.set(f"cache.facility.{writer}-{n}", {"n": n, "pad": "x" * 2_000})

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.close()

    reopened = DeviceStore(path)  # what the app finds at its next start
    missing = [
        f"{w}-{n}"
        for w in range(WRITERS)
        for n in range(KEYS_EACH)
        if reopened.get(f"cache.facility.{w}-{n}") != {"n": n, "pad": "x" * 2_000}
    ]
    assert missing == []
