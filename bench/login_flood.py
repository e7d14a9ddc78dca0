"""Sign-in flood: how other requests fare while many sign-ins arrive at once.

    python bench/login_flood.py [--seconds 15] [--flooders 32] [--gates 0,1,2,64]

It starts its own server (`python -m server --no-web`, SQLite, demo accounts) once per
value of `LSR_LOGIN_CONCURRENCY` in `--gates` (0 = no flood, the baseline), and
for `--seconds` runs `--flooders` concurrent clients sending wrong-password sign-ins
for `loket.pkm-sumber`, each from its own made-up address (`X-Forwarded-For`, which
the server trusts from loopback) so the throttle never short-cuts them: every one
costs an argon2 verification. Meanwhile one probe asks `GET /api/facilities` one
request after another and records each latency. Printed per gate: the probe's
p50/p99/max, sign-ins answered per second, and the machine's load average (other
processes on the machine count too: see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.figures import percentile  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402


async def flood(api: str, stop: float, serial: itertools.count, answered: list[int]) -> None:  # type: ignore[type-arg]
    async with httpx.AsyncClient(base_url=api, timeout=60) as client:
        while time.monotonic() < stop:
            n = next(serial)
            address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
            await client.post("/auth/login", json={"username": "loket.pkm-sumber", "password": "salah"},
                              headers={"X-Forwarded-For": address})
            answered.append(1)


async def probe(api: str, stop: float) -> list[float]:
    latencies = []
    async with httpx.AsyncClient(base_url=api, timeout=60) as client:
        await client.get("/facilities")
        while time.monotonic() < stop:
            started = time.perf_counter()
            response = await client.get("/facilities")
            latencies.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
    return latencies


async def run_one(gate: int, *, seconds: float, flooders: int) -> dict[str, float]:
    if gate:
        os.environ["LSR_LOGIN_CONCURRENCY"] = str(gate)
    server = LiveServer(Path(tempfile.mkdtemp()))
    server.start()
    try:
        load_before = os.getloadavg()[0]
        stop = time.monotonic() + seconds
        answered: list[int] = []
        serial = itertools.count(1)
        tasks = [flood(server.api_url, stop, serial, answered) for _ in range(flooders if gate else 0)]
        results = await asyncio.gather(probe(server.api_url, stop), *tasks)
        latencies = results[0]
        return {
            "gate": gate, "probe_requests": len(latencies),
            "p50_ms": statistics.median(latencies), "p99_ms": percentile(latencies, 99),
            "max_ms": max(latencies), "sign_ins_per_s": len(answered) / seconds,
            "load_before": load_before, "load_after": os.getloadavg()[0],
        }
    finally:
        server.stop()
        os.environ.pop("LSR_LOGIN_CONCURRENCY", None)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--flooders", type=int, default=32)
    parser.add_argument("--gates", default="0,1,2,64")
    args = parser.parse_args()
    print(f"{platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"python {platform.python_version()}")
    print("gate  probe p50 ms  p99 ms  max ms  probes  sign-ins/s  load 1-min before→after")
    for gate in (int(g) for g in args.gates.split(",")):
        r = await run_one(gate, seconds=args.seconds, flooders=args.flooders)
        label = "none" if not gate else str(gate)
        print(f"{label:>4}  {r['p50_ms']:12.1f}  {r['p99_ms']:6.1f}  {r['max_ms']:6.1f}  "
              f"{r['probe_requests']:6d}  {r['sign_ins_per_s']:10.1f}  "
              f"{r['load_before']:.2f}→{r['load_after']:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
