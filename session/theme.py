"""Themes from the user's preferences: light or dark, normal or high contrast, and a
text size that scales every Material text style (large text must not clip).

Every colour role the app draws text or controls with is set explicitly below, not
left to Flutter's `color_scheme_seed` (which derives colours at run time, where no
test can check them): tests/domain/test_theme_contrast.py computes the WCAG contrast
of each text colour on its background from these very values (at least 4.5:1; 7:1
in high contrast). The seed only fills roles the app does not use.

Every text style carries the theme's on_surface, as Flutter's own Material 3
typography does. It must: Flutter resolves a `theme_style` against text geometry
that does not inherit, so a style without a colour paints black, also in dark mode.
So a `ft.Text(theme_style=...)` on a coloured background (a filled button, a
tinted box) needs its own `color=` (ft.Colors.ON_PRIMARY, ...); a plain
`ft.Text(...)` takes the colour of the button it is in.

Fonts: Flutter's bundled Roboto lacks arrows, check marks, stars and the like, and
offline (a web client never reaches Google's font CDN here) they would show as
empty boxes. `NotoSansSymbols` (assets/fonts/NotoSansSymbols-Subset.ttf, 14 KB,
OFL: assets/fonts/OFL.txt) is every text style's fallback for them. Emoji are not
covered (a colour emoji font is ~10 MB): use `ft.Icon` instead. See docs/android.md.
What a person copies character by character (a kiosk key, a one-time password, TOTP
codes, a masked NIK) is in `MONO_FONT`: DejaVu Sans Mono, where 0/O and 1/l/I differ
(Flutter on the web has no "monospace" of its own and fell back to Roboto). Its printable
ASCII only (assets/fonts/DejaVuSansMono-Subset.ttf, 18 KB, licence beside it), made with
`pyftsubset DejaVuSansMono.ttf --unicodes=U+0020-007E --layout-features=''` (fonttools).
"""

from __future__ import annotations

import flet as ft

from session.state import Preferences

BRAND = "#00695C"  # teal: health services in Indonesia; white text on it is 6.6:1
TEXT_SCALES = (1.0, 1.25, 1.5)  # Normal, Besar, Sangat besar
TEXT_SIZES = {  # Material 3 defaults
    "display_large": 57, "display_medium": 45, "display_small": 36,
    "headline_large": 32, "headline_medium": 28, "headline_small": 24,
    "title_large": 22, "title_medium": 16, "title_small": 14,
    "body_large": 16, "body_medium": 14, "body_small": 12,
    "label_large": 14, "label_medium": 12, "label_small": 11,
}
SMALLEST_TEXT = 14  # sp at the normal size: nothing smaller (helper, error, chip, label text)
ICON_SIZE = 24  # dp at the normal size: icons grow with the text
TARGET_PADDING = 14  # a button's vertical padding: 14 + a 20-sp line + 14 = a 48-dp target
TITLE_CAP = 26  # sp: an app bar title grows to this and no further (one line on a 360-px phone)
NAV_LABEL_CAP = 16  # sp: four bottom-navigation labels share 360 px ("Pengaturan" in 90)
CODE_CAP = 26  # sp: a booking or complaint code in big letters ("K7QD-2M9F-XH3TA") stays on one
# line of a card on a 360-px phone; larger, it broke inside a group ("8SWA/N", a dash before
# a digit is no place to break a line)
SYMBOLS_FONT = "NotoSansSymbols"
MONO_FONT = "DejaVuSansMono"
FONTS = {  # under assets/
    SYMBOLS_FONT: "fonts/NotoSansSymbols-Subset.ttf",
    MONO_FONT: "fonts/DejaVuSansMono-Subset.ttf",
}

_SHARED_LIGHT = {
    "error": "#BA1A1A", "on_error": "#FFFFFF",
    "error_container": "#FFDAD6", "on_error_container": "#410002",
}
_SHARED_DARK = {
    "error": "#FFB4AB", "on_error": "#690005",
    "error_container": "#93000A", "on_error_container": "#FFDAD6",
}

