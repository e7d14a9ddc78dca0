"""What the built web app asks for on its first load, read from the build the service
and nginx serve (server.web_build): no font the app never draws, no script from
another origin, and a loading screen of its own that needs nothing else. The browser
side (what is requested, what is painted): tests/browser/test_first_load_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PIL import Image

from server.web_loading import brand_page
from server.web_page import APP_NAME
from session.theme import BRAND, DARK, LIGHT
from tests.support.web_build import shared_web_build

PAGE_SCRIPT = re.compile(r'<script src="(/static/[^"]+)"')
PRELOAD = re.compile(r'<link rel="preload" href="([^"]+)" as="fetch" crossorigin>')
LOADING_SCREEN = re.compile(r'<div id="loading".*?</div>', re.S)


@pytest.fixture(scope="module")
def site() -> Path:
    """The first use on a machine builds (minutes of CPU): the tests using it are slow."""
    return shared_web_build()


def runtime(site: Path) -> Path:
    build_id = json.loads((site / "build.json").read_text())["build_id"]
    return site / "static" / build_id


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@pytest.mark.slow
def test_the_engine_preloads_only_the_fonts_the_app_draws_with(site):  # type: ignore[no-untyped-def]
    """Flutter downloads every font of FontManifest.json before its first frame."""
    families = [f["family"] for f in json.loads((runtime(site) / "assets/FontManifest.json").read_text())]
    assert sorted(families) == ["MaterialIcons", "Roboto"]
    font_files = {p.name for p in site.rglob("*") if p.suffix in (".ttf", ".otf", ".woff2")}
    assert not {name for name in font_files if name.startswith(("KaTeX", "CupertinoIcons"))}
    assert {"MaterialIcons-Regular.otf", "roboto.woff2"} <= font_files
    # our own fonts, which the app loads itself (session/theme.py)
    assert {"NotoSansSymbols-Subset.ttf", "DejaVuSansMono-Subset.ttf"} <= font_files


@pytest.mark.slow
def test_the_page_asks_at_once_for_the_fonts_the_first_frame_waits_for(site):  # type: ignore[no-untyped-def]
    """Every font of FontManifest.json and the manifest, from the versioned folder, as
    the engine's fetch() asks (else the browser would download them twice)."""
    page = (site / "index.html").read_text()
    preloaded = PRELOAD.findall(page)
    assets = runtime(site) / "assets"
    fonts = [font["asset"] for family in json.loads((assets / "FontManifest.json").read_text())
             for font in family["fonts"]]
    prefix = f"/static/{runtime(site).name}/assets/"
    assert sorted(preloaded) == sorted(prefix + name for name in ["FontManifest.json", *fonts])
    assert all((site / address.lstrip("/")).is_file() for address in preloaded)


@pytest.mark.slow
def test_the_page_and_its_scripts_name_no_other_origin(site):  # type: ignore[no-untyped-def]
    page = (site / "index.html").read_text()
    assert "http://" not in page and "https://" not in page
    scripts = PAGE_SCRIPT.findall(page)
    assert any(s.endswith("/flutter_bootstrap.js") for s in scripts)
    config = "".join((site / s.lstrip("/")).read_text() for s in scripts if "/inline-" in s)
    # flutter_bootstrap.js fetches CanvasKit and fallback fonts from Google's CDNs
    # unless told where they are: here, from our origin
    prefix = f"/static/{runtime(site).name}/"
    assert f'flet.canvasKitBaseUrl="{prefix}canvaskit/"' in config
    assert f'flet.fontFallbackBaseUrl="{prefix}assets/fonts/"' in config
    for script in scripts:
        text = (site / script.lstrip("/")).read_text()
        assert "cdn.jsdelivr.net" not in text and "rive_native" not in text, script


@pytest.mark.slow
def test_the_loading_screen_is_small_and_needs_nothing_else(site):  # type: ignore[no-untyped-def]
    page = (site / "index.html").read_text()
    screens = LOADING_SCREEN.findall(page)
    assert len(screens) == 1
    screen = screens[0]
    assert f"<h1>{APP_NAME}</h1>" in screen and "<svg" in screen
    assert '<p lang="id">Memuat…</p>' in screen and '<p lang="jv">Ngemot…</p>' in screen
    assert '<p lang="en">Loading…</p>' in screen
    assert not re.search(r"\b(src|href)=|url\(|@import", screen)  # no request of its own
    assert "prefers-color-scheme: dark" in screen and DARK["surface"] in screen
    assert LIGHT["surface"] in screen
    assert len(page.encode()) < 6_000  # the page with its loading screen, uncompressed
    assert "loading-animation" not in page and not (site / "icons" / "loading-animation.png").exists()


@pytest.mark.slow
def test_the_installed_app_has_the_services_name_colours_and_icon(site):  # type: ignore[no-untyped-def]
    manifest = json.loads((site / "manifest.json").read_text())
    assert manifest["name"] == APP_NAME and "Flet" not in json.dumps(manifest)
    assert manifest["theme_color"] == BRAND and manifest["background_color"] == LIGHT["surface"]
    page = (site / "index.html").read_text()
    assert f'<meta name="theme-color" content="{BRAND}"' in page
    icons = [site / icon["src"] for icon in manifest["icons"]] + [site / "favicon.png",
                                                                   site / "icons/apple-touch-icon-192.png"]
    for icon in icons:
        with Image.open(icon) as image:
            corner = image.convert("RGB").getpixel((2, 2))
        assert corner == rgb(BRAND), icon  # assets/icon.png: full-bleed teal, not Flet's


@pytest.mark.parametrize("page", [
    '<html><head></head><body><script src="flutter_bootstrap.js" async></script></body></html>',
    '<html><head></head><body><div id="loading"><div><img src="logo.png"></div></div></body></html>',
])
def test_a_flet_web_page_without_the_loading_screen_we_replace_stops_the_build(tmp_path, page):  # type: ignore[no-untyped-def]
    """A new flet-web whose page changed must not ship its own screen, or half of ours."""
    index = tmp_path / "index.html"
    index.write_text(page)
    with pytest.raises(RuntimeError, match="flet-web's index.html changed"):
        brand_page(index)
