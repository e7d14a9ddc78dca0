"""The dashboard writes each measure one way in each language (views/dashboard/numbers.py)."""

from __future__ import annotations

import pytest

from session.i18n import Translator
from views.dashboard import numbers


@pytest.mark.parametrize(("language", "thousands"), [("id", "1,5\xa0rb"), ("jv", "1,5 èwu"), ("en", "1,5K")])
def test_each_measure_has_one_form_and_axes_are_short_in_the_session_language(language, thousands):  # type: ignore[no-untyped-def]
    t = Translator(language)
    assert numbers.count(t, 12345) == "12.345"
    assert [numbers.percent(t, v) for v in (8.14, 12, None)] == ["8,1%", "12,0%", "–"]
    assert numbers.share(t, 452, 1858) == "24,3%" and numbers.share(t, 1, 0) == "–"
    assert numbers.skm_index(t, 78.5) == "78,50"
    assert numbers.minutes(t, 12).startswith("12,0 ")
    assert [numbers.axis(t, v) for v in (0, 500, 1500)] == ["0", "500", thousands]