LIGHT = {
    "primary": BRAND, "on_primary": "#FFFFFF",
    "primary_container": "#9EF2E4", "on_primary_container": "#00201C",
    "secondary": "#4A635F", "on_secondary": "#FFFFFF",
    "secondary_container": "#CCE8E2", "on_secondary_container": "#05201C",
    "tertiary": "#456179", "on_tertiary": "#FFFFFF",
    "tertiary_container": "#CCE5FF", "on_tertiary_container": "#001E31",
    **_SHARED_LIGHT,
    "surface": "#FAFDFB", "on_surface": "#191C1B", "on_surface_variant": "#3F4947",
    "surface_container_lowest": "#FFFFFF", "surface_container_low": "#F4F7F5",
    "surface_container": "#EEF1EF", "surface_container_high": "#E8ECEA",
    "surface_container_highest": "#E2E6E4",
    "outline": "#5E6866", "outline_variant": "#BEC9C6",
    "inverse_surface": "#2D3130", "on_inverse_surface": "#EFF1EF", "inverse_primary": "#80D5C8",
}

DARK = {
    "primary": "#80D5C8", "on_primary": "#003731",
    "primary_container": "#005048", "on_primary_container": "#9CF2E4",
    "secondary": "#B1CCC6", "on_secondary": "#1C3531",
    "secondary_container": "#334B47", "on_secondary_container": "#CCE8E2",
    "tertiary": "#ADCAE5", "on_tertiary": "#143349",
    "tertiary_container": "#2D4961", "on_tertiary_container": "#CCE5FF",
    **_SHARED_DARK,
    "surface": "#0E1513", "on_surface": "#DEE4E1", "on_surface_variant": "#BEC9C6",
    "surface_container_lowest": "#090F0E", "surface_container_low": "#171D1C",
    "surface_container": "#1B2120", "surface_container_high": "#252B2A",
    "surface_container_highest": "#303635",
    "outline": "#899390", "outline_variant": "#3F4947",
    "inverse_surface": "#DEE4E1", "on_inverse_surface": "#2B3230", "inverse_primary": "#006A60",
}

HIGH_CONTRAST_LIGHT = {
    "primary": "#003D33", "on_primary": "#FFFFFF",
    "primary_container": "#003D33", "on_primary_container": "#FFFFFF",
    "secondary": "#4A148C", "on_secondary": "#FFFFFF",
    "secondary_container": "#E8E8E8", "on_secondary_container": "#000000",
    "tertiary": "#0D2A45", "on_tertiary": "#FFFFFF",
    "tertiary_container": "#E8E8E8", "on_tertiary_container": "#000000",
    "error": "#8C0009", "on_error": "#FFFFFF",
    "error_container": "#FFFFFF", "on_error_container": "#8C0009",
    "surface": "#FFFFFF", "on_surface": "#000000", "on_surface_variant": "#000000",
    "surface_container_lowest": "#FFFFFF", "surface_container_low": "#F5F5F5",
    "surface_container": "#EEEEEE", "surface_container_high": "#E6E6E6",
    "surface_container_highest": "#DDDDDD",
    "outline": "#000000", "outline_variant": "#000000",
    "inverse_surface": "#000000", "on_inverse_surface": "#FFFFFF", "inverse_primary": "#A7FFEB",
}

HIGH_CONTRAST_DARK = {
    "primary": "#A7FFEB", "on_primary": "#000000",
    "primary_container": "#A7FFEB", "on_primary_container": "#000000",
    "secondary": "#FFE082", "on_secondary": "#000000",
    "secondary_container": "#292929", "on_secondary_container": "#FFFFFF",
    "tertiary": "#B3E5FC", "on_tertiary": "#000000",
    "tertiary_container": "#292929", "on_tertiary_container": "#FFFFFF",
    "error": "#FFB4AB", "on_error": "#000000",
    "error_container": "#000000", "on_error_container": "#FFB4AB",
    "surface": "#000000", "on_surface": "#FFFFFF", "on_surface_variant": "#FFFFFF",
    "surface_container_lowest": "#000000", "surface_container_low": "#0D0D0D",
    "surface_container": "#141414", "surface_container_high": "#1F1F1F",
    "surface_container_highest": "#292929",
    "outline": "#FFFFFF", "outline_variant": "#FFFFFF",
    "inverse_surface": "#FFFFFF", "on_inverse_surface": "#000000", "inverse_primary": "#003D33",
}


