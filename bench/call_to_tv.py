"""A call on the TV: how long from a poli officer's call to the number on the waiting
room's TV (the display face, `/display/<facility>`, in the system Chromium).

    python bench/call_to_tv.py [--calls 30] [--tvs 1] [--noise [CORES]] [--json out.json]

It starts the embedded default with its web app (`python -m server`, SQLite, seeded;
on a Sunday or holiday its clock on the next puskesmas day), opens `--tvs` TV pages of
Puskesmas Lasem in Chromium, then for each call: a walk-in at the UGD (open day and
night), the officer's call-next (the staff API, as the console sends it), and the
moment each TV's "now serving" number (`now-ugd`) shows it, recorded in the page by a
MutationObserver on the accessibility tree (`Date.now()`: the same machine's clock as
the bench's `time.time()`). Calls are one after another, each after every TV showed
the previous one.

Latency = the TV showing the number − the call's response reaching the officer
(negative when the TV was first); also from the moment the call was sent (what the
console's own request adds). `--noise` runs a busy neighbour during the calls: half a
core (or CORES) in its own process (bench/noise.py). Target: within 1 s, the TV in a
waiting room (docs/staff-and-display.md); numbers in docs/benchmarks.md.
`uptime`'s load is printed before and after: other work shares the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

from api_client import ApiClient, new_idempotency_key  # noqa: E402
from bench.figures import load_average, percentile  # noqa: E402
from bench.noise import Noise  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, finish_everyone  # noqa: E402
from tests.support.demo_day import on_a_puskesmas_day  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402

LASEM = "pkm-lasem"
TV = {"width": 1920, "height": 1080}
COUNTER = "Ruang 5"
# Every text the TV's "now serving" node takes, with the page's clock.
WATCH_NOW = """() => {
    window.__shown = [];
    let last = null;
    const look = () => {
        const node = document.querySelector('[flt-semantics-identifier="now-ugd"]');
        const text = node ? node.textContent.trim() : null;
        if (text && text !== last) { last = text; window.__shown.push([text, Date.now()]); }
    };
    new MutationObserver(look).observe(document.body,
        {subtree: true, childList: true, characterData: true, attributes: true});
}"""


async def open_tv(browser, url: str):  # type: ignore[no-untyped-def]
    context = await browser.new_context(viewport=TV, locale="id-ID")
    page = await context.new_page()
    await page.goto(f"{url}/display/{LASEM}")
    # Flutter builds its accessibility tree once asked (tests/browser/conftest.enable_semantics).
    await page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=60_000)
    await page.locator("flt-semantics-placeholder").dispatch_event("click")
    await page.locator('[flt-semantics-identifier="now-ugd"]').wait_for(timeout=60_000)
    await page.evaluate(WATCH_NOW)
    return page


async def shown_at(page, number: str, timeout: float = 30.0) -> float:  # type: ignore[no-untyped-def]
    """When (seconds, the page's clock) the TV first showed `number`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for text, at in await page.evaluate("() => window.__shown"):
            if text == number:
                return float(at) / 1000
        await asyncio.sleep(0.02)
    raise TimeoutError(f"the TV never showed {number}")


async def measure(server: LiveServer, calls: int, tvs: int) -> dict[str, object]:
    kiosk = ApiClient(server.api_url, kiosk_key=f"demo-kiosk-{LASEM}")
    officer = ApiClient(server.api_url)
    await officer.staff.login(f"admin.{LASEM}", "rembang-demo")
    services = (await kiosk.facilities.get(LASEM)).services
    ugd = next(s.id for s in services if s.code == "ugd")
    await finish_everyone(officer, ugd)
    after_response: list[float] = []
    after_send: list[float] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = [await open_tv(browser, server.url) for _ in range(tvs)]
        for _ in range(calls):
            await kiosk.bookings.walk_in(service_id=ugd, idempotency_key=new_idempotency_key())
            sent = time.time()
            called = await officer.staff.call_next(ugd, counter=COUNTER)
            answered = time.time()
            assert called is not None
            for page in pages:
                at = await shown_at(page, called.display_number)
                after_response.append((at - answered) * 1000)
                after_send.append((at - sent) * 1000)
            await officer.staff.done(called.ticket_id)
        await browser.close()
    await kiosk.close()
    await officer.close()
    return {
        "after_response_ms": summary(after_response),
        "after_send_ms": summary(after_send),
    }


def summary(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "p50": statistics.median(values), "p90": percentile(values, 90),
            "p99": percentile(values, 99), "max": max(values)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--tvs", type=int, default=1)
    parser.add_argument("--noise", type=float, nargs="?", const=0.5, metavar="CORES",
                        help="a busy neighbour of half a core (or CORES) during the calls")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result: dict[str, object] = {"machine": platform.platform(), "cpus": os.cpu_count(),
                                 "calls": args.calls, "tvs": args.tvs, "load_before": load_average()}
    print(f"load before: {result['load_before']}", flush=True)
    noise: Noise | None = None
    server = on_a_puskesmas_day(LiveServer(Path(tempfile.mkdtemp(prefix="call-to-tv-")), web=True))
    try:
        server.start(timeout=300)
        with contextlib.ExitStack() as neighbour:
            if args.noise:
                noise = neighbour.enter_context(Noise(args.noise))
            result.update(asyncio.run(measure(server, args.calls, args.tvs)))
        result["noise"] = noise.summary() if noise else None
    finally:
        server.stop()
    result["load_after"] = load_average()
    for name, label in (("after_response_ms", "after the call's response"),
                        ("after_send_ms", "after the call was sent")):
        s = result[name]
        print(f"TV shows the number {label}: p50 {s['p50']:.0f} ms, p90 {s['p90']:.0f} ms, "  # type: ignore[index]
              f"p99 {s['p99']:.0f} ms, max {s['max']:.0f} ms ({s['n']} calls × TVs)")  # type: ignore[index]
    if noise:
        print(f"noise: {noise.fraction:g} of a core asked, {noise.cores} taken")
    print(f"load after: {result['load_after']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
