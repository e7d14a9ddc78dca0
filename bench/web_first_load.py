"""First load of the web app in the system Chromium: bytes over the wire and time to
first frame, for a cold load and a warm reload, unthrottled, throttled to 10 Mbit/s
with 40 ms latency and to a slow 3G line (1.6 Mbit/s down, 0.75 up, 150 ms), in two
shapes side by side:

- direct: the service alone (`python -m server`, as `make run` starts it), serving
  server.web_build's files itself (server/web_files.py);
- nginx: Debian's nginx with deploy/nginx's site file in front of that same service
  (tests/support/nginx.py), serving the same build (the production shape).

    python bench/web_first_load.py [--runs 3] [--shape both|direct|nginx]
           [--profile unthrottled --profile 10mbit-40ms --profile slow-3g]
           [--context incognito --context persistent] [--timeline] [--json out.json]
    python bench/web_first_load.py --url http://127.0.0.1:8000/   # a running service
    python bench/web_first_load.py --url http://…:8001/ --url http://…:8002/   # side by side

Two kinds of browser: `incognito` (the default) is a fresh Playwright context, whose
cache lives in memory only; `persistent` is a profile on disk (a temporary user-data
folder), as a person's browser keeps one: cold, the same tab's reload, and "restart",
the address opened again after the browser quit and started on that profile (its
memory cache gone, its disk cache kept).

On a throttled line the bench also gives the first frame's *transfer floor*: the
bytes answered before the first frame at the line's rate, plus one latency for each
request in the chain the last of them waited for (the page, then what it asked for,
…: each found as the request answered just before the next was sent). `--timeline`
lists the last cold load's requests, with that chain marked.

The runs alternate between the shapes, so both see the same load on the machine
(`uptime` is printed before and after). "splash" is the first contentful paint (the
page's loading screen, before Flutter), "branded" says whether that screen shows the
service's name; "first frame" is Flutter's `flutter-first-frame` event; "app ready" is
when the app's first screen (Beranda) has put its title into the accessibility tree.
Times count from the start of navigation. Every request to another origin is listed
(the bench lets the page make them: the policy is bypassed for its probes).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from bench.figures import load_average  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402
from tests.support.nginx import NginxFront  # noqa: E402
from tests.support.web_build import shared_web_build  # noqa: E402

PROFILES = {
    "unthrottled": None,
    "10mbit-40ms": {
        "offline": False,
        "latency": 40,
        "downloadThroughput": 10_000_000 / 8,
        "uploadThroughput": 10_000_000 / 8,
    },
    "slow-3g": {
        "offline": False,
        "latency": 150,
        "downloadThroughput": 1_600_000 / 8,
        "uploadThroughput": 750_000 / 8,
    },
}
FIRST_FRAME_PROBE = """
window.__lsr = {firstFrame: null, splash: null, branded: null};
window.addEventListener('flutter-first-frame', () => {
  window.__lsr.firstFrame = performance.now();
});
new PerformanceObserver((list) => {
  for (const entry of list.getEntriesByName('first-contentful-paint')) {
    const loading = document.getElementById('loading');
    window.__lsr.splash = entry.startTime;
    window.__lsr.branded = Boolean(loading && loading.textContent.includes('Layanan Sehat Rembang'));
  }
}).observe({type: 'paint', buffered: true});
"""


CONTEXT = {"viewport": {"width": 412, "height": 915}, "locale": "id-ID",
           "bypass_csp": True}  # the probes poll with eval; the bytes are the same
CONTEXTS = ("incognito", "persistent")
PHASES = {"incognito": ("cold", "warm"), "persistent": ("cold", "warm", "restart")}


class Request:
    def __init__(self, url: str, sent: float) -> None:
        self.url, self.sent = url, sent
        self.finished: float | None = None
        self.bytes = 0.0


def chain(requests: list[Request]) -> list[Request]:
    """The requests one after another that the last of them waited for: from the one
    answered last, back through the request answered just before each was sent (the
    page → flutter_bootstrap.js → main.dart.mjs → main.dart.wasm → FontManifest.json →
    the fonts, on this app). Each step costs the line's latency once more."""
    answered = sorted((r for r in requests if r.finished is not None), key=lambda r: r.finished or 0.0)
    if not answered:
        return []
    steps = [answered[-1]]
    while True:
        earlier = [r for r in answered if (r.finished or 0.0) <= steps[-1].sent]
        if not earlier:
            return steps[::-1]
        steps.append(earlier[-1])


