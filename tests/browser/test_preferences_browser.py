"""Pengaturan in Chromium at phone size: the first language comes from the browser,
a chosen one wins from then on, and every theme and text size stays readable.

How the preferences sit in the browser (to seed them in other tests):
`ft.SharedPreferences` on the web is Flutter's shared_preferences_web, which keeps
each key in `window.localStorage` under the prefix "flutter." with its value
JSON-encoded. `BrowserStorage` saves our JSON text as a string, so it is JSON twice:

    localStorage["flutter.lsr.preferences"] ==
        JSON.stringify(JSON.stringify({"language": "jv", "text_scale": 1.5,
                                       "high_contrast": false, "dark": true, "followed": []}))
    # Python: json.dumps(json.dumps(prefs)); the wallet is "flutter.lsr.wallet".

Seed it with `storage_state=seeded(web_server.url, {...})` (below) or
`page.add_init_script`. Fields left out take their defaults; a seeded "language"
counts as the user's choice and wins over the browser language.
"""

from __future__ import annotations

import json
import struct
import zlib

from tests.browser.conftest import PHONE, enable_semantics, screenshot

PREFERENCES_KEY = "flutter.lsr.preferences"
BLANK = (255, 255, 255)  # the browser page before Flutter's first frame


def seeded(url: str, prefs: dict) -> dict:
    """A Playwright storage_state whose localStorage holds these preferences."""
    value = json.dumps(json.dumps(prefs))
    local_storage = [{"name": PREFERENCES_KEY, "value": value}]
    return {"cookies": [], "origins": [{"origin": url, "localStorage": local_storage}]}


def saved_preferences(page) -> dict:  # type: ignore[no-untyped-def]
    raw = page.evaluate(f"() => localStorage.getItem('{PREFERENCES_KEY}')")
    return json.loads(json.loads(raw)) if raw else {}


def option(page, identifier: str):  # type: ignore[no-untyped-def]
    """The radio or switch inside `ft.Semantics(identifier=...)`."""
    return page.locator(f'[flt-semantics-identifier="{identifier}"] [role]').first


def is_on(page, identifier: str) -> bool:  # type: ignore[no-untyped-def]
    element = option(page, identifier)
    return "true" in (element.get_attribute("aria-checked"), element.get_attribute("aria-pressed"))