def color_roles(*, dark: bool, high_contrast: bool) -> dict[str, str]:
    """The explicit colours of one theme, by `ft.ColorScheme` field name."""
    if high_contrast:
        return HIGH_CONTRAST_DARK if dark else HIGH_CONTRAST_LIGHT
    return DARK if dark else LIGHT


def text_size(style: str, scale: float) -> float:
    """The size of a Material text style at a text scale, never under `SMALLEST_TEXT` at
    the normal size: `text_size("body_large", 1.5)` → 24, `text_size("body_small", 1)` → 14."""
    return round(max(TEXT_SIZES[style], SMALLEST_TEXT) * scale, 1)


def code_size(style: str, scale: float) -> float:
    """A code shown big: the style's size at the scale, up to `CODE_CAP`."""
    return min(text_size(style, scale), CODE_CAP)


def _targets(scale: float, text_colour: str) -> dict[str, object]:
    """Buttons a thumb hits (48 dp and up, the app bar's back arrow too) and icons that
    grow with the text (explicit `ft.Icon(size=…)` stays as set)."""
    style = ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=20, vertical=TARGET_PADDING),
                           icon_size=round(18 * scale, 1))
    return {
        "icon_theme": ft.IconTheme(size=round(ICON_SIZE * scale, 1)),
        "filled_button_theme": ft.FilledButtonTheme(style=style),
        "outlined_button_theme": ft.OutlinedButtonTheme(style=style),
        "text_button_theme": ft.TextButtonTheme(style=style),
        "icon_button_theme": ft.IconButtonTheme(style=ft.ButtonStyle(
            padding=12, icon_size=round(ICON_SIZE * scale, 1))),
        "navigation_bar_theme": ft.NavigationBarTheme(
            height=80 + round(ICON_SIZE * (scale - 1)),  # Material's 80, and room for the larger icon
            label_text_style=ft.TextStyle(size=min(text_size("label_medium", scale), NAV_LABEL_CAP),
                                          weight=ft.FontWeight.W_600, color=text_colour),
        ),
        "appbar_theme": ft.AppBarTheme(title_text_style=ft.TextStyle(
            size=min(text_size("title_large", scale), TITLE_CAP), color=text_colour,
            font_family_fallback=[SYMBOLS_FONT])),
    }


def _text_theme(scale: float, text_colour: str) -> ft.TextTheme:
    return ft.TextTheme(**{
        name: ft.TextStyle(
            size=text_size(name, scale), color=text_colour, font_family_fallback=[SYMBOLS_FONT]
        )
        for name in TEXT_SIZES
    })


def theme_for(prefs: Preferences, *, dark: bool) -> ft.Theme:
    roles = color_roles(dark=dark, high_contrast=prefs.high_contrast)
    return ft.Theme(
        color_scheme_seed=BRAND,
        color_scheme=ft.ColorScheme(**roles),
        scaffold_bgcolor=roles["surface"],  # Flutter took it from the seed's surface
        text_theme=_text_theme(prefs.text_scale, roles["on_surface"]),
        visual_density=ft.VisualDensity.STANDARD,
        **_targets(prefs.text_scale, roles["on_surface"]),  # type: ignore[arg-type]
    )


def apply_theme(page: ft.Page, prefs: Preferences) -> None:
    page.fonts = dict(FONTS)
    page.theme = theme_for(prefs, dark=False)
    page.dark_theme = theme_for(prefs, dark=True)
    page.theme_mode = ft.ThemeMode.DARK if prefs.dark else ft.ThemeMode.LIGHT