class Tab:
    """A page with the probes, the throttle and a log of its requests (CDP)."""

    def __init__(self, context, throttle: dict | None, elsewhere: set[str], url: str) -> None:  # type: ignore[type-arg,no-untyped-def]
        context.add_init_script(FIRST_FRAME_PROBE)
        self.page = context.new_page()
        cdp = context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        if throttle:
            cdp.send("Network.emulateNetworkConditions", throttle)
        self.requests: dict[str, Request] = {}
        self.first_frame = 0.0
        origin = urlsplit(url)[:2]

        def on_request(event: dict) -> None:  # type: ignore[type-arg]
            requested = event["request"]["url"]
            if requested.startswith(("data:", "blob:")):
                return
            self.requests[event["requestId"]] = Request(requested, event["timestamp"])
            if urlsplit(requested)[:2] != origin:
                elsewhere.add(requested)

        def on_finished(event: dict) -> None:  # type: ignore[type-arg]
            if event["requestId"] in self.requests:
                request = self.requests[event["requestId"]]
                request.finished = event["timestamp"]
                request.bytes = event.get("encodedDataLength", 0)

        cdp.on("Network.requestWillBeSent", on_request)
        cdp.on("Network.loadingFinished", on_finished)

    def load(self, url: str, *, reload: bool = False) -> dict[str, float]:
        """One load of the app (a navigation, or the same tab's reload) up to Beranda."""
        page = self.page
        self.requests = {}
        started = time.perf_counter()
        if reload:
            page.reload(wait_until="commit")
        else:
            page.goto(url, wait_until="commit")
        page.wait_for_function("window.__lsr && window.__lsr.firstFrame !== null", timeout=180_000)
        first_frame = self.first_frame = page.evaluate("window.__lsr.firstFrame")
        splash = page.evaluate("window.__lsr.splash")
        branded = page.evaluate("window.__lsr.branded")
        page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=180_000)
        page.locator("flt-semantics-placeholder").dispatch_event("click")
        page.get_by_text("Layanan Sehat Rembang").first.wait_for(timeout=180_000)
        ready = (time.perf_counter() - started) * 1000
        page.wait_for_timeout(500)  # let late requests finish before counting bytes
        requests = list(self.requests.values())
        before = self.before_first_frame(first_frame)
        return {"bytes": sum(r.bytes for r in requests),
                "over_the_wire": float(sum(1 for r in requests if r.bytes > 0)),
                "first_frame_bytes": sum(r.bytes for r in before),
                "first_frame_depth": float(len(chain(before))),
                "splash_ms": splash if splash is not None else first_frame,
                "branded": float(bool(branded)), "first_frame_ms": first_frame,
                "app_ready_ms": ready}

    def before_first_frame(self, first_frame_ms: float) -> list[Request]:
        """The requests that went over the wire and were answered before the first frame
        (CDP's clock counts from the page's own request, the probe's from navigation)."""
        requests = list(self.requests.values())
        if not requests:
            return []
        start = min(r.sent for r in requests)
        return [r for r in requests if r.bytes > 0 and r.finished is not None
                and (r.finished - start) * 1000 <= first_frame_ms]

    def timeline(self) -> list[str]:
        requests = sorted(self.requests.values(), key=lambda r: r.sent)
        start = requests[0].sent if requests else 0.0
        before = self.before_first_frame(self.first_frame)
        steps = chain(before)

        def mark(r: Request) -> str:
            return "chain" if r in steps else "     " if r in before else "after"

        return [*(f"  {(r.sent - start) * 1000:8.0f} → {((r.finished or r.sent) - start) * 1000:8.0f} ms "
                f"{r.bytes / 1e3:9.1f} KB {mark(r)} {r.url}" for r in requests),
                f"  first frame at {self.first_frame:.0f} ms (from navigation)"]


