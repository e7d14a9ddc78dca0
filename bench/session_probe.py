"""`python -m server` with a probe for bench/web_sessions.py: the same service (the
embedded default, the web app in-process), plus what only the process itself can see:

- on SIGUSR1, the garbage collector's pauses since the last read (each collection: its
  generation, wall-clock milliseconds, objects freed, and CPU milliseconds of its thread,
  which other work on the machine does not inflate), the times of one full collection
  run at the read, and the event loop's asyncio tasks and the Python threads;
- on SIGUSR2, glibc's `malloc_trim(0)`: how much of the RSS is free memory the C
  library keeps;
- with `LSR_BENCH_TRACE=<frames>`, tracemalloc from the first SIGUSR1 on, and a
  snapshot at each later one (`<report>.<n>.snapshot`); with `LSR_BENCH_TRACE_READS=0`
  as well, a snapshot only on SIGWINCH (bench/soak.py: one after the drain, of what
  the morning left since the idle reading).

Each signal appends one JSON line to the file named by `LSR_BENCH_PROBE`.

    LSR_BENCH_PROBE=/tmp/probe.jsonl python bench/session_probe.py --port 8123
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import json
import os
import signal
import sys
import threading
import time
import tracemalloc
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REPORT = Path(os.environ["LSR_BENCH_PROBE"])
TRACE_FRAMES = int(os.environ.get("LSR_BENCH_TRACE", "0"))
SNAPSHOT_AT_READS = os.environ.get("LSR_BENCH_TRACE_READS", "1") != "0"
_pauses: list[tuple[int, float, int, float]] = []
_started: list[tuple[float, float]] = []
_reads = [0]


def _on_gc(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _started.append((time.perf_counter(), time.thread_time()))
    elif _started:
        wall, cpu = _started.pop()
        _pauses.append((info["generation"], (time.perf_counter() - wall) * 1000, info["collected"],
                        (time.thread_time() - cpu) * 1000))


def _read(_signum: int, _frame: FrameType | None) -> None:
    pauses = list(_pauses)
    _pauses.clear()
    started, cpu = time.perf_counter(), time.thread_time()
    freed = gc.collect()
    full_ms = (time.perf_counter() - started) * 1000
    full_cpu_ms = (time.thread_time() - cpu) * 1000
    _pauses.clear()  # not the one just run
    line: dict[str, object] = {
        "pauses": pauses, "full_collection_ms": full_ms, "full_collection_cpu_ms": full_cpu_ms,
        "full_collection_freed": freed,
        "tracked_objects": len(gc.get_objects()), "frozen_objects": gc.get_freeze_count(),
        "tasks": _tasks(), "task_kinds": _task_kinds(), "threads": threading.active_count(),
    }
    if TRACE_FRAMES and not tracemalloc.is_tracing():
        tracemalloc.start(TRACE_FRAMES)  # after start-up: tracing it would take minutes
    elif tracemalloc.is_tracing() and SNAPSHOT_AT_READS:
        line["snapshot"] = _dump()
    with REPORT.open("a") as report:
        report.write(json.dumps(line) + "\n")


def _dump() -> str:
    _reads[0] += 1
    path = REPORT.with_name(f"{REPORT.name}.{_reads[0]}.snapshot")
    tracemalloc.take_snapshot().dump(str(path))
    return str(path)


def _snapshot(_signum: int, _frame: FrameType | None) -> None:
    """A tracemalloc snapshot now, after a full collection, with the traced total."""
    gc.collect()
    line: dict[str, object] = {"tracing": tracemalloc.is_tracing()}
    if tracemalloc.is_tracing():
        line["traced_mb"] = tracemalloc.get_traced_memory()[0] / 2**20
        line["snapshot"] = _dump()
    with REPORT.open("a") as report:
        report.write(json.dumps(line) + "\n")


def _tasks() -> int | None:
    """The asyncio tasks of the service's event loop (the main thread's, which the
    signal handler interrupts), or None outside it."""
    loop = asyncio._get_running_loop()
    return None if loop is None else len(asyncio.all_tasks(loop))


def _task_kinds() -> dict[str, int]:
    """The tasks counted by what each is waiting in: its coroutine, and the innermost
    coroutine it awaits (a task left over names the code that made it)."""
    loop = asyncio._get_running_loop()
    kinds: dict[str, int] = {}
    for task in asyncio.all_tasks(loop) if loop is not None else ():
        coro = task.get_coro()
        chain = [getattr(coro, "__qualname__", type(coro).__name__)]
        inner = getattr(coro, "cr_await", None)
        while inner is not None and len(chain) < 12:
            chain.append(getattr(inner, "__qualname__", type(inner).__name__))
            inner = getattr(inner, "cr_await", None) or getattr(inner, "gi_yieldfrom", None)
        where = f"{chain[0]} … {chain[-1]}" if len(chain) > 1 else chain[0]
        kinds[where] = kinds.get(where, 0) + 1
    return dict(sorted(kinds.items(), key=lambda kv: -kv[1]))


def _trim(_signum: int, _frame: FrameType | None) -> None:
    """Hand the C library's free pages back to the system (glibc's malloc_trim)."""
    started = time.perf_counter()
    trimmed = ctypes.CDLL("libc.so.6").malloc_trim(0)
    with REPORT.open("a") as report:
        report.write(json.dumps({"malloc_trim_ms": (time.perf_counter() - started) * 1000,
                                 "trimmed": trimmed}) + "\n")


if __name__ == "__main__":
    gc.callbacks.append(_on_gc)
    signal.signal(signal.SIGUSR1, _read)
    signal.signal(signal.SIGUSR2, _trim)
    signal.signal(signal.SIGWINCH, _snapshot)
    from server.__main__ import main

    sys.argv[0] = "python -m server"
    main()
