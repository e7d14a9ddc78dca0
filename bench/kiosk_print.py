"""Kiosk: from the tap on "print" to the ticket's bytes at the printer.

    python bench/kiosk_print.py [--tickets 100] [--json out.json]

Starts the central service (`python -m server --no-web`, fresh SQLite data
folder) and a fake ESC/POS network printer on 127.0.0.1, then issues `--tickets`
walk-in numbers one after another the way the kiosk does on a tap
(views/kiosk/kiosk_model.py): `client.bookings.walk_in` with the kiosk's key (UGD of
Puskesmas Lasem, open 24/7, no quota), the ticket built in the kiosk's language
(`printed_ticket`), then `print_ticket` (python-escpos in a worker thread, TCP
port of the fake printer, paper-status query first). One measurement ends when
the printer has received the ticket's final cut command.

Reported: p50/p95/max of the whole path, and of its two halves (the API request;
ticket building and printing). Target: p95 ≤ 1 s. Screen rendering is not in
it (a few ms in the local web app).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from api_client import ApiClient, new_idempotency_key  # noqa: E402
from bench.figures import percentile  # noqa: E402
from components.printed_ticket import printed_ticket  # noqa: E402
from components.printing import PrintStatus, print_ticket, printer_for  # noqa: E402
from session.i18n import Translator  # noqa: E402

FACILITY = "pkm-lasem"
CUT = b"\x1dV\x00"
PAPER_STATUS_QUERY = b"\x10\x04\x04"


class FakePrinter:
    """An ESC/POS printer on 127.0.0.1:port: answers "paper present", and notes the
    moment each ticket's cut command arrives."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.cuts: list[float] = []
        self.bytes = 0
        self.cut_seen = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._connection, args=(conn,), daemon=True).start()

    def _connection(self, conn: socket.socket) -> None:
        received = b""
        with conn:
            while chunk := conn.recv(65536):
                if chunk == PAPER_STATUS_QUERY:
                    conn.sendall(b"\x12")  # paper present
                    continue
                received += chunk
                if received.endswith(CUT):
                    self.cuts.append(time.perf_counter())
                    self.bytes += len(received)
                    received = b""
                    self.cut_seen.set()

    def close(self) -> None:
        self.server.close()


def start_server(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "LSR_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT),
           "LSR_SECRET_KEY": "bench-secret-layanan-sehat-rembang-kiosk-0001",
           "LSR_DEMO": "true"}  # the demo kiosk key
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own server
        [sys.executable, "-m", "server", "--no-web", "--port", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    api = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{api}/health", timeout=1).status_code == 200:
                return process, api
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"server did not start: {(data_dir / 'server.log').read_text()[-2000:]}")


async def run(api: str, printer_port: int, fake: FakePrinter, tickets: int, warmup: int) -> dict:
    t = Translator("id")
    printer = printer_for(f"network:127.0.0.1:{printer_port}")
    total, request, printing = [], [], []
    async with ApiClient(api, kiosk_key=f"demo-kiosk-{FACILITY}") as client:
        detail = await client.facilities.get(FACILITY)
        ugd = next(s.id for s in detail.services if s.code == "ugd")
        for i in range(warmup + tickets):
            fake.cut_seen.clear()
            cuts_before = len(fake.cuts)
            start = time.perf_counter()
            booking = await client.bookings.walk_in(service_id=ugd, idempotency_key=new_idempotency_key())
            answered = time.perf_counter()
            ticket = printed_ticket(t, booking, public_url="https://antrean.rembangkab.go.id")
            status = await print_ticket(printer, ticket, service_id=ugd)
            if status is not PrintStatus.printed:
                raise SystemExit(f"ticket {i} did not print: {status}")
            await asyncio.to_thread(fake.cut_seen.wait, 5)
            if len(fake.cuts) != cuts_before + 1:
                raise SystemExit(f"ticket {i}: the printer did not get exactly one ticket")
            if i >= warmup:
                total.append(fake.cuts[-1] - start)
                request.append(answered - start)
                printing.append(fake.cuts[-1] - answered)

    def summary(values: list[float]) -> dict[str, float]:
        return {"p50_ms": round(statistics.median(values) * 1000, 1),
                "p95_ms": round(percentile(values, 95) * 1000, 1), "max_ms": round(max(values) * 1000, 1)}

    return {"tickets": tickets, "tap_to_printer_bytes": summary(total),
            "walk_in_request": summary(request), "build_and_print": summary(printing),
            "bytes_per_ticket": round(fake.bytes / (warmup + tickets))}


def machine() -> dict[str, str | int | None]:
    model = None
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {"date": dt.date.today().isoformat(), "python": platform.python_version(),
            "os": platform.platform(), "cpu": model, "cpus": os.cpu_count()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    fake = FakePrinter()
    with tempfile.TemporaryDirectory(prefix="lsr-kiosk-bench-") as folder:
        process, api = start_server(Path(folder))
        try:
            result = asyncio.run(run(api, fake.port, fake, args.tickets, args.warmup))
        finally:
            process.terminate()
            process.wait(timeout=10)
            fake.close()
    result["machine"] = machine()
    print(json.dumps(result, indent=2))
    p95 = result["tap_to_printer_bytes"]["p95_ms"]
    print(f"p95 tap → printer bytes: {p95} ms (target ≤ 1000 ms: {'met' if p95 <= 1000 else 'MISSED'})")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
