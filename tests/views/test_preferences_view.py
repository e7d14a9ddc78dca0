"""Pengaturan: a change applies at once to every screen and is saved for next time."""

from __future__ import annotations

import json

import flet as ft
import pytest

from session.theme import color_roles
from tests.views.harness import run_app

pytestmark = pytest.mark.anyio

SAVED = "lsr.preferences"


def saved_preferences(app) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(app.shared_preferences[SAVED])


def radio_group_of(app, identifier: str) -> ft.RadioGroup:  # type: ignore[no-untyped-def]
    """The RadioGroup around the option with this identifier."""
    node = app.find(identifier=identifier)
    while not isinstance(node, ft.RadioGroup):
        node = node.parent
    return node


def switch_in(app, identifier: str) -> ft.Switch:  # type: ignore[no-untyped-def]
    return app.find(ft.Switch, root=app.find(identifier=identifier))


async def tap_radio(app, identifier: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """A tap on the radio circle or its label: the client's RadioGroup reports the value."""
    await app.trigger(radio_group_of(app, identifier), "change", value, props={"value": value})


async def flip_switch(app, identifier: str, on: bool) -> None:  # type: ignore[no-untyped-def]
    """A tap on the switch itself: the client reports its new value."""
    await app.trigger(switch_in(app, identifier), "change", str(on).lower(), props={"value": on})


async def test_every_language_is_offered_in_its_own_name(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/pengaturan", shared_preferences={}) as app:
        labels = [r.label for r in app.find_all(ft.Radio) if r.value in ("id", "jv", "en")]
        assert labels == ["Bahasa Indonesia", "Basa Jawa", "English"]
        assert radio_group_of(app, "language-id").value == "id"


async def test_choosing_basa_jawa_translates_the_screen_at_once_and_saves_it(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/pengaturan", shared_preferences={}) as app:
        assert app.exists(text="Pengaturan")
        await app.click(identifier="language-jv")
        assert app.exists(text="Setelan")
        assert not app.exists(text="Pengaturan")
        assert saved_preferences(app)["language"] == "jv"
        assert app.page.locale_configuration.current_locale.language_code == "id"


async def test_english_reaches_the_other_screens_too(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/pengaturan", shared_preferences={}) as app:
        await tap_radio(app, "language-en", "en")
        assert app.exists(text="Settings")
        assert app.page.locale_configuration.current_locale.language_code == "en"
        await app.back()
        assert app.route == "/"
        assert app.exists(text="Settings")  # the Beranda button


async def test_the_saved_language_wins_over_the_browser_language(app_main):  # type: ignore[no-untyped-def]
    saved = {SAVED: json.dumps({"language": "en"})}
    async with run_app(app_main, route="/pengaturan", locale="jv-ID", shared_preferences=saved) as app:
        assert app.exists(text="Settings")


async def test_a_new_user_gets_the_browser_language(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/pengaturan", locale="jv-ID", shared_preferences={}) as app:
        assert app.exists(text="Setelan")
        assert radio_group_of(app, "language-jv").value == "jv"


async def test_a_bigger_text_size_scales_every_text_style_and_is_saved(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/pengaturan", shared_preferences={}) as app:
        assert app.page.theme.text_theme.body_large.size == 16
        await app.click(identifier="text-size-1.5")
        assert app.page.theme.text_theme.body_large.size == 24
        assert app.page.dark_theme.text_theme.title_large.size == 33
        assert saved_preferences(app)["text_scale"] == 1.5
        await tap_radio(app, "text-size-1.25", "1.25")
        assert app.page.theme.text_theme.body_large.size == 20
        assert radio_group_of(app, "text-size-1.25").value == "1.25"


async def test_high_contrast_swaps_the_colours_and_is_saved(app_main):  # type: ignore[no-untyped-def]
    normal = color_roles(dark=False, high_contrast=False)
    async with run_app(app_main, route="/pengaturan", shared_preferences={}) as app:
        assert app.page.theme.color_scheme.surface == normal["surface"]
        await app.click(identifier="high-contrast")
        assert app.page.theme.color_scheme.on_surface == "#000000"
        assert app.page.dark_theme.color_scheme.surface == "#000000"
        assert saved_preferences(app)["high_contrast"] is True
        await flip_switch(app, "high-contrast", False)
        assert app.page.theme.color_scheme.on_surface == normal["on_surface"]


async def test_dark_mode_switches_the_theme_mode_and_is_saved(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/pengaturan", shared_preferences={}) as app:
        assert app.page.theme_mode == ft.ThemeMode.LIGHT
        await flip_switch(app, "dark-mode", True)
        assert app.page.theme_mode == ft.ThemeMode.DARK
        assert saved_preferences(app)["dark"] is True
        assert switch_in(app, "dark-mode").value is True


async def test_saved_preferences_are_applied_when_the_app_opens(app_main):  # type: ignore[no-untyped-def]
    saved = {SAVED: json.dumps({"language": "jv", "text_scale": 1.5, "high_contrast": True, "dark": True})}
    async with run_app(app_main, route="/pengaturan", shared_preferences=saved) as app:
        assert app.page.theme_mode == ft.ThemeMode.DARK
        assert app.page.dark_theme.color_scheme.surface == "#000000"
        assert app.page.theme.text_theme.body_medium.size == 21
        assert radio_group_of(app, "text-size-1.5").value == "1.5"
        assert switch_in(app, "high-contrast").value is True


async def test_the_symbols_font_is_registered_as_a_fallback(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/", shared_preferences={}) as app:
        assert app.page.fonts == {"NotoSansSymbols": "fonts/NotoSansSymbols-Subset.ttf",
                                  "DejaVuSansMono": "fonts/DejaVuSansMono-Subset.ttf"}
        assert app.page.theme.text_theme.body_medium.font_family_fallback == ["NotoSansSymbols"]
