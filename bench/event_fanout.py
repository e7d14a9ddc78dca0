"""Event fan-out: N watchers of one service's live events, a staff member calling
numbers; how long from the call's HTTP response to each watcher receiving it.

    python bench/event_fanout.py [--watchers 1000] [--calls 20] [--database-url URL]
                                 [--json out.json]

It starts its own server (`python -m server --no-web`, rate limits off) on SQLite
or on the given PostgreSQL, issues walk-ins at the UGD of Puskesmas Lasem (open day
and night), opens N server-sent event streams of that service (plain HTTP/1.1 over asyncio
streams in this process, so a watcher costs little CPU), then calls next
`--calls` times, one after another, each after the previous call reached every
watcher. Target (issue 7): p99 ≤ 500 ms at 1,000 watchers.

Latency = receipt of the `called` event with that number (monotonic clock, all on
this machine) − the moment the call's response arrived; negative when the event
reached a watcher before the response reached the caller. Also printed: the same
from the moment the call was sent.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api_client import ApiClient, new_idempotency_key  # noqa: E402
from bench.figures import percentile  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402


class Watcher:
    """One SSE connection; records when each `called` number arrived."""

    def __init__(self) -> None:
        self.received: dict[str, float] = {}
        self.connected = asyncio.Event()

    async def run(self, url: str) -> None:
        parsed = urlparse(url)
        reader, writer = await asyncio.open_connection(parsed.hostname, parsed.port)
        writer.write(
            f"GET {parsed.path} HTTP/1.1\r\nHost: {parsed.netloc}\r\n"
            "Accept: text/event-stream\r\nConnection: keep-alive\r\n\r\n".encode()
        )
        await writer.drain()
        event = None
        try:
            while line := await reader.readline():
                now = time.monotonic()
                self.connected.set()
                text = line.decode().rstrip("\r\n")
                if text.startswith("event: "):
                    event = text[7:]
                elif text.startswith("data: ") and event == "called":
                    number = json.loads(text[6:])["display_number"]
                    self.received.setdefault(number, now)
        finally:
            writer.close()


async def run(api_url: str, watchers: int, calls: int) -> dict[str, object]:
    async with ApiClient(api_url, kiosk_key="demo-kiosk-pkm-lasem") as kiosk, ApiClient(api_url) as staff:
        detail = await kiosk.facilities.get("pkm-lasem")
        sid = next(s.id for s in detail.services if s.code == "ugd")
        for _ in range(calls):
            await kiosk.bookings.walk_in(service_id=sid, idempotency_key=new_idempotency_key())
        await staff.staff.login("poli.pkm-lasem", "rembang-demo")
        crowd = [Watcher() for _ in range(watchers)]
        tasks = [asyncio.create_task(w.run(f"{api_url}/services/{sid}/events")) for w in crowd]
        started = time.monotonic()
        await asyncio.wait_for(asyncio.gather(*(w.connected.wait() for w in crowd)), 120)
        connect_seconds = time.monotonic() - started
        latencies: list[float] = []
        from_request: list[float] = []
        for _ in range(calls):
            sent = time.monotonic()
            called = await staff.staff.call_next(sid, counter="Ruang 1")
            answered = time.monotonic()
            assert called is not None
            number = called.display_number
            deadline = answered + 30
            while any(number not in w.received for w in crowd) and time.monotonic() < deadline:
                await asyncio.sleep(0.005)
            missing = sum(number not in w.received for w in crowd)
            if missing:
                raise SystemExit(f"{missing} watchers never received {number}")
            latencies += [w.received[number] - answered for w in crowd]
            from_request += [w.received[number] - sent for w in crowd]
            await staff.staff.done(called.ticket_id)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "watchers": watchers, "calls": calls, "connect_all_s": round(connect_seconds, 2),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
        "from_request_p50_ms": round(statistics.median(from_request) * 1000, 1),
        "from_request_p99_ms": round(percentile(from_request, 99) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--watchers", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--database-url")
    parser.add_argument("--json")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, args.watchers * 2 + 1024)), hard))
    server = LiveServer(Path(tempfile.mkdtemp()), args.database_url)
    server.start()
    try:
        result = asyncio.run(run(server.api_url, args.watchers, args.calls))
    finally:
        server.stop()
    report = {
        **result, "database": "postgresql" if args.database_url else "sqlite",
        "machine": platform.platform(), "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }
    print(json.dumps(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