def phase(name: str, measured: dict[str, float]) -> dict[str, float]:
    return {f"{name}_{key}": value for key, value in measured.items()}


def measure(browser, url: str, throttle: dict | None, elsewhere: set[str],  # type: ignore[no-untyped-def]
            timeline: list[str]) -> dict[str, float]:
    """A fresh incognito context (Playwright's default): its cache lives in memory only."""
    context = browser.new_context(**CONTEXT)
    tab = Tab(context, throttle, elsewhere, url)
    result = phase("cold", tab.load(url))
    timeline[:] = tab.timeline()
    result |= phase("warm", tab.load(url, reload=True))
    context.close()
    return result


def measure_persistent(playwright, launch_args: list[str], url: str, throttle: dict | None,  # type: ignore[no-untyped-def]
                       elsewhere: set[str], timeline: list[str]) -> dict[str, float]:
    """A browser profile on disk, as a person's browser keeps one: cold, the same tab's
    reload, then the browser quits, starts again on that profile and opens the address
    (its memory cache is gone; what it has is the disk cache)."""
    with tempfile.TemporaryDirectory(prefix="lsr-profile-") as profile:
        def launch():  # type: ignore[no-untyped-def]
            return playwright.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, args=launch_args, **CONTEXT)

        context = launch()
        blank = list(context.pages)  # the tab a persistent context opens with
        tab = Tab(context, throttle, elsewhere, url)
        for page in blank:
            page.close()
        result = phase("cold", tab.load(url))
        timeline[:] = tab.timeline()
        result |= phase("warm", tab.load(url, reload=True))
        context.close()
        context = launch()
        blank = list(context.pages)
        tab = Tab(context, throttle, elsewhere, url)
        for page in blank:
            page.close()
        result |= phase("restart", tab.load(url))
        context.close()
    return result


def transfer_floor_ms(throttle: dict | None, summary: dict[str, float]) -> float | None:
    """The least time the first frame could take on this line: the bytes it needed at
    the line's rate, plus one latency per request that had to wait for another."""
    if not throttle:
        return None
    return float(summary["cold_first_frame_bytes"] / throttle["downloadThroughput"] * 1000
                 + summary["cold_first_frame_depth"] * throttle["latency"])


def trusting(front: NginxFront | None) -> list[str]:
    """Chromium trusts nginx's throwaway certificate as a real one (a page with a
    certificate error would never be cached: the warm reload would load everything)."""
    if front is None:
        return []
    certificate = x509.load_pem_x509_certificate((front.prefix / "cert.pem").read_bytes())
    spki = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    pin = base64.b64encode(hashlib.sha256(spki).digest()).decode()
    return [f"--ignore-certificate-errors-spki-list={pin}"]


