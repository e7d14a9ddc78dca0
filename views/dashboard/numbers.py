"""One way to write each measure on the dashboard, in the session's language (Babel).

Every section, table, tooltip and axis writes its figures through these, so a figure
reads the same in the headline, the table and the chart:

- visits, no-shows, respondents: whole numbers with grouping (``12.345``);
- percentages: one decimal (``8,1%``), quota use too;
- minutes: one decimal (``12,5 menit``);
- the SKM index: two decimals, as PermenPANRB 14/2017 writes it (``78,57``);
- chart axes: short (``5 rb`` in id, ``5 èwu`` in jv, ``5K`` in en).

A figure that does not exist (no visits, no survey) is a dash.
"""

from __future__ import annotations

from babel import numbers

from session.i18n import Translator

NONE = "–"

COUNT = "#,##0"
ONE_DECIMAL = "#,##0.0"
SKM = "#,##0.00"
PERCENT = "#,##0.0%"


def count(t: Translator, value: int) -> str:
    """``12.345``."""
    return numbers.format_decimal(value, COUNT, locale=t.locale)


def percent(t: Translator, value: float | None) -> str:
    """``8,1%`` for ``8.1`` (a value already in percent)."""
    if value is None:
        return NONE
    return numbers.format_percent(value / 100, PERCENT, locale=t.locale)


def share(t: Translator, part: int, whole: int) -> str:
    """``part`` as a percent of ``whole`` (a dash when there is no whole)."""
    return percent(t, 100 * part / whole if whole else None)


def decimal(t: Translator, value: float) -> str:
    """``2,5``: a figure with one decimal (percentage points of a rate)."""
    return numbers.format_decimal(value, ONE_DECIMAL, locale=t.locale)


def minutes(t: Translator, value: float | None) -> str:
    """``12,5 menit``."""
    if value is None:
        return NONE
    return t.gettext("{n} menit").format(n=decimal(t, value))


def skm_index(t: Translator, value: float | None) -> str:
    """``78,57``: an SKM index or an element's value."""
    return NONE if value is None else numbers.format_decimal(value, SKM, locale=t.locale)


def axis(t: Translator, value: float) -> str:
    """A chart axis label: ``500``, ``1,5 rb``, ``12 rb`` (id); ``1,5K`` (en).

    Basa Jawa spells the word out (``1,5 èwu``): CLDR's short Javanese form (``1,5È``)
    is nothing a reader in Rembang would recognise.
    """
    if abs(value) < 1000:
        return numbers.format_decimal(value, "#,##0.#", locale=t.locale)
    if t.language == "jv":
        return numbers.format_compact_decimal(value, format_type="long", fraction_digits=1, locale=t.locale)
    return numbers.format_compact_decimal(value, format_type="short", fraction_digits=1, locale=t.locale)