def wait_until(page, predicate, timeout_ms: int = 10_000) -> None:  # type: ignore[no-untyped-def]
    for _ in range(timeout_ms // 100):
        if predicate():
            return
        page.wait_for_timeout(100)
    raise AssertionError("condition not reached")


def labels_fit_the_screen(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Texts whose box sticks out past the right edge of the phone (clipped)."""
    return page.evaluate(
        """(width) => [...document.querySelectorAll('flt-semantics')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && e.innerText.trim())
            .map(e => e.innerText.trim())""",
        PHONE["width"],
    )


def open_settings(new_page, title: str = "Pengaturan", **options):  # type: ignore[no-untyped-def]
    """Open Pengaturan and wait until it is drawn (the text is there before the pixels)."""
    page = new_page("/pengaturan", **options)
    page.get_by_text(title).first.wait_for(timeout=30_000)
    wait_until(page, lambda: page_colour(page) != BLANK)
    return page


def test_a_javanese_browser_opens_in_basa_jawa(new_page):  # type: ignore[no-untyped-def]
    page = open_settings(new_page, "Setelan", locale="jv-ID")
    assert is_on(page, "language-jv")
    page.get_by_text("Ukuran seratan").wait_for()
    screenshot(page, "pengaturan-jv")


def test_an_english_browser_opens_in_english(new_page):  # type: ignore[no-untyped-def]
    page = open_settings(new_page, "Settings", locale="en-US")
    assert is_on(page, "language-en")
    page.get_by_text("Text size").wait_for()
    screenshot(page, "pengaturan-en")


def test_a_chosen_language_applies_at_once_and_outlives_the_tab_and_the_browser(
    browser, web_server, new_page
):  # type: ignore[no-untyped-def]
    page = new_page("/pengaturan", locale="id-ID")
    page.get_by_text("Pengaturan").first.wait_for(timeout=30_000)
    option(page, "language-en").click()
    page.get_by_text("Settings").first.wait_for(timeout=10_000)
    assert page.get_by_text("Pengaturan").count() == 0
    wait_until(page, lambda: saved_preferences(page).get("language") == "en")

    # a new tab of the same browser: a new session, same localStorage
    tab = page.context.new_page()
    tab.goto(web_server.url + "/pengaturan")
    enable_semantics(tab)
    tab.get_by_text("Settings").first.wait_for(timeout=30_000)

    # the browser restarts in a Javanese locale: the saved choice still wins
    kept = page.context.storage_state()
    restarted = new_page("/pengaturan", locale="jv-ID", storage_state=kept)
    restarted.get_by_text("Settings").first.wait_for(timeout=30_000)
    assert is_on(restarted, "language-en")


def test_dark_mode_and_high_contrast_switch_the_colours_and_are_kept(web_server, new_page):  # type: ignore[no-untyped-def]
    page = open_settings(new_page)
    screenshot(page, "pengaturan-light")
    light = page_colour(page)

    option(page, "dark-mode").click()
    wait_until(page, lambda: saved_preferences(page).get("dark") is True)
    wait_until(page, lambda: page_colour(page) != light)
    assert is_on(page, "dark-mode")
    screenshot(page, "pengaturan-dark")
    dark = page_colour(page)
    assert sum(dark) < sum(light)

    option(page, "high-contrast").click()
    wait_until(page, lambda: saved_preferences(page).get("high_contrast") is True)
    wait_until(page, lambda: page_colour(page) == (0, 0, 0))
    screenshot(page, "pengaturan-high-contrast-dark")

    option(page, "dark-mode").click()
    wait_until(page, lambda: page_colour(page) == (255, 255, 255) and not is_on(page, "dark-mode"))
    screenshot(page, "pengaturan-high-contrast-light")

    reopened = new_page("/pengaturan", storage_state=page.context.storage_state())
    reopened.get_by_text("Pengaturan").first.wait_for(timeout=30_000)
    assert is_on(reopened, "high-contrast") and not is_on(reopened, "dark-mode")


def test_the_largest_text_fits_on_pengaturan_and_beranda(web_server, new_page):  # type: ignore[no-untyped-def]
    for language, title in (("id", "Pengaturan"), ("en", "Settings"), ("jv", "Setelan")):
        state = seeded(web_server.url, {"language": language, "text_scale": 1.5})
        page = open_settings(new_page, title, storage_state=state)
        assert is_on(page, "text-size-1.5")
        assert labels_fit_the_screen(page) == []
        screenshot(page, f"pengaturan-text-1.5-{language}")
    last = page.get_by_text("Pilihan panjenengan", exact=False)
    page.mouse.move(200, 500)

    def scrolled_to_the_end() -> bool:  # the page is long at this size: scroll on until there
        box = last.bounding_box()
        if box["y"] + box["height"] <= PHONE["height"]:
            return True
        page.mouse.wheel(0, 1500)
        return False

    wait_until(page, scrolled_to_the_end)
    screenshot(page, "pengaturan-text-1.5-jv-scrolled")

    page = new_page("/", storage_state=seeded(web_server.url, {"text_scale": 1.5}))
    page.locator("flt-semantics").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    assert labels_fit_the_screen(page) == []
    screenshot(page, "beranda-text-1.5")


def test_choosing_sangat_besar_enlarges_the_text_at_once(new_page):  # type: ignore[no-untyped-def]
    page = open_settings(new_page)
    before = page.get_by_text("Bahasa", exact=True).bounding_box()
    option(page, "text-size-1.5").click()
    wait_until(page, lambda: saved_preferences(page).get("text_scale") == 1.5)
    heading = page.get_by_text("Bahasa", exact=True)
    wait_until(page, lambda: heading.bounding_box()["height"] > before["height"])


def test_every_choice_has_a_name_and_a_big_enough_target(new_page):  # type: ignore[no-untyped-def]
    # A phone's width, and tall enough that no row is cut by the bottom of the screen
    # (a row half scrolled out measures half its height).
    page = open_settings(new_page, viewport={"width": PHONE["width"], "height": 2400})
    controls = page.locator('[role="radio"], [role="switch"]').all()
    names = [c.get_attribute("aria-label") or c.inner_text().strip() for c in controls]
    assert names == [
        "Bahasa Indonesia", "Basa Jawa", "English", "Normal", "Besar", "Sangat besar",
        "Kontras tinggi", "Mode gelap", "Saat tinggal 3 orang di depan saya",
        "Saat tinggal 5 orang di depan saya", "Saat tinggal 10 orang di depan saya",
        "Jangan beri tanda",
    ]  # fmt: skip
    rows = page.locator("[flt-semantics-identifier]").all()
    too_small = {r.get_attribute("flt-semantics-identifier"): r.bounding_box()["height"] for r in rows}
    too_small = {row: height for row, height in too_small.items() if not row.startswith("privacy-")}
    assert {row: height for row, height in too_small.items() if height < 48} == {}
    assert len(too_small) == 12


def test_the_symbols_font_is_served_by_the_app_itself(browser, web_server):  # type: ignore[no-untyped-def]
    """Glyphs Roboto lacks (✓ → ★ ⚠) come from our own fallback font, never a CDN."""
    context = browser.new_context(viewport=PHONE)
    fonts: list[tuple[str, int]] = []
    context.on("response", lambda r: fonts.append((r.url, r.status)) if ".ttf" in r.url else None)
    try:
        page = context.new_page()
        page.goto(web_server.url + "/")
        enable_semantics(page)
        wait_until(page, lambda: any(url.endswith("/fonts/NotoSansSymbols-Subset.ttf") for url, _ in fonts))
        assert [s for url, s in fonts if url.endswith("/fonts/NotoSansSymbols-Subset.ttf")] == [200]
    finally:
        context.close()


def page_colour(page) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """The colour of the page background, sampled at the left edge just above the bottom
    navigation (the tab in front: only that one paints)."""
    page.bring_to_front()
    png = page.screenshot(clip={"x": 2, "y": PHONE["height"] - 130, "width": 1, "height": 1})
    return _pixel(png)


def _pixel(png: bytes) -> tuple[int, int, int]:
    """The first pixel of a 1×1 PNG (no imaging library needed)."""
    pos, data = 8, b""
    colour_type = 2
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        body = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            colour_type = body[9]
        elif kind == b"IDAT":
            data += body
        pos += 12 + length
    row = zlib.decompress(data)
    r, g, b = row[1:4]  # the filter byte, then RGB(A); a 1-pixel row needs no unfiltering
    assert colour_type in (2, 6), f"unexpected PNG colour type {colour_type}"
    return (r, g, b)
