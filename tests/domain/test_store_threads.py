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


def test_a_second_store_opened_while_the_first_writes_breaks_none_of_its_saves(
    tmp_path: Path,
) -> None:
    """A store is opened once per process, but a reader may open the same file while the
    app writes (the tests did, and a write's rename then failed: its temporary file had
    been swept as a leftover). Only a dead process's temporary files are swept."""
    path = tmp_path / "layanan-sehat-rembang.json"
    store = DeviceStore(path)
    done = threading.Event()
    failures: list[BaseException] = []

    def write() -> None:
        try:
            for n in range(200):
                store.set("cache.tickets", {"n": n, "pad": "x" * 20_000})
        except BaseException as error:  # noqa: BLE001 - the failure is what is asserted
            failures.append(error)
        finally:
            done.set()

    writer = threading.Thread(target=write)
    writer.start()
    while not done.is_set():
        DeviceStore(path).get("cache.tickets")  # opens, and sweeps, the same folder
    writer.join()

    assert failures == []
    assert DeviceStore(path).get("cache.tickets") == {"n": 199, "pad": "x" * 20_000}
