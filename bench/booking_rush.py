"""Booking rush: N concurrent clients book queue numbers over real HTTP on 127.0.0.1.

    python bench/booking_rush.py [--database-url URL] [--clients 200] [--bookings 10000]
                                 [--workers N] [--rate PER_S] [--json out.json]
                                 [--profile DIR] [--noise [CORES]]
                                 [--http-server uvicorn|granian]

The script starts the central service itself (`python -m server --no-web`) on a
free port with a fresh data folder (SQLite) or a fresh database created on the
PostgreSQL server of `--database-url` (dropped afterwards), and runs:

1. warm-up   a few hundred bookings on a third date (not measured);
2. rush      `--bookings` bookings of Poli Umum, Puskesmas Sumber, on the next open
             day that is not today, quotas raised so the rush is not limited:
             confirmed bookings/s over the wall time, p50/p99 latency, errors.
             Closed loop by default (each client books again as soon as it is
             answered: the most the server gives, and by Little's law a mean
             latency of clients / rate); `--rate` offers a fixed rate instead (open
             loop, latency from each booking's due time);
3. oversell  `--oversell-attempts` concurrent bookings (each sent `--oversell-copies`
             times at once with its key, default 4, and once more after: every answer
             of a key must be identical, status and body) for another date whose
             quota is limited (JKN 60 + non-JKN 40 = 100): exactly 100 must be
             confirmed, numbers 1..100 once each; anything beyond is "oversold";
4. crash     a short rush during which the server gets `kill -9`; it is then
             restarted on the same data and every booking code that was ever
             confirmed (all phases) is read back: "durable: N/N";
5. direct    the same allocation SQL (`allocate_number` in `write_transaction`)
             in-process, no HTTP, on a fresh date: 1 thread and `--clients`
             threads; then the server's booking work in-process (`create_booking`
             and the group commit, 1 and `--clients` requests at once), to split
             the HTTP cost from the database work.

Every request is real HTTP/1.1 on a keep-alive connection per client, with the
body and `Idempotency-Key` the app sends, and every answer is read and checked
(status, and a 201 must be the booking asked for); the client is lean
(bench/http1.py) so that it does not take the server's CPU.

`--noise` runs a busy neighbour for the whole rush: half a core (or CORES) of CPU
in its own process at the same priority (`bench/noise.py`). `--http-server granian`
puts granian in front of the same app instead of uvicorn (an alternative measured).
`--rush-only` stops after phase 2 (for sweeps); `--profile DIR` samples the server
with py-spy (`pip install py-spy`) during the rush and prints its busiest functions.

The bench client runs on the same machine and uses CPU too: the summary shows
how the CPU time of the rush was shared (server, bench client, a local PostgreSQL,
everything else) and the CPU milliseconds per booking, which other load on the
machine disturbs less than the rate. The summary's target: closed loop ≥ 1000/s;
open loop keeping up with the rate offered (≥ 99 % of it: the last answers' latency
stretches the window); and p99 ≤ 100 ms, nothing oversold, durable, replays identical.
An open loop caps the HTTP rate at the one offered, so its "HTTP / in-process" ratio
falls as the in-process path gets faster: the closed loop's ratio says more. Rate
limits are switched off in the server
(`LSR_RATE_LIMITS=false`): one address books thousands of times. Quotas are
changed in the database before the server starts (the server reads service quotas
into memory at startup); the limited date gets its `service_day` counter row
inserted with the small quota before any booking.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, func, make_url, select, text, update  # noqa: E402

from bench.http1 import Connection, ProtocolError  # noqa: E402
from bench.noise import Noise  # noqa: E402

FACILITY = "pkm-sumber"
SERVICE_CODE = "poli-umum"
BIG_QUOTA = 1_000_000
OVERSELL_QUOTA = {"jkn": 60, "non_jkn": 40}  # 100 in all
SECRET = "bench-secret-layanan-sehat-rembang-" + "x" * 16
CLK_TCK = os.sysconf("SC_CLK_TCK")
ONE_CONNECTION = httpx.Limits(max_connections=1, max_keepalive_connections=1)


# ------------------------------------------------------------------ patients


def nik_birth(index: int) -> tuple[str, dt.date]:
    """A distinct valid NIK (Kecamatan Sumber, 33.17.01) and its birth date per index.

    9,999 serials per birth date, birth dates from 1 Jan 1950 on: 180 million NIKs
    before 2000, so the two-digit year always reads as 19YY.
    """
    serial = index % 9999 + 1
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=index // 9999)
    woman = (index // 9999) % 2 == 1
    day = birth.day + (40 if woman else 0)
    return f"331701{day:02d}{birth:%m%y}{serial:04d}", birth


def booking_body(service_id: int, day: dt.date, index: int, payer: str) -> bytes:
    nik, birth = nik_birth(index)
    body = {
        "service_id": service_id,
        "service_date": day.isoformat(),
        "payer": payer,
        "patient": {
            "name": "Siti Aminah",
            "nik": nik,
            "phone": f"0812{index % 100_000_000:08d}",  # one phone per family: at most 5 active
            "birth_date": birth.isoformat(),
            "bpjs_number": f"{index + 1:013d}" if payer == "jkn" else None,
        },
        "consent_version": "2026-11",
    }
    return json.dumps(body).encode()


# ------------------------------------------------------------------ machine


def source() -> str:
    """The commit benchmarked, and whether the working tree differs from it."""
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                             capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "server", "api_client"],
                               cwd=ROOT, text=True, capture_output=True).stdout.strip()
        return f"{sha}{' + uncommitted changes in server/ or api_client/' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        marker = ROOT / "SOURCE_COMMIT"
        return marker.read_text().strip() if marker.exists() else "unknown"


def machine() -> dict[str, object]:
    model = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_gb = 0.0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "ram_gb": mem_gb,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "kernel": platform.release(),
        "nice": os.nice(0),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def proc_cpu(pid: int) -> float:
    """User + system CPU seconds of one process (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def tree_cpu(pid: int) -> dict[int, float]:
    """CPU seconds of a process and of each of its children (the workers of `--workers`)."""
    by_pid = {pid: proc_cpu(pid)}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                by_pid[int(entry.name)] = proc_cpu(int(entry.name))
    return by_pid


def system_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine, all cores."""
    parts = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = parts[3] + parts[4]
    total = sum(parts[:8])
    return (total - idle) / CLK_TCK, total / CLK_TCK


def postgres_pids(port: int | None) -> list[int]:
    """The postmaster listening on `port` on this machine, and its children."""
    if not port:
        return []
    masters, parents = [], {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents[int(entry.name)] = ppid
        if argv and argv[0].endswith(b"postgres") and str(port).encode() in b" ".join(argv):
            masters.append(int(entry.name))
    return masters + [pid for pid, ppid in parents.items() if ppid in masters]


@dataclass
class CpuMeter:
    """CPU seconds of the server, this client, the local PostgreSQL, and the rest."""

    server_pid: int
    pg_port: int | None = None
    start: tuple[float, float, float] = (0, 0, 0)
    pg_start: dict[int, float] = field(default_factory=dict)
    server_start: dict[int, float] = field(default_factory=dict)

    def begin(self) -> None:
        busy, total = system_cpu()
        self.pg_start = {pid: proc_cpu(pid) for pid in postgres_pids(self.pg_port)}
        self.server_start = tree_cpu(self.server_pid)
        self.start = (time.process_time(), busy, total)

    def end(self, wall: float) -> dict[str, object]:
        busy, total = system_cpu()
        # Per process: with `--workers`, how evenly the connections fell on the workers.
        by_process = {pid: cpu - self.server_start.get(pid, 0.0)
                      for pid, cpu in tree_cpu(self.server_pid).items()}
        server = sum(by_process.values())
        client = time.process_time() - self.start[0]
        db = sum(proc_cpu(pid) - self.pg_start.get(pid, 0.0)
                 for pid in postgres_pids(self.pg_port))
        busy -= self.start[1]
        other = max(busy - server - client - db, 0)
        return {
            "server_cpu_s": round(server, 2),
            "client_cpu_s": round(client, 2),
            "postgres_cpu_s": round(db, 2),
            "other_cpu_s": round(other, 2),
            "server_cores": round(server / wall, 2),
            "client_cores": round(client / wall, 2),
            "postgres_cores": round(db / wall, 2),
            "other_cores": round(other / wall, 2),
            "machine_busy_pct": round(100 * busy / max(total - self.start[2], 1e-9), 1),
            "server_cores_by_process": sorted((round(c / wall, 2) for c in by_process.values()),
                                              reverse=True),
        }


# ------------------------------------------------------------------ the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python -m server --no-web` as a child process on the bench's data."""

    def __init__(self, data_dir: Path, database_url: str | None,
                 switch_interval: float | None = None, workers: int = 1,
                 http_server: str = "uvicorn") -> None:
        self.http_server = http_server
        self.switch_interval = switch_interval
        self.workers = workers
        self.data_dir = data_dir
        self.database_url = database_url
        self.port = 0
        self.base = ""
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "server.log"

    def start(self) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/api"
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(
            PYTHONPATH=str(ROOT), LSR_DATA_DIR=str(self.data_dir), LSR_SECRET_KEY=SECRET,
            # One address books thousands of times here: the abuse limits would
            # answer 429 after 20 (the setting exists for load benchmarks).
            LSR_RATE_LIMITS="false",
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        if self.http_server == "granian":
            # The alternative measured (issue 19): granian's Rust HTTP/1.1 in front of the
            # same app (`worker_app`), settings from the environment as in `--workers`.
            argv = ["-m", "granian", "--interface", "asgi", "--factory", "--loop", "uvloop",
                    "--host", "127.0.0.1", "--port", str(self.port), "--workers",
                    str(self.workers), "--log-level", "warning", "--no-ws",
                    "server.__main__:worker_app"]
            if self.workers > 1:
                env["LSR_EVENT_RELAY"] = "socket"
            with self.log.open("ab") as log:
                self.proc = subprocess.Popen([sys.executable, *argv], cwd=ROOT, env=env,
                                             stdout=log, stderr=subprocess.STDOUT, process_group=0)
            self._wait_ready()
            return
        with self.log.open("ab") as log:
            argv = ["-m", "server"]
            if self.switch_interval is not None:
                argv = ["-c", "import runpy, sys; sys.setswitchinterval("
                        f"{self.switch_interval}); sys.argv[0] = 'server'; "
                        "runpy.run_module('server', run_name='__main__', alter_sys=True)"]
            self.proc = subprocess.Popen(
                [sys.executable, *argv, "--no-web", "--host", "127.0.0.1",
                 "--port", str(self.port),
                 *(["--workers", str(self.workers)] if self.workers != 1 else [])],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                process_group=0,  # kill9 takes the workers too (same session: same autogroup)
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                tail = "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])
                raise SystemExit(f"the server exited ({self.proc.returncode}):\n{tail}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base}/health", timeout=1).status_code == 200:
                    return
            time.sleep(0.1)
        raise SystemExit(f"the server did not answer /api/health in 60 s; see {self.log}")

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def kill9(self) -> None:
        """SIGKILL the server and its workers at once (its own process group)."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# ------------------------------------------------------------------ the database


class BenchDatabase:
    """A fresh database for the run: a SQLite file in the data folder, or a
    PostgreSQL database created next to `--database-url`'s and dropped after."""

    def __init__(self, base_url: str | None, data_dir: Path, keep: bool) -> None:
        self.keep = keep
        self.admin = None
        self.name = None
        self.url: str | None = None  # what the server gets as DATABASE_URL (None: SQLite)
        if base_url:
            parsed = make_url(base_url)
            self.admin = create_engine(
                parsed.set(database="postgres"), isolation_level="AUTOCOMMIT"
            )
            self.name = f"lsr_bench_{uuid.uuid4().hex[:10]}"
            with self.admin.connect() as c:
                c.execute(text(f"CREATE DATABASE {self.name}"))
            self.url = parsed.set(database=self.name).render_as_string(hide_password=False)
        self.sqlalchemy_url = self.url or f"sqlite:///{(data_dir / 'layanan.db').resolve()}"

    @property
    def backend(self) -> str:
        return "postgresql" if self.url else "sqlite"

    def server_version(self) -> str:
        if self.admin is None:
            synchronous = os.environ.get("LSR_SQLITE_SYNCHRONOUS", "NORMAL")
            return f"SQLite {sqlite3.sqlite_version} (WAL, synchronous={synchronous})"
        with self.admin.connect() as c:
            version = c.execute(text("show server_version")).scalar()
            fsync = c.execute(text("show fsync")).scalar()
            sync_commit = c.execute(text("show synchronous_commit")).scalar()
        return f"PostgreSQL {version} (fsync={fsync}, synchronous_commit={sync_commit})"

    def drop(self) -> None:
        if self.admin is None:
            return
        if not self.keep:
            with self.admin.connect() as c:
                c.execute(text(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)"))
        self.admin.dispose()


def settings_for(data_dir: Path, url: str | None):  # type: ignore[no-untyped-def]
    from server.settings import Settings

    return Settings(data_dir=data_dir, database_url=url, secret_key=SECRET)


@dataclass
class Plan:
    service_id: int
    rush_day: dt.date
    oversell_day: dt.date
    spare_day: dt.date  # warm-up and crash
    direct_days: list[dt.date]  # the in-process booking transaction: 1 thread, many


def prepare(data_dir: Path, db: BenchDatabase) -> Plan:
    """Migrate and seed, raise the quotas of the target service, pick the dates and
    put the limited quota on the oversell date — all before the server starts."""
    from server.app import open_state
    from server.facilities.tables import ServiceRow
    from server.queue.tables import ServiceDayRow
    from server.queue.window import availability

    state = open_state(settings_for(data_dir, db.url))
    try:
        service = next(
            s for s in state.directory.facilities[FACILITY].services if s.code == SERVICE_CODE
        )
        with state.db.write_transaction() as session:
            session.execute(
                update(ServiceRow).where(ServiceRow.id == service.id)
                .values(quota_jkn=BIG_QUOTA, quota_non_jkn=BIG_QUOTA)
            )
        now = state.clock()
        today = now.date()
        with state.db.read() as session:
            days = availability(
                session=session, directory=state.directory, service=service, now=now,
                days_ahead=state.settings.booking_days_ahead,
            ).days
        open_days = [d.service_date for d in days if d.open and d.service_date != today]
        if len(open_days) < 4:
            raise SystemExit(f"need 4 open days that are not today, got {open_days}")
        plan = Plan(service.id, *open_days[:3], direct_days=open_days[3:5])
        with state.db.write_transaction() as session:
            session.add(ServiceDayRow(
                service_id=service.id, service_date=plan.oversell_day, last_number=0,
                quota_jkn=OVERSELL_QUOTA["jkn"], quota_non_jkn=OVERSELL_QUOTA["non_jkn"],
                quota_walkin=0, used_jkn=0, used_non_jkn=0, used_walkin=0, priority_streak=0,
            ))
        return plan
    finally:
        state.db.dispose()


# ------------------------------------------------------------------ HTTP rush


@dataclass
class Result:
    index: int
    payer: str
    started: float
    latency: float
    status: int | str  # HTTP status, or the exception's name
    code: str = ""  # error code, or the booking code when 201
    number: int = 0
    answer: bytes = b""  # the body as received (the replay check compares them)


@dataclass
class Rush:
    name: str
    results: list[Result] = field(default_factory=list)
    wall: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)
    requests: dict[int, tuple[str, bytes]] = field(default_factory=dict)  # index: key, body

    @property
    def confirmed(self) -> list[Result]:
        """One 201 per booking (a request sent in several copies counts once)."""
        return list({r.index: r for r in self.results if r.status == 201}.values())


async def rush(
    name: str,
    base: str,
    *,
    service_id: int,
    day: dt.date,
    indices: list[int],
    clients: int,
    meter: CpuMeter | None = None,
    stop: asyncio.Event | None = None,
    on_confirmed=None,  # type: ignore[no-untyped-def]
    rate: float | None = None,
    copies: int = 1,
) -> Rush:
    """`clients` keep-alive connections booking `indices` (each once, or `copies`
    times one after the other in the queue with one key: a client's retries racing
    its first try into the workers).

    Closed loop (`rate` None): each client sends its next booking as soon as the
    last is answered, so the rate is the most the server gives, and by Little's law
    the mean latency is `clients` / rate. Open loop (`rate` per second): booking k is
    due at start + k / rate, sent by the next free client, and its latency counts
    from when it was due (a late send counts as waiting: no coordinated omission).
    """
    payers = {i: ("non_jkn" if i % 3 == 0 else "jkn") for i in indices}
    bodies = [(i, booking_body(service_id, day, i, payers[i])) for i in indices
              for _ in range(copies)]
    keys = {i: f"bench-{name}-{uuid.uuid4().hex}" for i in indices}
    out = Rush(name, requests={i: (keys[i], body) for i, body in bodies})
    url = httpx.URL(base)
    prefix = url.path.rstrip("/")
    # One connection per simulated client, spoken to by a lean HTTP/1.1 client
    # (bench/http1.py): httpx costs ~0.9 ms CPU per request, CPU the server lacks.
    conns = [Connection(url.host, url.port or 80) for _ in range(clients)]
    wanted = day.isoformat()
    try:
        # Open the connections before the clock starts.
        await asyncio.gather(*(c.request("GET", f"{prefix}/health") for c in conns))
        queue = iter(enumerate(bodies))
        start = 0.0

        async def client(conn: Connection) -> None:
            for seq, (index, body) in queue:
                if stop is not None and stop.is_set():
                    return
                headers = {"content-type": "application/json", "idempotency-key": keys[index]}
                if rate:
                    t0 = start + seq / rate
                    delay = t0 - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                else:
                    t0 = time.perf_counter()
                try:
                    resp = await conn.request("POST", f"{prefix}/bookings", body, headers)
                except (ProtocolError, OSError) as exc:
                    out.results.append(Result(index, payers[index], t0,
                                              time.perf_counter() - t0, type(exc).__name__))
                    if stop is not None:
                        return
                    continue
                latency = time.perf_counter() - t0
                data = json.loads(resp.body)
                if resp.status == 201:
                    ticket = data["ticket"]
                    if data["service_date"] != wanted or ticket["service_id"] != service_id:
                        result = Result(index, payers[index], t0, latency, "wrong booking")
                    else:
                        result = Result(index, payers[index], t0, latency, 201,
                                        data["booking_code"], ticket["number"], resp.body)
                    if on_confirmed is not None:
                        on_confirmed(result)
                else:
                    result = Result(index, payers[index], t0, latency, resp.status,
                                    data.get("error", {}).get("code", "?"), answer=resp.body)
                out.results.append(result)

        if meter:
            meter.begin()
        start = time.perf_counter()
        await asyncio.gather(*(client(conn) for conn in conns))
        out.wall = time.perf_counter() - start
        if meter:
            out.cpu = meter.end(out.wall)
    finally:
        await asyncio.gather(*(conn.close() for conn in conns), return_exceptions=True)
    return out


def arun(coro):  # type: ignore[no-untyped-def]
    """Run the client on uvloop when it is installed (less CPU per request)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def summarize(r: Rush) -> dict[str, object]:
    ok = r.confirmed
    lat = [x.latency * 1000 for x in r.results]
    by_code = Counter(f"{x.status} {x.code}" if x.status != 201 else "201"
                      for x in r.results)
    # How the rate moves through the rush (the queue for one day grows).
    ends = sorted(x.started + x.latency for x in ok)
    by_start = sorted(r.results, key=lambda x: x.started)
    p99_tenths = []
    if len(by_start) >= 100:
        step = len(by_start) // 10
        p99_tenths = [round(percentile([x.latency * 1000 for x in by_start[k * step:(k + 1) * step]],
                                       99), 1) for k in range(10)]
    tenths = []
    if len(ends) >= 20:
        step = len(ends) // 10
        for k in range(10):
            chunk = ends[k * step:(k + 1) * step]
            span = chunk[-1] - chunk[0]
            tenths.append(round((len(chunk) - 1) / span, 1) if span > 0 else None)
    return {
        "attempts": len(r.results),
        "confirmed": len(ok),
        "wall_s": round(r.wall, 3),
        "confirmed_per_s": round(len(ok) / r.wall, 1) if r.wall else 0,
        "latency_ms": {
            "p50": round(percentile(lat, 50), 1),
            "p90": round(percentile(lat, 90), 1),
            "p99": round(percentile(lat, 99), 1),
            "max": round(max(lat), 1) if lat else None,
            "mean": round(statistics.fmean(lat), 1) if lat else None,
        },
        "responses": dict(by_code.most_common()),
        "rate_by_tenth": tenths,
        "p99_ms_by_tenth": p99_tenths,
        "cpu": r.cpu,
        # CPU cost per booking: less sensitive than the rate to other load on the machine.
        "server_cpu_ms_per_confirmed": round(1000 * r.cpu["server_cpu_s"] / len(ok), 2)
        if r.cpu and ok else None,
        "client_cpu_ms_per_request": round(1000 * r.cpu["client_cpu_s"] / len(r.results), 2)
        if r.cpu and r.results else None,
    }


def duplicates(results: list[Result]) -> int:
    numbers = Counter(x.number for x in results)
    return sum(n - 1 for n in numbers.values() if n > 1)


# ------------------------------------------------------------------ durability


async def replays(base: str, sent: Rush, clients: int) -> dict[str, object]:
    """Send every request of `sent` once more with its key, after the rush: every
    answer one key got (the racing copies and this one) must be the same status and
    body, byte for byte (server/idempotency.py)."""
    again: dict[int, tuple[int, bytes]] = {}
    https = [httpx.AsyncClient(base_url=base, limits=ONE_CONNECTION, timeout=120)
             for _ in range(clients)]
    queue = iter(sent.requests.items())

    async def sender(http: httpx.AsyncClient) -> None:
        for index, (key, body) in queue:
            resp = await http.post("/bookings", content=body, headers={
                "content-type": "application/json", "idempotency-key": key})
            again[index] = (resp.status_code, resp.content)

    try:
        await asyncio.gather(*(sender(http) for http in https))
    finally:
        await asyncio.gather(*(http.aclose() for http in https), return_exceptions=True)
    answers: dict[int, set[tuple[object, bytes]]] = {i: {a} for i, a in again.items()}
    for r in sent.results:
        answers[r.index].add((r.status, r.answer))
    differing = {i: sorted((str(s), b[:120].decode(errors="replace")) for s, b in a)
                 for i, a in answers.items() if len(a) > 1}
    return {"keys": len(answers), "answers": len(sent.results) + len(again),
            "keys_with_differing_answers": len(differing),
            "examples": dict(list(differing.items())[:3])}


async def read_back(base: str, codes: list[str], clients: int) -> tuple[int, list[str]]:
    """GET every code; a dropped connection is retried (the server may be busy)."""
    missing: list[str] = []
    https = [httpx.AsyncClient(base_url=base, limits=ONE_CONNECTION, timeout=120)
             for _ in range(clients)]
    queue = iter(codes)

    async def reader(http: httpx.AsyncClient) -> None:
        for code in queue:
            for attempt in range(5):
                try:
                    resp = await http.get(f"/bookings/{code}")
                    break
                except httpx.TransportError:
                    if attempt == 4:
                        raise
                    await asyncio.sleep(0.5)
            if resp.status_code != 200 or resp.json()["booking_code"] != code:
                missing.append(code)

    try:
        await asyncio.gather(*(reader(http) for http in https))
    finally:
        await asyncio.gather(*(http.aclose() for http in https), return_exceptions=True)
    return len(codes) - len(missing), missing


def db_check(url: str, service_id: int, plan: Plan) -> dict[str, object]:
    """What the database holds after the crash: counters vs tickets, quotas, duplicates."""
    from server.queue.tables import ServiceDayRow, TicketRow

    engine = create_engine(url)
    out: dict[str, object] = {}
    with engine.connect() as c:
        for label, day in (("rush", plan.rush_day), ("oversell", plan.oversell_day),
                           ("spare", plan.spare_day)):
            row = c.execute(select(ServiceDayRow.__table__).where(
                (ServiceDayRow.service_id == service_id) & (ServiceDayRow.service_date == day)
            )).mappings().first()
            tickets, distinct = c.execute(
                select(func.count(), func.count(func.distinct(TicketRow.number))).where(
                    (TicketRow.service_id == service_id) & (TicketRow.service_date == day)
                )
            ).one()
            if row is None:
                continue
            over = max(row["used_jkn"] - row["quota_jkn"], 0) + max(
                row["used_non_jkn"] - row["quota_non_jkn"], 0)
            out[label] = {
                "tickets": tickets, "duplicate_numbers": tickets - distinct,
                "last_number": row["last_number"], "used_jkn": row["used_jkn"],
                "used_non_jkn": row["used_non_jkn"], "over_quota": over,
            }
    engine.dispose()
    return out


# ------------------------------------------------------------------ direct


def direct_allocations(url: str, threads: int, seconds: float,
                       day: dt.date) -> dict[str, float]:
    """`allocate_number` in `write_transaction`, as fast as `threads` threads go."""
    from server.db import Database
    from server.facilities.directory import Directory
    from server.queue.allocation import allocate_number

    db = Database(url)
    with db.read() as session:
        directory = Directory.load(session)
    service = next(s for s in directory.facilities[FACILITY].services if s.code == SERVICE_CODE)
    count = [0] * threads
    errors = Counter()
    deadline = time.perf_counter() + seconds
    barrier = threading.Barrier(threads + 1)

    def work(k: int) -> None:
        barrier.wait()
        while time.perf_counter() < deadline:
            try:
                with db.write_transaction() as session:
                    number = allocate_number(session=session, service=service, day=day, pool="jkn")
                assert number is not None
                count[k] += 1
            except Exception as exc:  # noqa: BLE001 - counted, shown in the summary
                errors[type(exc).__name__] += 1

    pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    start, cpu0 = time.perf_counter(), time.process_time()
    barrier.wait()
    for t in pool:
        t.join()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu0
    with db.read() as session:
        from server.queue.tables import ServiceDayRow
        last = session.get(ServiceDayRow, (service.id, day)).last_number
    db.dispose()
    total = sum(count)
    return {
        "threads": threads, "allocations": total, "wall_s": round(wall, 3),
        "per_s": round(total / wall, 1), "last_number_matches": last == total,
        "cpu_ms_per": round(1000 * cpu / total, 3) if total else None,
        "errors": dict(errors),
    }


def direct_bookings(url: str, concurrent: int, count: int, day: dt.date,
                    base: int = 150_000_000,
                    beside: Callable[[asyncio.Event], Awaitable[None]] | None = None) -> dict[str, float]:
    """The server's booking work in-process, no HTTP: the checks and sealing
    (`create_booking`) and the group commit (`GroupCommit.submit`), with `concurrent`
    requests in flight (1: one transaction per booking; more: they share
    transactions as in the server). Request models are built beforehand. `beside`:
    a coroutine function run in the same event loop until the bookings are done
    (given an `asyncio.Event` set then; bench/loop_stalls.py's probe)."""
    from api_client.models import BookingCreate
    from server.clock import system_clock
    from server.db import Database
    from server.events.bus import EventBus
    from server.facilities.directory import Directory
    from server.idempotency import request_hash
    from server.queue.group_commit import GroupCommit, Order
    from server.queue.intake import create_booking
    from server.queue.limits import BookingLimits
    from server.settings import Settings
    from server.vault import Vault

    db = Database(url)
    with db.read() as session:
        directory = Directory.load(session)
    service = next(s for s in directory.facilities[FACILITY].services if s.code == SERVICE_CODE)
    models = [
        BookingCreate.model_validate_json(
            booking_body(service.id, day, base + i, "non_jkn" if i % 3 == 0 else "jkn"))
        for i in range(count)
    ]
    vault = Vault(SECRET)
    defaults = Settings()  # the limits the server applies (server/queue/limits.py)
    group = GroupCommit(db, BookingLimits(per_phone=defaults.max_active_bookings_per_phone,
                                          per_nik=defaults.max_active_bookings_per_nik),
                        bus=EventBus())  # as the server's, with nobody listening
    done: Counter[str] = Counter()
    work_items = iter(enumerate(models))

    async def submitter() -> None:
        for i, data in work_items:
            now = system_clock()
            try:
                new = create_booking(directory=directory, data=data, now=now, vault=vault,
                                     days_ahead=60)
                await group.submit(Order(
                    key=f"direct-{i}-{uuid.uuid4().hex[:8]}",
                    fingerprint=request_hash(vault.keyring, "/bookings", data), now=now, new=new,
                    directory=directory,
                ))
                done["ok"] += 1
            except Exception as exc:  # noqa: BLE001 - counted, shown in the summary
                done[type(exc).__name__] += 1

    async def all_submitters() -> None:
        done_event = asyncio.Event()
        watcher = asyncio.ensure_future(beside(done_event)) if beside else None
        await asyncio.gather(*(submitter() for _ in range(concurrent)))
        done_event.set()
        if watcher is not None:
            await watcher

    start, cpu0 = time.perf_counter(), time.process_time()
    arun(all_submitters())
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu0
    db.dispose()
    return {
        "concurrent": concurrent, "bookings": done["ok"], "wall_s": round(wall, 3),
        "per_s": round(done["ok"] / wall, 1),
        "cpu_ms_per": round(1000 * cpu / done["ok"], 3) if done["ok"] else None,
        "errors": {k: v for k, v in done.items() if k != "ok"},
    }


# ------------------------------------------------------------------ profile


def start_profiler(pid: int, out_dir: Path) -> subprocess.Popen[bytes] | None:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(py_spy).exists():
        print("  (py-spy not found: pip install py-spy; no profile)")
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [py_spy, "record", "-p", str(pid), "--subprocesses", "-r", "200", "-f", "raw", "--gil",
         "-o", str(out_dir / "server.collapsed"), "--nonblocking"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def stop_profiler(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is None:
        return
    proc.send_signal(signal.SIGINT)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=60)


def profile_top(path: Path, n: int = 25) -> list[tuple[str, float, float]]:
    """(function, inclusive %, self %) from py-spy's collapsed stacks, busiest first."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, weight = line.rpartition(" ")
        w = int(weight)
        total += w
        frames = [f.split(" (")[0] + " (" + f.split(" (")[1].split(":")[0] + ")"
                  if " (" in f else f for f in stack.split(";")]
        for f in set(frames):
            inclusive[f] += w
        own[frames[-1]] += w
    return [(f, 100 * inclusive[f] / total, 100 * own[f] / total)
            for f, _ in inclusive.most_common(n)] if total else []


# ------------------------------------------------------------------ main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL server to create a fresh "
                        "database on (postgresql+psycopg://user@host:port/any); SQLite when unset")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--bookings", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1,
                        help="server worker processes (python -m server --workers N)")
    parser.add_argument("--rate", type=float, help="open loop: offer this many bookings/s "
                        "in the rush (latency counted from each booking's due time); "
                        "default: closed loop, as fast as the server answers")
    parser.add_argument("--oversell-attempts", type=int, default=500)
    parser.add_argument("--oversell-copies", type=int, default=4,
                        help="each oversell request sent this many times at once with one "
                        "key (a retry racing its first try), then once more after the phase; "
                        "every answer of a key must be the same")
    parser.add_argument("--crash-bookings", type=int, default=2_000,
                        help="bookings of the rush that is cut by kill -9 (0: kill when idle)")
    parser.add_argument("--direct-seconds", type=float, default=5.0,
                        help="how long each in-process allocation loop runs")
    parser.add_argument("--direct-bookings", type=int, default=2_000,
                        help="in-process booking transactions per thread setting")
    parser.add_argument("--profile", type=Path, help="py-spy the server during the rush "
                        "into this folder (slows the server: numbers are not comparable)")
    parser.add_argument("--http-server", choices=("uvicorn", "granian"), default="uvicorn",
                        help="the HTTP server in front of the app (granian: an alternative "
                        "measured, `pip install granian`; API only)")
    parser.add_argument("--noise", type=float, nargs="?", const=0.5, metavar="CORES",
                        help="a busy neighbour: a competing CPU load of this fraction of a "
                        "core (default 0.5) in its own process, same priority, for the "
                        "whole rush (bench/noise.py)")
    parser.add_argument("--rush-only", action="store_true",
                        help="skip the oversell, kill -9 and direct phases (for sweeps)")
    parser.add_argument("--switch-interval", type=float,
                        help="diagnosis only: start the server with sys.setswitchinterval(x)")
    parser.add_argument("--json", type=Path, help="write every number here")
    parser.add_argument("--keep", action="store_true", help="keep the data folder / database")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="lsr-bench-"))
    db = BenchDatabase(args.database_url, data_dir, args.keep)
    report: dict[str, object] = {
        "machine": machine(), "database": db.server_version(), "backend": db.backend,
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "source": source(),
        "clients": args.clients, "bookings": args.bookings,
    }
    busy0, total0 = system_cpu()
    time.sleep(2)
    busy1, total1 = system_cpu()
    idle_busy = round(100 * (busy1 - busy0) / max(total1 - total0, 1e-9), 1)
    report["machine_busy_before_pct"] = idle_busy
    if idle_busy > 10:
        print(f"WARNING: the machine is {idle_busy} % busy before the run (other work): "
              "see 'everything else' below")
    server = Server(data_dir, db.url, args.switch_interval, args.workers, args.http_server)
    report["http_server"] = args.http_server
    report["workers"] = args.workers
    report["switch_interval"] = args.switch_interval
    try:
        run(args, report, db, server, data_dir)
    finally:
        server.stop()
        db.drop()
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
        print(f"\nwritten: {args.json}")


def run(args, report, db: BenchDatabase, server: Server, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    m = report["machine"]
    print(f"machine   {m['nproc']} × {m['cpu']}, {m['ram_gb']} GB, Python {m['python']}, "
          f"{m['date']}, load {' '.join(m['loadavg'])}, nice {m['nice']}")
    print(f"database  {report['database']}")
    print(f"source    {report['source']} ({ROOT}); rate limits off")
    plan = prepare(data_dir, db)
    report["plan"] = {"service_id": plan.service_id, "rush_day": plan.rush_day,
                      "oversell_day": plan.oversell_day, "spare_day": plan.spare_day,
                      "direct_days": plan.direct_days}
    server.start()
    sid = plan.service_id
    avail = httpx.get(f"{server.base}/services/{sid}/availability").json()["days"]
    limited = next(d for d in avail if d["service_date"] == plan.oversell_day.isoformat())
    assert limited["open"] and limited["left_jkn"] == OVERSELL_QUOTA["jkn"], limited
    print(f"server    pid {server.pid} on {server.base}; Poli Umum (service {sid}); "
          f"rush on {plan.rush_day}, oversell on {plan.oversell_day}")
    meter = CpuMeter(server.pid, make_url(db.url).port if db.url else None)
    confirmed_codes: list[str] = []

    warm = arun(rush("warm", server.base, service_id=sid, day=plan.spare_day,
                            indices=list(range(0, min(args.clients * 2, 1000))),
                            clients=args.clients))
    confirmed_codes += [r.code for r in warm.confirmed]

    # 1. rush
    profiler = start_profiler(server.pid, args.profile) if args.profile else None
    with contextlib.ExitStack() as neighbour:
        noise = neighbour.enter_context(Noise(args.noise)) if args.noise else None
        main_rush = arun(rush(
            "rush", server.base, service_id=sid, day=plan.rush_day,
            indices=list(range(100_000, 100_000 + args.bookings)), clients=args.clients,
            meter=meter, rate=args.rate,
        ))
    stop_profiler(profiler)
    confirmed_codes += [r.code for r in main_rush.confirmed]
    s = summarize(main_rush)
    s["duplicate_numbers"] = duplicates(main_rush.confirmed)
    report["rush"] = s
    lat = s["latency_ms"]
    loop_kind = f"open loop, {args.rate:g} offered/s" if args.rate else "closed loop"
    report["rush"]["offered_per_s"] = args.rate
    report["rush"]["noise"] = noise.summary() if noise else None
    print(f"\nrush      {s['confirmed']}/{s['attempts']} confirmed in {s['wall_s']} s "
          f"at {args.clients} clients ({loop_kind})")
    print(f"          {s['confirmed_per_s']} confirmed bookings/s   p50 {lat['p50']} ms   "
          f"p99 {lat['p99']} ms   max {lat['max']} ms")
    print(f"          responses {s['responses']}")
    print(f"          rate by tenth of the rush /s: {s['rate_by_tenth']}")
    print(f"          p99 by tenth of the rush, ms: {s['p99_ms_by_tenth']}")
    c = s["cpu"]
    print(f"          CPU cores busy: server {c['server_cores']}, bench client "
          f"{c['client_cores']}, PostgreSQL {c['postgres_cores']}, everything else "
          f"{c['other_cores']}; machine {c['machine_busy_pct']} %")
    if len(c["server_cores_by_process"]) > 1:
        print(f"          server by process, cores: {c['server_cores_by_process']} "
              "(with --workers: the supervisor and each worker)")
    if noise:
        print(f"          noise: {noise.fraction:g} of a core asked, {noise.cores} taken "
              "(part of 'everything else')")
    print(f"          CPU per booking: server {s['server_cpu_ms_per_confirmed']} ms, "
          f"bench client {s['client_cpu_ms_per_request']} ms")
    if args.rate:
        print("          (an open loop: the group commit's batches shrink to fill whatever CPU "
              "is free, so this is\n          not the booking's cost; a closed loop's rate is "
              "the capacity: docs/benchmarks.md)")

    if args.profile and (args.profile / "server.collapsed").exists():
        top = profile_top(args.profile / "server.collapsed")
        report["profile_top"] = top
        print(f"\nprofile   server during the rush ({args.profile / 'server.collapsed'}),"
              " busiest functions (% of samples holding the GIL: inclusive, self):")
        for name, inc, own in top:
            print(f"          {inc:5.1f} {own:5.1f}  {name}")

    if args.rush_only:
        return

    # 2. oversell
    over = arun(rush(
        "oversell", server.base, service_id=sid, day=plan.oversell_day,
        indices=list(range(50_000_000, 50_000_000 + args.oversell_attempts)),
        clients=args.oversell_attempts, copies=args.oversell_copies,
    ))
    replayed = arun(replays(server.base, over, min(args.clients, 100)))
    confirmed_codes += [r.code for r in over.confirmed]
    by_payer = Counter(r.payer for r in over.confirmed)
    oversold = sum(max(by_payer[p] - q, 0) for p, q in OVERSELL_QUOTA.items())
    numbers = sorted(r.number for r in over.confirmed)
    quota = sum(OVERSELL_QUOTA.values())
    report["oversell"] = {
        **summarize(over), "quota": dict(OVERSELL_QUOTA), "confirmed_by_payer": dict(by_payer),
        "oversold": oversold, "duplicate_numbers": duplicates(over.confirmed),
        "numbers_are_1_to_quota": numbers == list(range(1, quota + 1)),
        "copies_per_key": args.oversell_copies, "replays": replayed,
    }
    o = report["oversell"]
    print(f"\noversell  {o['attempts']} concurrent attempts on a quota of {quota} "
          f"(JKN {OVERSELL_QUOTA['jkn']}, non-JKN {OVERSELL_QUOTA['non_jkn']}): "
          f"{o['confirmed']} confirmed {dict(by_payer)}, responses {o['responses']}")
    print(f"          oversold {oversold}, duplicate numbers {o['duplicate_numbers']}, "
          f"numbers 1..{quota} exactly once: {o['numbers_are_1_to_quota']}")
    print(f"          replays: {replayed['keys']} keys sent {args.oversell_copies}x at once and "
          f"once more after, {replayed['answers']} answers; keys with differing answers "
          f"{replayed['keys_with_differing_answers']} {replayed['examples'] or ''}")

    # 3. crash: kill -9 in the middle of a rush, restart, read everything back.
    acked = [0]
    stop = None

    async def crash_rush() -> Rush:
        nonlocal stop
        stop = asyncio.Event()
        target = max(args.crash_bookings // 3, 1)

        def on_confirmed(_r: Result) -> None:
            acked[0] += 1
            if acked[0] == target and not stop.is_set():
                server.kill9()
                stop.set()

        return await rush(
            "crash", server.base, service_id=sid, day=plan.spare_day,
            indices=list(range(100_000_000, 100_000_000 + args.crash_bookings)),
            clients=args.clients, stop=stop, on_confirmed=on_confirmed,
        )

    if args.crash_bookings > 0:
        crash = arun(crash_rush())
        if server.proc and server.proc.poll() is None:
            server.kill9()
        confirmed_codes += [r.code for r in crash.confirmed]
        crash_summary = {"attempts": len(crash.results), "confirmed": len(crash.confirmed),
                         "responses": dict(Counter(str(r.status) for r in crash.results))}
    else:
        server.kill9()
        crash_summary = {"attempts": 0, "confirmed": 0, "responses": {}}
    server.start()
    readable, missing = arun(read_back(server.base, confirmed_codes,
                                              min(args.clients, 100)))
    report["durability"] = {
        "crash_rush": crash_summary, "confirmed_codes": len(confirmed_codes),
        "readable_after_restart": readable, "missing": missing[:20],
        "database": db_check(db.sqlalchemy_url, sid, plan),
    }
    print(f"\nkill -9   during a rush ({crash_summary['confirmed']} confirmed before the "
          f"kill, {crash_summary['responses']}); restarted on the same data")
    print(f"          durable: {readable}/{len(confirmed_codes)}")
    for label, row in report["durability"]["database"].items():
        print(f"          db {label:8} tickets {row['tickets']}, last number "
              f"{row['last_number']}, duplicate numbers {row['duplicate_numbers']}, "
              f"over quota {row['over_quota']}")
    server.stop()

    # 4. direct: same SQL, no HTTP (server stopped: nothing else on the database).
    fresh = plan.rush_day + dt.timedelta(days=400)
    one = direct_allocations(db.sqlalchemy_url, 1, args.direct_seconds, fresh)
    many = direct_allocations(db.sqlalchemy_url, args.clients, args.direct_seconds,
                              fresh + dt.timedelta(days=1))
    n_direct = args.direct_bookings
    many_at_once = args.clients
    full1 = direct_bookings(db.sqlalchemy_url, 1, n_direct, plan.direct_days[0])
    full_many = direct_bookings(db.sqlalchemy_url, many_at_once, n_direct,
                                plan.direct_days[-1], base=160_000_000)
    http_rate = report["rush"]["confirmed_per_s"]
    best = max(one["per_s"], many["per_s"])
    report["direct"] = {
        "allocate_number_1_thread": one, f"allocate_number_{args.clients}_threads": many,
        "booking_1_at_a_time": full1,
        f"booking_{many_at_once}_at_once": full_many,
        "http_over_direct_allocation": round(http_rate / best, 4) if best else None,
        "http_over_direct_booking": round(http_rate / max(full1["per_s"], full_many["per_s"]), 4)
        if full1["per_s"] else None,
    }
    print("\ndirect    no HTTP, in-process, on a fresh date, server stopped:")
    print(f"          allocate_number, 1 thread:     {one['per_s']} allocations/s "
          f"({one['cpu_ms_per']} ms CPU each) {one['errors'] or ''}")
    print(f"          allocate_number, {args.clients} threads: {many['per_s']} allocations/s "
          f"({many['cpu_ms_per']} ms CPU each) {many['errors'] or ''}")
    print(f"          booking (checks, sealing, group commit), 1 at a time ({n_direct} on an "
          f"empty day): {full1['per_s']} bookings/s ({full1['cpu_ms_per']} ms CPU each) "
          f"{full1['errors'] or ''}")
    print(f"          booking, {many_at_once} at once: {full_many['per_s']} "
          f"bookings/s ({full_many['cpu_ms_per']} ms CPU each) {full_many['errors'] or ''}")
    print(f"          HTTP / direct allocation = {report['direct']['http_over_direct_allocation']}"
          f"  (HTTP / in-process booking = {report['direct']['http_over_direct_booking']})")

    oversold_total = oversold + o["duplicate_numbers"] + s["duplicate_numbers"] + sum(
        r["over_quota"] + r["duplicate_numbers"]
        for r in report["durability"]["database"].values())
    report["oversold_total"] = oversold_total
    differing = o["replays"]["keys_with_differing_answers"]
    # Closed loop: as fast as it goes, ≥ 1000/s. Open loop: the rate is the one offered,
    # so it must keep up with it (the last answers' latency stretches the window a little).
    rate_wanted, rate_target = ((0.99 * args.rate, f"≥ 99 % of the {args.rate:g}/s offered")
                                if args.rate else (1000, "≥ 1000/s"))
    target = (s["confirmed_per_s"] >= rate_wanted and lat["p99"] <= 100 and oversold_total == 0
              and readable == len(confirmed_codes) and differing == 0)
    report["target_met"] = target
    print(f"\nsummary   {s['confirmed_per_s']} confirmed/s, p50 {lat['p50']} ms, p99 "
          f"{lat['p99']} ms, oversold {oversold_total}, durable {readable}/"
          f"{len(confirmed_codes)}, keys with differing answers {differing}; target "
          f"({rate_target}, p99 ≤ 100 ms, 0 oversold, durable, replays identical) "
          f"{'MET' if target else 'NOT MET'}")


if __name__ == "__main__":
    main()
