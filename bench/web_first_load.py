"""First load of the web app in the system Chromium: bytes over the wire and time to
first frame, for a cold load and a warm reload, unthrottled, throttled to 10 Mbit/s
with 40 ms latency and to a slow 3G line (1.6 Mbit/s down, 0.75 up, 150 ms), in two
shapes side by side:

- direct: the service alone (`python -m server`, as `make run` starts it), serving
  server.web_build's files itself (server/web_files.py);
- nginx: Debian's nginx with deploy/nginx's site file in front of that same service
  (tests/support/nginx.py), serving the same build (the production shape).

    python bench/web_first_load.py [--runs 3] [--shape both|direct|nginx]
           [--profile unthrottled --profile 10mbit-40ms --profile slow-3g] [--json out.json]
    python bench/web_first_load.py --url http://127.0.0.1:8000/   # a running service

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


def measure(browser, url: str, throttle: dict | None, elsewhere: set[str]) -> dict[str, float]:  # type: ignore[type-arg,no-untyped-def]
    context = browser.new_context(viewport={"width": 412, "height": 915}, locale="id-ID",
                                  bypass_csp=True)  # the probes poll with eval; bytes are the same
    context.add_init_script(FIRST_FRAME_PROBE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if throttle:
        cdp.send("Network.emulateNetworkConditions", throttle)
    received = {"bytes": 0.0}

    def on_finished(event: dict) -> None:  # type: ignore[type-arg]
        received["bytes"] += event.get("encodedDataLength", 0)

    cdp.on("Network.loadingFinished", on_finished)
    origin = urlsplit(url)[:2]

    def on_request(event: dict) -> None:  # type: ignore[type-arg]
        requested = event["request"]["url"]
        if urlsplit(requested)[:2] != origin and not requested.startswith(("data:", "blob:")):
            elsewhere.add(requested)

    cdp.on("Network.requestWillBeSent", on_request)
    result = {}
    for phase in ("cold", "warm"):
        received["bytes"] = 0
        started = time.perf_counter()
        if phase == "cold":
            page.goto(url, wait_until="commit")
        else:
            page.reload(wait_until="commit")
        page.wait_for_function("window.__lsr && window.__lsr.firstFrame !== null", timeout=180_000)
        first_frame = page.evaluate("window.__lsr.firstFrame")
        splash = page.evaluate("window.__lsr.splash")
        branded = page.evaluate("window.__lsr.branded")
        page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=180_000)
        page.locator("flt-semantics-placeholder").dispatch_event("click")
        page.get_by_text("Layanan Sehat Rembang").first.wait_for(timeout=180_000)
        ready = (time.perf_counter() - started) * 1000
        page.wait_for_timeout(500)  # let late requests finish before counting bytes
        result[f"{phase}_bytes"] = received["bytes"]
        result[f"{phase}_splash_ms"] = splash if splash is not None else first_frame
        result[f"{phase}_branded"] = float(bool(branded))
        result[f"{phase}_first_frame_ms"] = first_frame
        result[f"{phase}_app_ready_ms"] = ready
    context.close()
    return result


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


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def summarize(name: str, shape: str, summary: dict[str, float], runs: int) -> None:
    def splash(phase: str) -> str:
        branded = "branded" if summary[f"{phase}_branded"] >= 0.5 else "not branded"
        return f"splash {summary[f'{phase}_splash_ms']:6.0f} ms ({branded}) "

    print(f"{name:12} {shape:7} cold {summary['cold_bytes'] / 1e6:6.2f} MB " + splash("cold")
          + f"first frame {summary['cold_first_frame_ms']:7.0f} ms "
          f"ready {summary['cold_app_ready_ms']:7.0f} ms | "
          f"warm {summary['warm_bytes'] / 1e3:8.1f} KB " + splash("warm")
          + f"first frame {summary['warm_first_frame_ms']:7.0f} ms "
          f"ready {summary['warm_app_ready_ms']:7.0f} ms  (median of {runs})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="measure this running service only")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json")
    parser.add_argument("--shape", choices=("both", "direct", "nginx"), default="both")
    parser.add_argument("--profile", action="append", choices=tuple(PROFILES),
                        help="a network profile to measure (repeatable; default: all)")
    args = parser.parse_args()
    server = front = None
    urls: dict[str, str] = {}
    if args.url:
        urls["given"] = args.url
    else:
        folder = Path(tempfile.mkdtemp())
        server = LiveServer(folder, web=True)
        server.start()
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
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + trusting(front))
            report["chromium"] = browser.version
            elsewhere: set[str] = set()
            for name in args.profile or PROFILES:
                throttle = PROFILES[name]
                runs: dict[str, list[dict[str, float]]] = {shape: [] for shape in urls}
                for _ in range(args.runs):
                    for shape, url in urls.items():
                        runs[shape].append(measure(browser, url, throttle, elsewhere))
                for shape, measured in runs.items():
                    summary = {k: statistics.median(r[k] for r in measured) for k in measured[0]}
                    report[f"{shape} {name}"] = summary
                    summarize(name, shape, summary, args.runs)
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
