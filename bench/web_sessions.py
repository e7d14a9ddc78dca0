"""Memory per web session: one service process (the embedded default, `python -m server`,
serving the Flet web app in-process, started through bench/session_probe.py so the
garbage collector's pauses can be read), and N separate Chromium contexts (the system
Chromium), each a new web session that waits until its first screen is shown.

    python bench/web_sessions.py [--screen home --screen faskes] [--runs 2]
           [--counts 1,10,40] [--session-timeout 30] [--trace] [--env NAME=VALUE]
           [--json out.json]

For each screen and run: the service's RSS idle, then with 1, 10 and 40 sessions open
(the bench's own and Chromium's memory are not counted), the slope from 10 to 40 in KB
per session; then every context is closed, the bench waits until the service has let
the last session go (`LSR_WEB_SESSION_TIMEOUT_SECONDS`, 30 s here instead of 300, and
flet's eviction sweep every 10 s), waits 25 s more and reads the RSS the service left
(after its own sweep, server/web_memory.py), then the RSS after the probe's collection.
At each step the probe runs one full collection and reports its time (wall and CPU)
and every collection since the last step (the one that frees the expired sessions
among them). Last, glibc's `malloc_trim(0)` in the service, and its RSS after: how much
of what stayed is free memory malloc keeps.
`uptime`'s load is printed before and after each run: other work shares the machine.

`--trace` turns tracemalloc on in the service once it is idle (25 frames) and prints
what grew between the last two counts, per session, by file, by line and by traceback:
what each session holds (OpenSSL's own memory is not traced). Its RSS figures are not
the service's (tracemalloc's own bookkeeping is in them). `--env NAME=VALUE` goes into
the service's environment (e.g. `PYTHONMALLOC=malloc`). Numbers: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.figures import load_average  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402

SCREENS = {  # the path a session opens, and a text its first screen shows
    "home": ("/", "Layanan Sehat Rembang"),
    "faskes": ("/faskes", "faskes ditemukan"),
}
PROBE = ROOT / "bench" / "session_probe.py"
SETTLE_SECONDS = 25


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


class Probe:
    """Asks the service for its garbage collector's figures (SIGUSR1, one JSON line)."""

    def __init__(self, server: LiveServer, report: Path) -> None:
        self.server, self.report, self.lines = server, report, 0

    def read(self, ask: signal.Signals = signal.SIGUSR1) -> dict[str, object]:
        assert self.server.process is not None
        os.kill(self.server.process.pid, ask)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            lines = self.report.read_text().splitlines() if self.report.exists() else []
            if len(lines) > self.lines:
                self.lines = len(lines)
                return json.loads(lines[-1])  # type: ignore[no-any-return]
            time.sleep(0.1)
        raise TimeoutError("the probe did not answer")


def open_session(browser, url: str, path: str, ready: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    page.goto(url + path, wait_until="commit")
    page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=180_000)
    page.locator("flt-semantics-placeholder").dispatch_event("click")
    page.get_by_text(ready).first.wait_for(timeout=180_000)
    return context


def sessions_left(log: Path) -> int | None:
    """The number of sessions flet says are left after its last eviction, if any."""
    left = None
    for line in log.read_text(errors="replace").splitlines():
        if "Delete session (" in line:
            left = int(line.split("Delete session (")[1].split()[0])
    return left


def swept(log: Path) -> list[str]:
    """What the service's sweeps after ended sessions said (server/web_memory.py)."""
    return [line.split("web sessions ended: ")[1] for line in log.read_text(errors="replace").splitlines()
            if "web sessions ended: " in line]


def step(name: str, server: LiveServer, probe: Probe, load: bool = True) -> dict[str, object]:
    assert server.process is not None
    gc_figures = probe.read()
    figures = {"rss_mb": rss_mb(server.process.pid), **gc_figures}
    if load:
        figures["load"] = load_average()
    pauses = gc_figures["pauses"]
    assert isinstance(pauses, list)
    longest = max((p[1] for p in pauses), default=0.0)
    longest_cpu = max((p[3] for p in pauses), default=0.0)
    print(f"  {name:>12}: RSS {figures['rss_mb']:7.1f} MB  full collection "
          f"{gc_figures['full_collection_ms']:6.1f} ms ({gc_figures['full_collection_cpu_ms']:.1f} ms CPU, "
          f"{gc_figures['tracked_objects']:,} tracked)  collections since last step: {len(pauses)}, "
          f"longest {longest:.1f} ms ({longest_cpu:.1f} ms CPU)"
          + (f"  load {figures['load']}" if load else ""), flush=True)
    return figures


def seeded() -> Path:
    """A data folder the service has created, migrated and seeded (and stopped): each run
    starts on a copy, so its idle figure is a restarted service's, not the seeding's."""
    folder = Path(tempfile.mkdtemp(prefix="web-sessions-seed-"))
    server = LiveServer(folder, web=True)
    try:
        server.start(timeout=300)
    finally:
        server.stop()
    return folder


