"""Themes from the user's preferences: light or dark, normal or high contrast, and a
text size that scales every Material text style (large text must not clip)."""

from __future__ import annotations

import flet as ft

from views.state import Preferences

BRAND = "#00695C"  # teal: health services in Indonesia; white text on it is 6.9:1
TEXT_SIZES = {  # Material 3 defaults
    "display_large": 57, "display_medium": 45, "display_small": 36,
    "headline_large": 32, "headline_medium": 28, "headline_small": 24,
    "title_large": 22, "title_medium": 16, "title_small": 14,
    "body_large": 16, "body_medium": 14, "body_small": 12,
    "label_large": 14, "label_medium": 12, "label_small": 11,
}


def _text_theme(scale: float) -> ft.TextTheme:
    return ft.TextTheme(**{name: ft.TextStyle(size=round(size * scale, 1))
                           for name, size in TEXT_SIZES.items()})


def _high_contrast(dark: bool) -> ft.ColorScheme:
    if dark:
        return ft.ColorScheme(
            primary="#FFFFFF", on_primary="#000000", surface="#000000", on_surface="#FFFFFF",
            on_surface_variant="#FFFFFF", outline="#FFFFFF", secondary="#FFE082",
            on_secondary="#000000", error="#FF8A80", on_error="#000000",
        )
    return ft.ColorScheme(
        primary="#003D33", on_primary="#FFFFFF", surface="#FFFFFF", on_surface="#000000",
        on_surface_variant="#000000", outline="#000000", secondary="#4A148C",
        on_secondary="#FFFFFF", error="#B00020", on_error="#FFFFFF",
    )


def theme_for(prefs: Preferences, *, dark: bool) -> ft.Theme:
    return ft.Theme(
        color_scheme_seed=BRAND,
        color_scheme=_high_contrast(dark) if prefs.high_contrast else None,
        text_theme=_text_theme(prefs.text_scale),
        visual_density=ft.VisualDensity.STANDARD,
    )


def apply_theme(page: ft.Page, prefs: Preferences) -> None:
    page.theme = theme_for(prefs, dark=False)
    page.dark_theme = theme_for(prefs, dark=True)
    page.theme_mode = ft.ThemeMode.DARK if prefs.dark else ft.ThemeMode.LIGHT
