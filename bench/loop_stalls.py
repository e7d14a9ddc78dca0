"""How long the booking group commit holds the event loop, in-process (no HTTP): the
server's booking work (`booking_rush.direct_bookings`: checks, sealing, the group
commit) on a fresh seeded SQLite database, with a probe in the same loop that asks to
wake every millisecond and records how late it wakes.

    python bench/loop_stalls.py [--bookings 20000] [--concurrent 30] [--checkpoint-in-commit]

On SQLite the group commit runs its batches in the event loop
(`server.queue.group_commit`): nothing else in the process runs meanwhile, so a slow
commit is a stall for every request. `--checkpoint-in-commit` measures the code before
issue 19's sixth pass: SQLite's WAL checkpoint (every ~1,000 pages: copy them back
into the database file and sync it) left in whichever batch's commit came due, instead
of on a thread first (`Database.checkpoint`). The probe's lag p50/p99/p99.9/max, the
stalls over 20 and 40 ms, the rate and CPU per booking are printed; numbers in
docs/benchmarks.md. `uptime`'s load is printed before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.booking_rush import BenchDatabase, direct_bookings, prepare  # noqa: E402
from bench.figures import load_average, percentile  # noqa: E402

PROBE_S = 0.001


class Probe:
    """Wakes every `PROBE_S` and keeps how late each wake-up came (ms)."""

    def __init__(self) -> None:
        self.late_ms: list[float] = []

    async def run(self, done: asyncio.Event) -> None:
        while not done.is_set():
            asked = time.perf_counter()
            await asyncio.sleep(PROBE_S)
            self.late_ms.append((time.perf_counter() - asked - PROBE_S) * 1000)

    def summary(self) -> dict[str, float]:
        late = self.late_ms
        return {
            "wakeups": len(late),
            **{f"p{p}_ms": round(percentile(late, p), 1) for p in (50, 99, 99.9)},
            "max_ms": round(max(late), 1),
            "over_20ms": sum(1 for x in late if x > 20),
            "over_40ms": sum(1 for x in late if x > 40),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bookings", type=int, default=20_000)
    parser.add_argument("--concurrent", type=int, default=30,
                        help="bookings in flight (the batch size, about)")
    parser.add_argument("--checkpoint-in-commit", action="store_true",
                        help="the code before: SQLite's checkpoint left in a batch's commit")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.checkpoint_in_commit:
        from server.db import Database

        Database.checkpoint_due = lambda self: False  # type: ignore[method-assign]
    print(f"load before {load_average()}")
    with tempfile.TemporaryDirectory(prefix="lsr-stalls-") as folder:
        data_dir = Path(folder)
        db = BenchDatabase(None, data_dir, keep=False)
        plan = prepare(data_dir, db)
        probe = Probe()
        booked = direct_bookings(db.sqlalchemy_url, args.concurrent, args.bookings,
                                 plan.rush_day, beside=probe.run)
    report = {"checkpoint": "in the commit" if args.checkpoint_in_commit else "on a thread first",
              "booked": booked, "loop_lag": probe.summary(), "load_after": load_average()}
    lag = report["loop_lag"]
    print(f"checkpoint {report['checkpoint']}; {booked['bookings']} bookings, "
          f"{booked['concurrent']} in flight: {booked['per_s']}/s, {booked['cpu_ms_per']} ms CPU each")
    print(f"loop lag   p50 {lag['p50_ms']} / p99 {lag['p99_ms']} / p99.9 {lag['p99.9_ms']} / "
          f"max {lag['max_ms']} ms; {lag['over_20ms']} over 20 ms, {lag['over_40ms']} over 40 ms "
          f"of {lag['wakeups']} wake-ups")
    print(f"load after {report['load_after']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
