"""The CPU work of one booking through the whole API app, in-process: the ASGI app
that `python -m server --no-web` serves (its middlewares, the booking route's own
path, the checks and sealing, the group commit on a fresh seeded SQLite database,
the answer), called directly with `concurrent` requests in flight; no socket, no
uvicorn.

    python bench/booking_cpu.py [--bookings 6000] [--concurrent 30] [--instructions]

Plain, it prints the process's CPU time per booking. On a shared VM that number
moves with the host (0.93 to 1.28 ms for the same code within minutes, 2026-12-07),
so a change of a few per cent cannot be seen in it. `--instructions` counts what
the code does instead: it runs itself twice under valgrind (`cachegrind` without its
cache simulation, which counts every instruction executed), with 200 warm-up bookings
alone and with `--bookings` more, and prints the difference per booking. What else
the machine runs does not change that count; the same code gave counts 4 % apart
(the batches' sizes follow the timing of the checkpoint's thread). Each run takes
a minute or two (valgrind is ~13 times slower). Numbers in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.booking_rush import BenchDatabase, arun, booking_body, prepare, settings_for  # noqa: E402
from bench.figures import load_average  # noqa: E402

WARM_UP = 200
_INSTRUCTIONS = re.compile(r"I\s+refs:\s+([\d,]+)")


def book_in_process(bookings: int, concurrent: int) -> dict[str, object]:
    """`WARM_UP` bookings, then `bookings` more timed, through the app's ASGI callable."""
    from starlette.types import Message, Scope

    from server.__main__ import settled
    from server.app import create_app

    with tempfile.TemporaryDirectory(prefix="lsr-cpu-") as folder:
        data_dir = Path(folder)
        plan = prepare(data_dir, BenchDatabase(None, data_dir, keep=False))
        settings = settings_for(data_dir, None).model_copy(update={"rate_limits": False})
        app = settled(create_app(settings))
        bodies = [booking_body(plan.service_id, plan.rush_day, 150_000_000 + i,
                               "non_jkn" if i % 3 == 0 else "jkn")
                  for i in range(WARM_UP + bookings)]
        statuses: Counter[int] = Counter()

        async def book(body: bytes) -> None:
            scope: Scope = {
                "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                "method": "POST", "scheme": "http", "path": "/api/bookings",
                "raw_path": b"/api/bookings", "query_string": b"", "root_path": "",
                "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000), "state": {},
                "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json"),
                            (b"idempotency-key", f"cpu-{uuid.uuid4().hex}".encode()),
                            (b"content-length", str(len(body)).encode())],
            }
            messages: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]

            async def receive() -> Message:
                if messages:
                    return messages.pop()
                await asyncio.Event().wait()  # the client stays until answered
                raise AssertionError

            async def send(message: Message) -> None:
                if message["type"] == "http.response.start":
                    statuses[int(message["status"])] += 1

            await app(scope, receive, send)

        async def in_flight(work: list[bytes]) -> None:
            items = iter(work)

            async def client() -> None:
                for body in items:
                    await book(body)

            await asyncio.gather(*(client() for _ in range(concurrent)))

        async def main() -> dict[str, float]:
            async with app.router.lifespan_context(app):
                await in_flight(bodies[:WARM_UP])
                cpu0, wall0 = time.process_time(), time.perf_counter()
                await in_flight(bodies[WARM_UP:])
                return {"cpu_s": time.process_time() - cpu0, "wall_s": time.perf_counter() - wall0}

        timed = arun(main())
    return {
        "bookings": bookings, "concurrent": concurrent, "statuses": dict(statuses),
        "cpu_ms_per": round(1000 * timed["cpu_s"] / bookings, 3) if bookings else None,
        "per_s": round(bookings / timed["wall_s"], 1) if bookings else None,
    }


def instructions(bookings: int, concurrent: int) -> dict[str, object]:
    """Instructions per booking: valgrind's count with `bookings` more, minus without."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    runs = {
        n: subprocess.Popen(
            [valgrind, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
             sys.executable, __file__, "--bookings", str(n), "--concurrent", str(concurrent), "--json", "-"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
        for n in (0, bookings)  # both at once: the count does not care
    }
    counts, answered = {}, {}
    for n, run in runs.items():
        out, err = run.communicate()
        found = _INSTRUCTIONS.search(err)
        if run.returncode != 0 or found is None:
            raise SystemExit(f"valgrind run with {n} bookings failed:\n{err[-2000:]}")
        counts[n] = int(found[1].replace(",", ""))
        answered[n] = json.loads(out.splitlines()[-1])["statuses"]
    return {"bookings": bookings, "concurrent": concurrent, "statuses": answered[bookings],
            "instructions_per_booking": round((counts[bookings] - counts[0]) / bookings)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bookings", type=int, default=6000)
    parser.add_argument("--concurrent", type=int, default=30,
                        help="bookings in flight (the group commit's batch, about)")
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions under valgrind instead of timing")
    parser.add_argument("--json", help="write the numbers here ('-': one line on stdout)")
    args = parser.parse_args()
    if args.instructions:
        report = instructions(args.bookings, args.concurrent)
        line = (f"{report['instructions_per_booking']:,} instructions per booking "
                f"({args.bookings} bookings, {args.concurrent} in flight; answers {report['statuses']})")
    else:
        report = {**book_in_process(args.bookings, args.concurrent), "load": load_average()}
        line = (f"{report['cpu_ms_per']} ms CPU per booking, {report['per_s']}/s "
                f"({args.bookings} bookings, {args.concurrent} in flight; answers "
                f"{report['statuses']}; load {report['load']})")
    if args.json == "-":
        print(json.dumps(report))
        return
    print(line)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
