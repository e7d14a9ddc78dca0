"""A soak: a puskesmas morning, two hours compressed into ten minutes, against one
service process (the embedded default, `python -m server` with the web app in-process,
started through bench/session_probe.py), and what the process holds while it lasts.

    python bench/soak.py [--minutes 10] [--arrivals 4] [--watchers 200] [--sessions 40]
                         [--mornings 1] [--trace FRAMES] [--json out.json]

The service runs on a demo clock at 07:30 of the next day the puskesmas open
(`LSR_DEMO_CLOCK`), with 28 days of demo history. For `--minutes`:

- **patients**, `--arrivals` a second across the 17 puskesmas' services that take both
  bookings and walk-ins: six in ten book in the app for today and check in at the kiosk
  a few seconds later, four in ten take a walk-in number at the kiosk;
- **counters**, as many per service as keep its queue from growing all morning (a fifth
  more than arrivals × service time), signed in as the facility's admin: call the next
  number, serve it for a log-normal time around the service's average ÷ 12 (two hours in
  ten minutes), finish it, call again;
- **watchers**, `--watchers` server-sent event streams of those services, each
  reconnecting after 30–120 s (a phone's app going to the background and back);
- **web sessions**, `--sessions` Chromium contexts (the system Chromium) on Beranda or
  the Faskes list, opened in the first three minutes, then the oldest closed and a new
  one opened every 15 s.

Every 15 s the bench reads the service's RSS after a full collection (the probe's
SIGUSR1), its open file descriptors and threads (/proc), its asyncio tasks (the probe),
and its open event streams, open web sessions and the web sessions it holds
(/metrics). After the morning everything is closed; the bench waits until the service
holds no web session (flet keeps a closed tab's session, its API client and its tasks
for `LSR_WEB_SESSION_TIMEOUT_SECONDS`, 60 here, so that a reloaded tab re-attaches) and
its sweep has run, and reads once more.

Bounds (printed as kept or broken, numbers in docs/benchmarks.md): over the second half
of the morning, at the same load, RSS grows ≤ 20 MB and file descriptors and tasks do
not trend up (the last quarter's mean ≤ the second quarter's max); threads never more
than anyio's 40 worker threads and 2 over the idle service's (a pool capped at 40 that
follows the load: it has no trend to read); after the drain, event streams 0, web
sessions 0 open and 0 held, tasks and file descriptors other than the database's
within 10 and threads within 45 (anyio's worker threads, which end only when idle) of
the idle service's, the database's files at most three per connection of SQLite's pool
(15: 45), and RSS within 60 MB of the idle service's (what the first morning makes
once: `BOUNDS`).
With `--mornings N`, the same morning N times in the one process (the later ones on a
day whose quotas the first filled); after each later drain, RSS within 10 MB of the
first drain's and no more tasks, sockets or threads: nothing piles up from one
morning to the next. With `--trace`, what Python allocated since the idle reading and
still holds after the last drain, by line (tracemalloc; it slows the service).
`uptime`'s load is printed at each sample: other work shares the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import itertools
import json
import math
import os
import platform
import random
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from api_client import ApiClient, ApiError, new_idempotency_key  # noqa: E402
from api_client.models import FacilityType, PatientIn, Payer, Service  # noqa: E402
from bench.event_fanout import Watcher  # noqa: E402
from bench.web_sessions import PROBE, SCREENS, Probe, load_average, open_session, rss_mb  # noqa: E402
from tests.api.helpers import nik_for, patient  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support.demo_day import demo_clock  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402

COMPRESSION = 12  # two hours in ten minutes
SAMPLE_SECONDS = 15
SESSION_TIMEOUT = 60
RAMP_SECONDS = 180
REPLACE_SECONDS = 15
Sample = dict[str, Any]
BOUNDS = {"rss_growth_mb": 20, "drain_fds": 10, "drain_tasks": 10, "drain_threads": 45, "drain_rss_mb": 60,
          "database_fds": 3 * 15, "again_rss_mb": 10, "worker_threads": 40 + 2}
"""`drain_rss_mb`: what the first morning makes once and keeps (docs/benchmarks.md, the
soak's traced run): ~16 MB of Python objects made on first use (dataclass code, Babel's
locale data, modules), SQLite's page cache of each pooled connection (up to 2 MB, 15
connections: 30 MB) and the allocators' free memory. Whether anything piles up is
`again_rss_mb`: a later morning's drain against the first's. `worker_threads`: anyio's
worker threads (its default limit, 40; they come and go with the load, so their count
has no trend to read) and two more over the idle service's."""


