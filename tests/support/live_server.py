"""A real service process on 127.0.0.1, for what only a real process can show:
live event streams over HTTP and surviving `kill -9`."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from server.clock import WIB
from tests.support.web_build import WEB_BUILD_DIR, shared_web_build

ROOT = Path(__file__).resolve().parents[2]


PORTS_PER_WORKER = 2_000
FIRST_PORT = 12_000
"""Ports for the services the tests start: below Linux's ephemeral range (32768 up),
from which every outgoing connection (Chromium's, httpx's) takes its local port, and a
band of its own for each pytest-xdist worker. A port the kernel handed out (`bind` to
0) was free when asked, but a connection or the other worker could take it before the
service bound it; the test then talked to nothing, or to another test's service."""
_next_port = itertools.count()


def free_port() -> int:
    """A port on 127.0.0.1 nothing listens on, from this worker's band, never the same
    twice in one run."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    band = FIRST_PORT + worker % 10 * PORTS_PER_WORKER
    for _ in range(PORTS_PER_WORKER):
        port = band + next(_next_port) % PORTS_PER_WORKER
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {band}-{band + PORTS_PER_WORKER - 1}")


class LiveServer:
    SECRET = "live-test-secret-for-layanan-sehat-rembang"

    def __init__(
        self, data_dir: Path, database_url: str | None = None, *, web: bool = False,
        rate_limits: bool = False, demo: bool = True, env: dict[str, str] | None = None,
        entry: list[str] | None = None,
    ) -> None:
        """Rate limits are off by default: a test suite books faster than any person
        (tests/api/test_rate_limits.py tests them). `env`: settings of this server only,
        over the ones below (e.g. a real per-phone limit, LSR_REQUIRE_TOTP). `entry`: what
        runs instead of `-m server` (bench/session_probe.py: the same service, probed)."""
        self.env = dict(env or {})
        self.entry = entry or ["-m", "server"]
        self.data_dir = data_dir
        self.rate_limits = rate_limits
        self.demo = demo
        self.database_url = database_url
        self.web = web
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "server.log"
        self.demo_day: dt.date | None = None
        """The date its `LSR_DEMO_CLOCK` names, if it names one."""
        self.days_ahead = dt.timedelta(0)
        """How far its clock runs ahead of the real one when the demo clock names a day
        alone (tests/support/demo_day.py): a moment it records, minus this, is real."""

    @property
    def today(self) -> dt.date:
        """Today for this service: its demo clock's day, or today in Rembang."""
        return self.demo_day or dt.datetime.now(WIB).date()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    def start(self, timeout: float = 60) -> None:
        env = {
            **os.environ,
            "LSR_DATA_DIR": str(self.data_dir),
            "LSR_SECRET_KEY": self.SECRET,
            "PYTHONPATH": str(ROOT),
            "LSR_RATE_LIMITS": "true" if self.rate_limits else "false",
            # The tests book for many patients with one phone (tests/api/helpers.py);
            # the limits themselves: tests/api/test_booking_limits.py.
            "LSR_MAX_ACTIVE_BOOKINGS_PER_PHONE": "1000",
            "LSR_MAX_ACTIVE_BOOKINGS_PER_NIK": "1000",
            # The tests sign in with the demo accounts and kiosk keys (off by default).
            "LSR_DEMO": "true" if self.demo else "false",
            # A browser test closes its tabs after a minute or two; one shared web server
            # sees hundreds of them. Closed tabs' sessions (with their live loops) are let
            # go after a minute instead of five, as a busy instance in production would.
            "LSR_WEB_SESSION_TIMEOUT_SECONDS": "60",
            "LSR_WEB_BUILD_DIR": str(WEB_BUILD_DIR),
            # Four weeks of demo history are enough for every screen the browser tests read,
            # and a third of the twelve weeks' start-up time, paid by each test module.
            "LSR_DEMO_HISTORY_DAYS": "28",
            **self.env,
        }
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        args = [sys.executable, *self.entry, "--port", str(self.port)]
        if self.web:
            shared_web_build()
        else:
            args.append("--no-web")
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own server
                args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.api_url}/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise TimeoutError(f"server did not start: {self.log.read_text()[-2000:]}")

    def kill_9(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill_9()


@contextmanager
def instances_on(url: str, folder: Path, *, web: bool = False) -> Iterator[tuple[LiveServer, LiveServer]]:
    """Two service processes on one database (`folder/a`, `folder/b`), started one after
    the other: the first migrates and seeds."""
    servers = (LiveServer(folder / "a", url, web=web), LiveServer(folder / "b", url, web=web))
    try:
        for server in servers:
            server.data_dir.mkdir(parents=True)
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()
