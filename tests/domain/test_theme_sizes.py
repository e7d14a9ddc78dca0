"""Readable and touchable for older people: no text under 14 sp at the normal size,
icons and the app bar's title grow with the text size (the title up to one line on a
360-px phone), buttons padded to a 48-dp target."""

from __future__ import annotations

import pytest

from session.state import Preferences
from session.theme import NAV_LABEL_CAP, SMALLEST_TEXT, TEXT_SIZES, TITLE_CAP, theme_for


@pytest.mark.parametrize("scale", [1.0, 1.25, 1.5])
def test_no_text_style_is_under_fourteen_sp_times_the_scale(scale):  # type: ignore[no-untyped-def]
    theme = theme_for(Preferences(text_scale=scale), dark=False)
    sizes = {style: getattr(theme.text_theme, style).size for style in TEXT_SIZES}
    assert min(sizes.values()) == SMALLEST_TEXT * scale
    assert sizes["body_large"] == 16 * scale  # the larger ones as Material has them


def test_icons_grow_with_the_text_and_the_title_stops_at_one_line():
    normal, largest = (theme_for(Preferences(text_scale=s), dark=True) for s in (1.0, 1.5))
    assert (normal.icon_theme.size, largest.icon_theme.size) == (24, 36)
    assert largest.icon_button_theme.style.icon_size == 36
    assert normal.appbar_theme.title_text_style.size == 22
    assert largest.appbar_theme.title_text_style.size == TITLE_CAP
    assert largest.appbar_theme.title_text_style.color == largest.color_scheme.on_surface


def test_the_navigation_labels_grow_to_what_four_fit_on_a_360_px_phone():
    sizes = [theme_for(Preferences(text_scale=s), dark=False).navigation_bar_theme.label_text_style.size
             for s in (1.0, 1.25, 1.5)]
    assert sizes == [SMALLEST_TEXT, NAV_LABEL_CAP, NAV_LABEL_CAP]