@dataclass
class Counts:
    booked: int = 0
    walk_ins: int = 0
    checked_in: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    called: int = 0
    done: int = 0
    reconnects: int = 0
    counters_not_signed_in: int = 0
    sessions_opened: int = 0
    session_failures: int = 0

    def refuse(self, error: ApiError) -> None:
        key = getattr(error, "code", None) or type(error).__name__
        self.refused[key] = self.refused.get(key, 0) + 1


def someone(serial: int) -> PatientIn:
    """A patient of the soak's own: ten thousand NIKs per birth date."""
    born = dt.date(1950, 1, 1) + dt.timedelta(days=serial // 9_999)
    return patient(serial, nik=nik_for(serial % 9_999 + 1, birth=born), birth_date=born)


def fd_kinds(pid: int) -> dict[str, int]:
    """The service's open files by kind: sockets, the database's files, pipes, others."""
    kinds: dict[str, int] = {}
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            kind = ("socket" if target.startswith("socket:") else "pipe" if target.startswith("pipe:")
                    else "database" if "layanan.db" in target else "other")
            kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


TCP_STATES = {"01": "established", "02": "syn_sent", "06": "time_wait", "07": "close",
              "08": "close_wait", "09": "last_ack", "0A": "listen", "0B": "closing", "04": "fin_wait1",
              "05": "fin_wait2"}


def socket_kinds(pid: int, port: int) -> dict[str, int]:
    """The service's sockets by kind and TCP state: `in` for connections to its own
    port (clients), `out` for connections it made (to itself or elsewhere), `unix`."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    kinds: dict[str, int] = {}
    for table in ("tcp", "tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
                fields = line.split()
                if fields[9] not in inodes:
                    continue
                inodes.discard(fields[9])
                local = int(fields[1].rsplit(":", 1)[1], 16)
                kind = f"{'in' if local == port else 'out'} {TCP_STATES.get(fields[3], fields[3])}"
                kinds[kind] = kinds.get(kind, 0) + 1
    with contextlib.suppress(OSError):
        unix = {line.split()[6] for line in Path(f"/proc/{pid}/net/unix").read_text().splitlines()[1:]
                if len(line.split()) > 6}
        kinds["unix"] = len(inodes & unix)
        inodes -= unix
    if inodes:
        kinds["other"] = len(inodes)
    return kinds


def metric(text: str, name: str) -> float:
    found = re.search(rf"^{name} ([0-9.e+]+)$", text, re.MULTILINE)
    return float(found[1]) if found else 0.0


def sample(server: LiveServer, probe: Probe, moment: str) -> Sample:
    assert server.process is not None
    pid = server.process.pid
    read = probe.read()
    status = Path(f"/proc/{pid}/status").read_text()
    metrics = httpx.get(f"{server.url}/metrics", timeout=30).text
    figures = {
        "t": moment, "rss_mb": round(rss_mb(pid), 1), "fds": len(os.listdir(f"/proc/{pid}/fd")),
        "threads": int(re.search(r"^Threads:\s+(\d+)", status, re.MULTILINE)[1]),  # type: ignore[index]
        "tasks": read.get("tasks"), "event_streams": int(metric(metrics, "lsr_event_streams_open")),
        "web_sessions": int(metric(metrics, "lsr_web_sessions_open")),
        "held": int(metric(metrics, "lsr_web_sessions_held")), "load": load_average(),
        "fd_kinds": fd_kinds(pid), "sockets": socket_kinds(pid, server.port),
        "task_kinds": read.get("task_kinds"),
    }
    shown = {key: value for key, value in figures.items() if key not in ("fd_kinds", "sockets", "task_kinds")}
    print("  " + "  ".join(f"{key} {value}" for key, value in shown.items())
          + f"  ({', '.join(f'{k} {v}' for k, v in sorted(figures['fd_kinds'].items()))})", flush=True)
    if moment in ("idle", "drained"):
        print(f"    sockets {figures['sockets']}\n    tasks {figures['task_kinds']}", flush=True)
    return figures


def counters_for(arrivals: float, seconds_each: float) -> int:
    """Enough rooms that the queue does not grow all morning: a fifth more than the
    arrivals times the service time."""
    return max(1, math.ceil(arrivals * seconds_each * 1.2))


class Morning:
    """The patients, counters and watchers: asyncio in the bench's own thread."""

    def __init__(self, api_url: str, arrivals: float, watchers: int, counts: Counts,
                 first_serial: int = 1) -> None:
        self.api_url, self.arrivals, self.watcher_count, self.counts = api_url, arrivals, watchers, counts
        self.serials = itertools.count(first_serial)
        self.rng = random.Random(19 + first_serial)

    async def services(self) -> list[Service]:
        async with ApiClient(self.api_url) as client:
            puskesmas = [f for f in await client.facilities.list() if f.type is FacilityType.puskesmas]
            details = [await client.facilities.get(f.id) for f in puskesmas]
            return [s for d in details for s in d.services if s.online and s.walkin and s.code != "ugd"]

    async def run(self, seconds: float, today: object) -> None:
        services = await self.services()
        stop = asyncio.Event()
        kiosks = {s.facility_id: ApiClient(self.api_url, kiosk_key=f"demo-kiosk-{s.facility_id}")
                  for s in services}
        app = ApiClient(self.api_url)
        each = self.arrivals / len(services)  # patients a second, per service
        staff = await self.signed_in({s.facility_id for s in services})
        tasks = [asyncio.create_task(self.counter(staff[s.facility_id], s, f"Ruang {n}", stop))
                 for s in services if s.facility_id in staff
                 for n in range(1, counters_for(each, s.avg_service_minutes * 60 / COMPRESSION) + 1)]
        print(f"  {len(services)} services of {len({s.facility_id for s in services})} puskesmas, "
              f"{len(tasks)} counters", flush=True)
        tasks += [asyncio.create_task(self.watch(self.rng.choice(services), stop))
                  for _ in range(self.watcher_count)]
        arrivals: set[asyncio.Task[None]] = set()
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            service = self.rng.choice(services)
            task = asyncio.create_task(self.arrive(app, kiosks[service.facility_id], service, today))
            arrivals.add(task)
            task.add_done_callback(arrivals.discard)
            await asyncio.sleep(self.rng.expovariate(self.arrivals))
        stop.set()
        await asyncio.gather(*arrivals, *tasks, return_exceptions=True)
        for client in (app, *kiosks.values(), *staff.values()):
            await client.close()

    async def signed_in(self, facilities: set[str]) -> dict[str, ApiClient]:
        """One client per facility, signed in once as its admin, shared by its rooms: one
        account signing in three hundred times a minute is locked out (`login_locked`)."""
        clients = {}
        for facility_id in sorted(facilities):
            client = ApiClient(self.api_url)
            try:
                await client.staff.login(f"admin.{facility_id}", "rembang-demo")
                clients[facility_id] = client
            except ApiError as error:  # counted: its rooms call nobody
                self.counts.refuse(error)
                self.counts.counters_not_signed_in += 1
                await client.close()
        return clients

    async def arrive(self, app: ApiClient, kiosk: ApiClient, service: Service, today: object) -> None:
        try:
            if self.rng.random() < 0.6:
                booking = await app.bookings.create(
                    service_id=service.id, service_date=today, payer=Payer.jkn,  # type: ignore[arg-type]
                    patient=someone(next(self.serials)), consent_version="2026-11",
                    idempotency_key=new_idempotency_key())
                self.counts.booked += 1
                await asyncio.sleep(self.rng.uniform(2, 20))
                await kiosk.bookings.check_in_at_facility(booking.booking_code)
                self.counts.checked_in += 1
            else:
                await kiosk.bookings.walk_in(service_id=service.id, idempotency_key=new_idempotency_key())
                self.counts.walk_ins += 1
        except ApiError as error:
            self.counts.refuse(error)

    async def counter(self, staff: ApiClient, service: Service, room: str, stop: asyncio.Event) -> None:
        """One room calling `service`, on its facility's signed-in client."""
        mean = service.avg_service_minutes * 60 / COMPRESSION
        while not stop.is_set():
            try:
                called = await staff.staff.call_next(service.id, counter=room)
            except ApiError as error:
                self.counts.refuse(error)
                called = None
            if called is None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 3)
                continue
            self.counts.called += 1
            with contextlib.suppress(TimeoutError):  # the morning's end finishes them
                await asyncio.wait_for(stop.wait(), self.rng.lognormvariate(0, 0.4) * mean)
            await staff.staff.done(called.ticket_id)
            self.counts.done += 1

    async def watch(self, service: Service, stop: asyncio.Event) -> None:
        while not stop.is_set():
            watcher = asyncio.create_task(Watcher().run(f"{self.api_url}/services/{service.id}/events"))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.rng.uniform(30, 120))
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)
            self.counts.reconnects += 1


