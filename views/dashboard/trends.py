"""How each headline figure moved against the period before (`Dashboard.previous`).

A change is said in words and shown with an arrow and a colour that means better or
worse for the measure: fewer no-shows, shorter waits and a higher SKM are better; more
visits is neither (a busy month is not a good or bad one), so it stays neutral.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import flet as ft

from api_client.models import Dashboard, PeriodSummary, WaitStage
from session.context import use_t
from session.i18n import Translator

BETTER, WORSE, NEUTRAL = "#2E7D32", "#C62828", ft.Colors.ON_SURFACE_VARIANT


class Better(Enum):
    higher = "higher"
    lower = "lower"
    neither = "neither"


@dataclass(frozen=True)
class Figure:
    """One headline measure: its value now, before, how to say them and which way is good."""

    now: float | None
    before: float | None
    better: Better
    unit: str  # "percent_change" (counts), "points" (rates, the index), "minutes"


def figures(report: Dashboard) -> dict[str, Figure]:
    """The headline tiles' figures by tile key, with the previous period's beside them."""
    before = report.previous
    poli = next((w.p90_minutes for w in report.waits if w.stage is WaitStage.poli_wait), None)
    return {
        "headline-visits": Figure(report.visits, before.visits if before else None, Better.neither,
                                  "percent_change"),
        "headline-no-show": Figure(report.no_show_rate, before.no_show_rate if before else None,
                                   Better.lower, "points"),
        "headline-poli-wait": Figure(poli, before.poli_wait_p90_minutes if before else None,
                                     Better.lower, "minutes"),
        "headline-skm": Figure(report.skm.index, before.skm_index if before else None, Better.higher,
                               "points"),
    }


def change_words(t: Translator, figure: Figure) -> tuple[str, str] | None:
    """("Naik 12 %", colour), or None when there is nothing to compare."""
    _ = t.gettext
    if figure.now is None or figure.before is None:
        return None
    delta = figure.now - figure.before
    if figure.unit == "percent_change":
        if figure.before == 0:
            return None
        amount = f"{t.format_number(round(abs(delta) / figure.before * 100, 1))} %"  # as `percent`
    elif figure.unit == "minutes":
        amount = _("{n} menit").format(n=t.format_number(round(abs(delta), 1)))
    else:
        amount = _("{n} poin").format(n=t.format_number(round(abs(delta), 2)))
    if round(delta, 2) == 0:
        return _("Tetap"), NEUTRAL
    went_up = delta > 0
    words = (_("Naik {amount}") if went_up else _("Turun {amount}")).format(amount=amount)
    if figure.better is Better.neither:
        return words, NEUTRAL
    good = went_up == (figure.better is Better.higher)
    return words, BETTER if good else WORSE


@ft.component
def Change(figure: Figure, *, before: str, identifier: str) -> ft.Control:
    """The change under a headline figure: arrow, words, coloured better/worse, and the
    previous value (`before`, formatted as the figure is)."""
    t = use_t()
    said = change_words(t, figure)
    if said is None:
        return ft.Text(t.gettext("Belum ada pembanding"), theme_style=ft.TextThemeStyle.BODY_MEDIUM,
                       color=NEUTRAL)
    words, colour = said
    arrow = (ft.Icons.TRENDING_FLAT if words == t.gettext("Tetap") else
             ft.Icons.TRENDING_UP if (figure.now or 0) > (figure.before or 0) else ft.Icons.TRENDING_DOWN)
    return ft.Semantics(identifier=identifier, container=True, content=ft.Row([
        ft.Icon(arrow, color=colour, size=20),
        ft.Text(t.gettext("{change} · sebelumnya {value}").format(change=words, value=before),
                color=colour, weight=ft.FontWeight.W_600, theme_style=ft.TextThemeStyle.BODY_MEDIUM,
                expand=True),
    ], spacing=4, vertical_alignment=ft.CrossAxisAlignment.START))


def compared_with(t: Translator, before: PeriodSummary) -> str:
    return t.gettext("Dibandingkan dengan {first} sampai {last}").format(
        first=t.format_date(before.date_from, "d MMM yyyy"), last=t.format_date(before.date_to, "d MMM yyyy"),
    )