def run(screen: str, seed: Path, counts: list[int], timeout: int, trace: bool,
        extra_env: dict[str, str]) -> dict[str, object]:
    path, ready = SCREENS[screen]
    folder = Path(tempfile.mkdtemp(prefix="web-sessions-")) / "data"
    shutil.copytree(seed, folder)
    report = folder / "probe.jsonl"
    env = {"LSR_WEB_SESSION_TIMEOUT_SECONDS": str(timeout), "LSR_BENCH_PROBE": str(report), **extra_env}
    if trace:
        env["LSR_BENCH_TRACE"] = "25"
    server = LiveServer(folder, web=True, env=env, entry=[str(PROBE)])
    result: dict[str, object] = {"screen": screen, "load_before": load_average()}
    print(f"{screen}: load before {result['load_before']}", flush=True)
    try:
        server.start(timeout=300)  # a service that never answered is stopped too
        probe = Probe(server, report)
        time.sleep(5)
        result["idle"] = step("idle", server, probe)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            contexts = []
            started = time.perf_counter()
            for count in counts:
                while len(contexts) < count:
                    contexts.append(open_session(browser, server.url, path, ready))
                time.sleep(3)  # late requests of the last one
                result[str(count)] = step(f"{count} sessions", server, probe)
            result["open_seconds"] = time.perf_counter() - started
            for context in contexts:
                context.close()
            browser.close()
        closed = time.monotonic()
        deadline = closed + timeout + 120
        while sessions_left(server.log) != 0 and time.monotonic() < deadline:
            time.sleep(1)
        result["expired_after_seconds"] = time.monotonic() - closed
        time.sleep(SETTLE_SECONDS)  # the service's own sweep (server/web_memory.py), if any
        result["after_own"] = {"rss_mb": rss_mb(server.process.pid),  # type: ignore[union-attr]
                               "sweeps": swept(server.log), "load": load_average()}
        print(f"  {'expired':>12}: RSS {result['after_own']['rss_mb']:7.1f} MB "  # type: ignore[index]
              f"{SETTLE_SECONDS} s after the last one went, as the service left it; "
              f"its sweeps: {result['after_own']['sweeps'] or 'none'}", flush=True)  # type: ignore[index]
        result["after"] = step("collected", server, probe)
        trim = probe.read(signal.SIGUSR2)
        result["after_trim"] = {"rss_mb": rss_mb(server.process.pid), **trim}  # type: ignore[union-attr]
        print(f"  {'malloc_trim':>12}: RSS {result['after_trim']['rss_mb']:7.1f} MB "  # type: ignore[index]
              f"({trim['malloc_trim_ms']:.1f} ms)", flush=True)
    finally:
        server.stop()
    low, high = counts[-2], counts[-1]
    rss = {c: result[str(c)]["rss_mb"] for c in counts}  # type: ignore[index]
    result["kb_per_session"] = (rss[high] - rss[low]) * 1024 / (high - low)
    result["load_after"] = load_average()
    idle = result["idle"]["rss_mb"]  # type: ignore[index]
    after = result["after"]["rss_mb"]  # type: ignore[index]
    print(f"{screen}: {result['kb_per_session']:.0f} KB per session ({low}→{high}); "
          f"after expiry {after - idle:+.1f} MB over idle, "
          f"{after - rss[counts[0]]:+.1f} MB over {counts[0]} session(s); "
          f"load after {result['load_after']}", flush=True)
    if trace:
        print_growth(result, low, high)
    return result


def print_growth(result: dict[str, object], low: int, high: int) -> None:
    """What grew between `low` and `high` sessions, per session."""
    before = tracemalloc.Snapshot.load(result[str(low)]["snapshot"])  # type: ignore[index]
    after = tracemalloc.Snapshot.load(result[str(high)]["snapshot"])  # type: ignore[index]
    sessions = high - low
    total = sum(s.size_diff for s in after.compare_to(before, "filename"))
    print(f"  traced growth {total / 1024 / sessions:.0f} KB per session; by file:")
    for stat in after.compare_to(before, "filename")[:25]:
        print(f"    {stat.size_diff / 1024 / sessions:8.1f} KB {stat.count_diff / sessions:8.0f} blocks "
              f" {stat.traceback[0].filename.replace(str(ROOT), '.')}")
    print("  by line:")
    for stat in after.compare_to(before, "lineno")[:25]:
        frame = stat.traceback[0]
        print(f"    {stat.size_diff / 1024 / sessions:8.1f} KB {stat.count_diff / sessions:8.0f} blocks "
              f" {frame.filename.replace(str(ROOT), '.')}:{frame.lineno}")
    print("  by traceback (the first frame in the project):")
    for stat in after.compare_to(before, "traceback")[:12]:
        print(f"    {stat.size_diff / 1024 / sessions:8.1f} KB")
        ours = [f for f in stat.traceback if str(ROOT) in f.filename and "bench" not in f.filename]
        for frame in (ours[-3:] or list(stat.traceback)[-3:]):
            print(f"        {frame.filename.replace(str(ROOT), '.')}:{frame.lineno}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--screen", action="append", choices=tuple(SCREENS))
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--counts", default="1,10,40")
    parser.add_argument("--session-timeout", type=int, default=30)
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="in the service's environment (e.g. PYTHONMALLOC=malloc)")
    parser.add_argument("--json")
    args = parser.parse_args()
    extra_env = dict(item.split("=", 1) for item in args.env)
    counts = [int(c) for c in args.counts.split(",")]
    report: dict[str, object] = {
        "machine": platform.platform(), "python": platform.python_version(),
        "cpus": os.cpu_count(), "date": time.strftime("%Y-%m-%d %H:%M %Z"), "runs": [],
    }
    seed = seeded()
    for _ in range(args.runs):
        for screen in args.screen or ["home", "faskes"]:
            report["runs"].append(run(screen, seed, counts, args.session_timeout, args.trace,
                                      extra_env))  # type: ignore[attr-defined]
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