def web_sessions(url: str, sessions: int, stop: threading.Event, counts: Counts) -> None:
    """`sessions` Chromium contexts, ramped up, then the oldest replaced every 15 s."""
    rng = random.Random(40)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        open_ones: list[Any] = []
        started = time.monotonic()
        while not stop.is_set():
            if len(open_ones) >= sessions:
                open_ones.pop(0).close()
            try:
                path, ready = SCREENS[rng.choice(("home", "faskes"))]
                open_ones.append(open_session(browser, url, path, ready))
                counts.sessions_opened += 1
            except Exception:  # noqa: BLE001 - a session that did not open is counted, not fatal
                counts.session_failures += 1
            if len(open_ones) >= sessions:
                stop.wait(REPLACE_SECONDS)
            else:
                stop.wait(max(0.0, started + RAMP_SECONDS * len(open_ones) / sessions - time.monotonic()))
        for context in open_ones:
            context.close()
        browser.close()


def what_is_left(probe: Probe, top: int = 25) -> dict[str, object]:
    """What Python allocated since the idle reading and still holds after the drain:
    the total, and the lines that allocated most of it."""
    read = probe.read(signal.SIGWINCH)
    snapshot = tracemalloc.Snapshot.load(str(read["snapshot"]))
    lines = [(str(stat.traceback[0]), stat.size / 2**20, stat.count)
             for stat in snapshot.statistics("lineno")[:top]]
    files = [(str(stat.traceback[0].filename), stat.size / 2**20)
             for stat in snapshot.statistics("filename")[:top]]
    print(f"    Python holds {read['traced_mb']:.1f} MB allocated since idle; by line:")
    for where, mb, count in lines:
        print(f"      {mb:7.2f} MB {count:8d}  {where}")
    return {"traced_mb": read["traced_mb"], "by_line": lines, "by_file": files}


