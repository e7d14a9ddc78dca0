"""How long the dashboard's three reads take for the whole regency: the headline
(`/dashboard`), every facility side by side (`/dashboard/facilities`) and twelve weeks
(`/dashboard/weekly`), called in-process on a fresh SQLite database seeded as the demo
system is (`--days` of history, 28 as the browser tests' server), each `--repeat`
times. No HTTP and no other request beside it: the figures are the reads alone.

    python bench/dashboard_reads.py [--days 28] [--repeat 4]

Numbers in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server.app import open_state  # noqa: E402
from server.clock import service_date_of  # noqa: E402
from server.dashboard.compare import compare  # noqa: E402
from server.dashboard.service import dashboard  # noqa: E402
from server.dashboard.weekly import weekly  # noqa: E402
from server.seed.history import seed_demo_history  # noqa: E402
from server.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--repeat", type=int, default=4)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="lsr-dashboard-"))
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder}/bench.db",
                        secret_key="bench-secret-for-layanan-sehat-rembang-0001",
                        demo=True, demo_history_days=args.days)
    state = open_state(settings, clock=settings.clock())
    print(seed_demo_history(state))
    today = service_date_of(state.clock())
    month = today - dt.timedelta(days=args.days - 1)
    with state.db.read() as session:
        reads: dict[str, Callable[[], object]] = {
            "/dashboard": lambda: dashboard(session=session, facility_id=None, date_from=month,
                                            date_to=today, today=today),
            "/dashboard/facilities": lambda: compare(session=session, directory=state.directory,
                                                     settings=state.settings, date_from=month,
                                                     date_to=today, today=today),
            "/dashboard/weekly": lambda: weekly(session=session, directory=state.directory, date_to=today,
                                                today=today, facility_id=None, with_regency=True),
        }
        for name, read in reads.items():
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                read()
                times.append(time.perf_counter() - start)
            print(f"{name:24} best {min(times):.3f} s  each {', '.join(f'{t:.2f}' for t in times)}")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
