"""The first load in Chromium: the page shows the service's own loading screen (in the
app's language, light or dark) until Flutter's first frame replaces it, asks no other
origin for anything (flet-web's client would fetch Rive's runtime from a CDN) and no
font the app never draws (KaTeX, CupertinoIcons), and the icons and fonts the app does
draw still come, asked for by the page itself before the runtime runs, once each.
Bytes and times: bench/web_first_load.py, docs/benchmarks.md."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from session.theme import DARK, LIGHT
from tests.browser.conftest import PHONE, enable_semantics, screenshot
from tests.browser.test_faskes_browser import shown
from tests.browser.test_preferences_browser import seeded
from tests.support.csp import RECORD_VIOLATIONS, violations

LOOPBACK = ("127.0.0.1", "localhost", "::1")
FIRST_FRAME_FONTS = ("FontManifest.json", "MaterialIcons-Regular.otf", "roboto.woff2")
PAINT_PROBE = """
window.__firstLoad = {firstFrame: null, splash: null, splashText: null};
addEventListener('flutter-first-frame', () => { window.__firstLoad.firstFrame = performance.now(); });
new PerformanceObserver((list) => {
  for (const entry of list.getEntriesByName('first-contentful-paint')) {
    const loading = document.getElementById('loading');
    window.__firstLoad.splash = entry.startTime;
    window.__firstLoad.splashText = loading ? loading.innerText : null;
  }
}).observe({type: 'paint', buffered: true});
"""


def css_rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))


def open_recording(browser, url: str, requested: list[str], *, hold_flutter: bool = False, **options):  # type: ignore[no-untyped-def]
    """A fresh context that notes every request, lets only loopback through (as every
    browser test does) and, with `hold_flutter`, never starts Flutter."""
    context = browser.new_context(viewport=PHONE, **options)
    context.add_init_script(RECORD_VIOLATIONS)
    context.add_init_script(PAINT_PROBE)

    def route(route, request) -> None:  # type: ignore[no-untyped-def]
        requested.append(request.url)
        held = hold_flutter and request.url.endswith("/flutter_bootstrap.js")
        if (urlparse(request.url).hostname or "") in LOOPBACK and not held:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto(url)
    return context, page


def test_a_cold_load_asks_only_our_origin_and_no_font_the_app_never_draws(browser, web_server):  # type: ignore[no-untyped-def]
    requested: list[str] = []
    context, page = open_recording(browser, web_server.url + "/", requested, locale="id-ID")
    enable_semantics(page)
    shown(page, "Ambil Nomor").wait_for(timeout=30_000)
    page.wait_for_timeout(2000)  # what the client asks for after its first screen
    screenshot(page, "first-load-home")
    elsewhere = [url for url in requested
                 if (urlparse(url).hostname or "") not in LOOPBACK and not url.startswith(("data:", "blob:"))]
    assert elsewhere == []
    assert not [url for url in requested if "KaTeX" in url or "Cupertino" in url or "rive_native" in url]
    names = {urlparse(url).path.rsplit("/", 1)[-1] for url in requested}
    # what the app does draw: Material icons, Roboto, our symbols and code fonts
    assert {"MaterialIcons-Regular.otf", "roboto.woff2", "NotoSansSymbols-Subset.ttf",
            "DejaVuSansMono-Subset.ttf"} <= names
    assert "loading-animation.png" not in names
    for name in FIRST_FRAME_FONTS:  # preloaded by the page, and the engine took that answer
        assert len([url for url in requested if url.endswith("/" + name)]) == 1, name
    assert violations(page) == []  # nothing refused either (the policy stops what is not asked)
    probe = page.evaluate("window.__firstLoad")
    assert probe["splash"] is not None and probe["splash"] < probe["firstFrame"]
    assert "Layanan Sehat Rembang" in probe["splashText"] and "Memuat…" in probe["splashText"]
    assert page.locator("#loading").count() == 0  # Flutter's first frame took its place
    context.close()


def test_the_fonts_of_the_first_frame_are_asked_for_before_the_runtime_runs(browser, web_server):  # type: ignore[no-untyped-def]
    """Flutter's engine asks for them only after main.dart.wasm is in and compiled; on a
    slow line the page asking at once saves two round trips and the idle compile time."""
    requested: list[str] = []
    context, page = open_recording(browser, web_server.url + "/", requested, hold_flutter=True)
    page.locator("#loading h1").wait_for(timeout=10_000)
    page.wait_for_timeout(1000)
    names = [urlparse(url).path.rsplit("/", 1)[-1] for url in requested]
    assert set(FIRST_FRAME_FONTS) <= set(names)
    assert not {"main.dart.wasm", "main.dart.js", "main.dart.mjs"} & set(names)  # Flutter held
    context.close()


@pytest.mark.parametrize(("locale", "scheme", "line", "surface"), [
    ("id-ID", "light", "Memuat…", LIGHT["surface"]),
    ("jv-ID", "dark", "Ngemot…", DARK["surface"]),
    ("en-GB", "light", "Loading…", LIGHT["surface"]),
])
def test_the_loading_screen_shows_the_service_in_the_users_language_and_colours(
        browser, web_server, locale, scheme, line, surface):  # type: ignore[no-untyped-def]
    requested: list[str] = []
    context, page = open_recording(browser, web_server.url + "/faskes", requested, hold_flutter=True,
                                   locale=locale, color_scheme=scheme)
    loading = page.locator("#loading")
    loading.get_by_role("heading", name="Layanan Sehat Rembang").wait_for(timeout=10_000)
    assert loading.locator("p:visible").all_inner_texts() == [line]
    assert loading.locator("svg").is_visible()
    assert loading.evaluate("e => getComputedStyle(e).backgroundColor") == css_rgb(surface)
    screenshot(page, f"first-load-splash-{locale}-{scheme}")
    assert violations(page) == []
    context.close()


def test_the_loading_screen_speaks_the_language_the_user_chose(browser, web_server):  # type: ignore[no-untyped-def]
    """The choice saved in Pengaturan (as tests/browser/test_preferences_browser.py
    finds it in localStorage) wins over the browser's language."""
    context = browser.new_context(viewport=PHONE, locale="id-ID",
                                  storage_state=seeded(web_server.url, {"language": "en"}))
    context.route("**/flutter_bootstrap.js", lambda route, request: route.abort())
    page = context.new_page()
    page.goto(web_server.url + "/")
    page.locator("#loading h1").wait_for(timeout=10_000)
    assert page.locator("#loading p:visible").all_inner_texts() == ["Loading…"]
    context.close()