def not_database(figures: Sample) -> int:
    return int(figures["fds"]) - figures["fd_kinds"].get("database", 0)


def verdict(idle: Sample, morning: list[Sample], drained: Sample) -> dict[str, bool]:
    half = morning[len(morning) // 2:]
    quarter = len(morning) // 4
    second, last = morning[quarter:2 * quarter], morning[-quarter:]

    def trend_flat(key: str) -> bool:
        return sum(s[key] for s in last) / len(last) <= max(s[key] for s in second)

    return {
        f"RSS grows ≤ {BOUNDS['rss_growth_mb']} MB over the second half":
            max(s["rss_mb"] for s in half) - half[0]["rss_mb"] <= BOUNDS["rss_growth_mb"],
        "file descriptors do not trend up": trend_flat("fds"),
        f"threads never above idle's + {BOUNDS['worker_threads']} (anyio's worker limit)":
            max(s["threads"] for s in morning) <= idle["threads"] + BOUNDS["worker_threads"],
        "tasks do not trend up": trend_flat("tasks"),
        "no event stream left": drained["event_streams"] == 0,
        "no web session left, open or held": drained["web_sessions"] == 0 and drained["held"] == 0,
        f"file descriptors other than the database's within {BOUNDS['drain_fds']} of idle":
            not_database(drained) - not_database(idle) <= BOUNDS["drain_fds"],
        f"the database's files ≤ {BOUNDS['database_fds']} (3 per connection of the pool)":
            drained["fd_kinds"].get("database", 0) <= BOUNDS["database_fds"],
        f"tasks within {BOUNDS['drain_tasks']} of idle":
            drained["tasks"] - idle["tasks"] <= BOUNDS["drain_tasks"],
        f"threads within {BOUNDS['drain_threads']} of idle":
            drained["threads"] - idle["threads"] <= BOUNDS["drain_threads"],
        f"RSS within {BOUNDS['drain_rss_mb']} MB of idle":
            drained["rss_mb"] - idle["rss_mb"] <= BOUNDS["drain_rss_mb"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--arrivals", type=float, default=4, help="new patients a second, regency-wide")
    parser.add_argument("--watchers", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--json")
    parser.add_argument("--mornings", type=int, default=1,
                        help="mornings one after the other in the same process, each drained")
    parser.add_argument("--trace", type=int, default=0, metavar="FRAMES",
                        help="tracemalloc from the idle reading on; after the drain, what is left "
                             "by file and line (slows the service)")
    args = parser.parse_args()
    day, clock = demo_clock("07:30")
    folder = Path(tempfile.mkdtemp(prefix="soak-"))
    report_file = folder / "probe.jsonl"
    server = LiveServer(folder, web=True, entry=[str(PROBE)], env={
        "LSR_DEMO_CLOCK": clock, "LSR_BENCH_PROBE": str(report_file),
        "LSR_WEB_SESSION_TIMEOUT_SECONDS": str(SESSION_TIMEOUT),
        **({"LSR_BENCH_TRACE": str(args.trace), "LSR_BENCH_TRACE_READS": "0"} if args.trace else {})})
    print(f"soak: {args.minutes} min, {args.arrivals}/s, {args.watchers} watchers, {args.sessions} "
          f"web sessions; demo clock {clock}; load {load_average()}", flush=True)
    try:
        server.start(timeout=300)
        probe = Probe(server, report_file)
        time.sleep(10)
        idle = sample(server, probe, "idle")
        mornings = [one_morning(server, probe, args, day, n) for n in range(args.mornings)]
        if args.trace:
            mornings[-1][2]["left_by_python"] = what_is_left(probe)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    counts, samples, drained = mornings[0]
    kept = verdict(idle, samples, drained)
    for n, later in enumerate(mornings[1:], start=2):
        kept.update(again(drained, later[2], n))
    for bound, ok in kept.items():
        print(f"  {'kept  ' if ok else 'BROKEN'} {bound}")
    report = {"args": vars(args), "counts": counts.__dict__, "idle": idle, "morning": samples,
              "drained": drained, "bounds": kept, "machine": platform.platform(), "cpus": os.cpu_count(),
              "later_mornings": [{"counts": c.__dict__, "morning": m, "drained": d}
                                 for c, m, d in mornings[1:]],
              "date": time.strftime("%Y-%m-%d %H:%M %Z")}
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


def one_morning(
    server: LiveServer, probe: Probe, args: argparse.Namespace, day: dt.date, n: int,
) -> tuple[Counts, list[Sample], Sample]:
    """A morning (patients, counters, watchers and web sessions), then the drain: its
    counts, its samples, and the reading once the service holds no web session."""
    counts = Counts()
    samples: list[Sample] = []
    stop_sessions = threading.Event()
    browsing = threading.Thread(target=web_sessions, args=(server.url, args.sessions, stop_sessions, counts))
    browsing.start()
    morning = threading.Thread(target=lambda: asyncio.run(Morning(
        server.api_url, args.arrivals, args.watchers, counts, first_serial=1 + n * 1_000_000,
    ).run(args.minutes * 60, day)))
    started = time.monotonic()
    morning.start()
    while morning.is_alive():
        morning.join(SAMPLE_SECONDS)
        if morning.is_alive():
            samples.append(sample(server, probe, f"{n + 1}: {(time.monotonic() - started) / 60:.2f} min"))
    stop_sessions.set()
    browsing.join()
    print(f"  closed everything, waiting for the web sessions to be let go: {counts}", flush=True)
    deadline = time.monotonic() + SESSION_TIMEOUT + 120
    while time.monotonic() < deadline:
        if int(metric(httpx.get(f"{server.url}/metrics").text, "lsr_web_sessions_held")) == 0:
            break
        time.sleep(2)
    time.sleep(25)  # flet's eviction sweep and the service's own (server/web_memory.py)
    return counts, samples, sample(server, probe, "drained")


def again(first: Sample, later: Sample, n: int) -> dict[str, bool]:
    """A later morning's drain against the first's: nothing piles up from one to the next."""
    return {
        f"after morning {n}: RSS within {BOUNDS['again_rss_mb']} MB of the first drain":
            later["rss_mb"] - first["rss_mb"] <= BOUNDS["again_rss_mb"],
        f"after morning {n}: tasks, sockets and threads as after the first":
            later["tasks"] <= first["tasks"] and later["fd_kinds"].get("socket", 0)
            <= first["fd_kinds"].get("socket", 0) and later["threads"] <= first["threads"] + 2,
    }


if __name__ == "__main__":
    main()
