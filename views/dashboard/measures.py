"""The four measures Dinkes compares facilities by (the map's colours, the weekly
lines): the poli wait's P90, no-shows, the SKM index, visits."""

from __future__ import annotations

from enum import StrEnum

from api_client.models import PeriodSummary
from session.i18n import N_, Translator
from views.dashboard import numbers


class Measure(StrEnum):
    poli_p90 = "poli_p90"
    no_show = "no_show"
    skm = "skm"
    visits = "visits"


MEASURE_WORDS = {
    Measure.poli_p90: N_("P90 tunggu poli"),
    Measure.no_show: N_("Tidak hadir"),
    Measure.skm: N_("Indeks SKM"),
    Measure.visits: N_("Kunjungan"),
}


def of_summary(measure: Measure, summary: PeriodSummary) -> float | None:
    """A period's figure for the measure; None where there is none (no visit, no survey)."""
    return {
        Measure.poli_p90: summary.poli_wait_p90_minutes,
        Measure.no_show: summary.no_show_rate,
        Measure.skm: summary.skm_index,
        Measure.visits: float(summary.visits),
    }[measure]


def written(t: Translator, measure: Measure, value: float | None) -> str:
    """The figure as the dashboard writes that measure everywhere."""
    if value is None:
        return numbers.NONE
    if measure is Measure.poli_p90:
        return numbers.minutes(t, value)
    if measure is Measure.no_show:
        return numbers.percent(t, value)
    if measure is Measure.skm:
        return numbers.skm_index(t, value)
    return numbers.count(t, int(value))