def summarize(label: str, summary: dict[str, float], phases: tuple[str, ...], runs: int) -> None:
    parts = []
    for name in phases:
        amount = summary[f"{name}_bytes"]
        size = f"{amount / 1e6:6.2f} MB" if amount >= 100_000 else f"{amount / 1e3:7.1f} KB"
        branded = "branded" if summary[f"{name}_branded"] >= 0.5 else "not branded"
        parts.append(f"{name} {size} ({summary[f'{name}_over_the_wire']:.0f} requests) "
                     f"splash {summary[f'{name}_splash_ms']:5.0f} ms ({branded}) "
                     f"first frame {summary[f'{name}_first_frame_ms']:6.0f} ms "
                     f"ready {summary[f'{name}_app_ready_ms']:6.0f} ms")
    floor = summary.get("cold_floor_ms")
    if floor:
        parts.append(f"cold first frame / transfer floor {summary['cold_first_frame_ms'] / floor:.2f} "
                     f"(floor {floor:.0f} ms: {summary['cold_first_frame_bytes'] / 1e6:.2f} MB, "
                     f"{summary['cold_first_frame_depth']:.0f} requests deep)")
    print(f"{label} (median of {runs})\n  " + "\n  ".join(parts), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", action="append",
                        help="measure this running service only (repeatable: the runs alternate, "
                             "e.g. two builds side by side)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json")
    parser.add_argument("--shape", choices=("both", "direct", "nginx"), default="both")
    parser.add_argument("--profile", action="append", choices=tuple(PROFILES),
                        help="a network profile to measure (repeatable; default: all)")
    parser.add_argument("--context", action="append", choices=CONTEXTS,
                        help="incognito: a fresh browser context, its cache in memory; persistent: "
                             "a profile on disk, also reopened after the browser restarts "
                             "(repeatable; default: incognito)")
    parser.add_argument("--timeline", action="store_true",
                        help="list the requests of each last cold load (when, bytes, how deep)")
    args = parser.parse_args()
    server = front = None
    urls: dict[str, str] = {}
    if args.url:
        urls.update((url if len(args.url) > 1 else "given", url) for url in args.url)
    else:
        folder = Path(tempfile.mkdtemp())
        server = LiveServer(folder, web=True)
        try:
            server.start(timeout=240)  # seeding the demo takes a minute on a busy machine
        except BaseException:
            server.stop()  # one that never answered is still running
            raise
        if args.shape in ("both", "direct"):
            urls["direct"] = server.url + "/"
        if args.shape in ("both", "nginx"):
            (folder / "nginx").mkdir()
            front = NginxFront(folder / "nginx", shared_web_build(), [server])
            front.start()
            urls["nginx"] = front.url + "/"
    report: dict[str, object] = {
        "urls": urls, "machine": platform.platform(), "python": platform.python_version(),
        "cpus": os.cpu_count(), "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "load_average_before": load_average(),
    }
    print(f"load average before: {report['load_average_before']}", flush=True)
    launch_args = CHROMIUM_ARGS + trusting(front)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=launch_args)
            report["chromium"] = browser.version
            elsewhere: set[str] = set()
            for name in args.profile or PROFILES:
                throttle = PROFILES[name]
                for kind in args.context or ("incognito",):
                    runs: dict[str, list[dict[str, float]]] = {shape: [] for shape in urls}
                    timelines: dict[str, list[str]] = {shape: [] for shape in urls}
                    for _ in range(args.runs):
                        for shape, url in urls.items():
                            if kind == "persistent":
                                measured = measure_persistent(p, launch_args, url, throttle,
                                                              elsewhere, timelines[shape])
                            else:
                                measured = measure(browser, url, throttle, elsewhere, timelines[shape])
                            floor = transfer_floor_ms(throttle, measured)
                            if floor:
                                measured["cold_floor_ms"] = floor
                            runs[shape].append(measured)
                    for shape, measured_runs in runs.items():
                        summary = {k: statistics.median(r[k] for r in measured_runs)
                                   for k in measured_runs[0]}
                        report[f"{shape} {kind} {name}"] = summary
                        summarize(f"{name} {shape} {kind}", summary, PHASES[kind], args.runs)
                        if args.timeline:
                            print("\n".join(timelines[shape]), flush=True)
            browser.close()
            report["requests_to_other_origins"] = sorted(elsewhere)
            print(f"requests to other origins: {sorted(elsewhere) or 'none'}", flush=True)
    finally:
        if front:
            front.stop()
        if server:
            server.stop()
    report["load_average_after"] = load_average()
    print(f"load average after: {report['load_average_after']}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
