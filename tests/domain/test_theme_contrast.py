"""Every theme is readable: WCAG 2.x contrast ratios computed from the explicit colours
in session/theme.py (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio).

Text needs 4.5:1 (AA) on its background, 7:1 (AAA) in the high-contrast themes;
outlines of fields and switches need 3:1 against the page (WCAG 1.4.11).
"""

from __future__ import annotations

import pytest

from session.state import Preferences
from session.theme import TEXT_SIZES, color_roles, theme_for

THEMES = {
    "light": {"dark": False, "high_contrast": False},
    "dark": {"dark": True, "high_contrast": False},
    "high-contrast light": {"dark": False, "high_contrast": True},
    "high-contrast dark": {"dark": True, "high_contrast": True},
}

SURFACES = (
    "surface",
    "surface_container_lowest",
    "surface_container_low",
    "surface_container",
    "surface_container_high",
    "surface_container_highest",
)

# (text colour, background) pairs as Material 3 draws them.
TEXT_PAIRS = [
    ("on_primary", "primary"),  # filled buttons
    ("on_primary_container", "primary_container"),
    ("on_secondary", "secondary"),
    ("on_secondary_container", "secondary_container"),  # tonal buttons, notices
    ("on_tertiary", "tertiary"),
    ("on_tertiary_container", "tertiary_container"),
    ("on_error", "error"),
    ("on_error_container", "error_container"),  # error notices
    ("on_inverse_surface", "inverse_surface"),  # snack bars
    ("inverse_primary", "inverse_surface"),  # a snack bar's action
    *[(text, surface) for surface in SURFACES for text in ("on_surface", "on_surface_variant")],
    *[(text, surface) for surface in SURFACES for text in ("primary", "error")],  # text buttons, field errors
]


def relative_luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    assert len(value) == 6, f"colour must be #RRGGBB, got {hex_colour!r}"
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    lighter, darker = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_matches_known_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the classic AA grey


@pytest.mark.parametrize("name", THEMES)
def test_every_text_colour_is_readable_on_its_background(name):
    roles = color_roles(**THEMES[name])
    needed = 7.0 if THEMES[name]["high_contrast"] else 4.5
    too_faint = {
        f"{text} on {background}": round(contrast_ratio(roles[text], roles[background]), 2)
        for text, background in TEXT_PAIRS
        if contrast_ratio(roles[text], roles[background]) < needed
    }
    assert too_faint == {}, f"{name}: below {needed}:1"


@pytest.mark.parametrize("name", THEMES)
def test_outlines_of_fields_and_switches_stand_out_from_the_page(name):
    roles = color_roles(**THEMES[name])
    for surface in SURFACES:
        assert contrast_ratio(roles["outline"], roles[surface]) >= 3.0, f"{name}: outline on {surface}"


@pytest.mark.parametrize("name", THEMES)
def test_the_theme_sets_every_colour_it_is_tested_with(name):
    """The roles above are the theme's own, not left to the seed colour."""
    options = THEMES[name]
    prefs = Preferences(high_contrast=options["high_contrast"])
    theme = theme_for(prefs, dark=options["dark"])
    assert theme.scaffold_bgcolor == color_roles(**options)["surface"]
    scheme = theme.color_scheme
    used = {role for pair in TEXT_PAIRS for role in pair} | {"outline"}
    assert {role: getattr(scheme, role) for role in used} == {
        role: color_roles(**options)[role] for role in used
    }


@pytest.mark.parametrize("name", THEMES)
def test_every_text_style_is_drawn_in_the_tested_text_colour(name):
    """A text style without a colour is painted black by Flutter, also on a dark page."""
    options = THEMES[name]
    prefs = Preferences(high_contrast=options["high_contrast"])
    text_theme = theme_for(prefs, dark=options["dark"]).text_theme
    on_surface = color_roles(**options)["on_surface"]
    styles = {style: getattr(text_theme, style).color for style in TEXT_SIZES}
    assert styles == dict.fromkeys(TEXT_SIZES, on_surface)


def test_high_contrast_is_plain_black_and_white_text():
    assert color_roles(dark=False, high_contrast=True)["on_surface"] == "#000000"
    assert color_roles(dark=False, high_contrast=True)["surface"] == "#FFFFFF"
    assert color_roles(dark=True, high_contrast=True)["on_surface"] == "#FFFFFF"
    assert color_roles(dark=True, high_contrast=True)["surface"] == "#000000"
