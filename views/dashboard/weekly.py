"""Is it getting better? Twelve weeks of one measure per facility: a small line per
facility on one shared scale (so the lines can be compared row to row), the figure
twelve weeks ago and this week, and the change in words. The regency's line comes
last for Dinkes. A facility's name opens its dashboard.

Loaded on its own (`GET /dashboard/weekly`), for the weeks ending on the period's
last date: the facility picked, or every facility.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft
import flet_charts as fch

from api_client import ApiError, ApiStatusError, Unauthorized
from api_client.models import FacilityTrend, WeeklyTrends
from components.facility_states import RetryButton
from components.heading import Heading
from components.message_line import message_line
from session.context import use_session, use_t
from session.i18n import Translator, error_message
from views.dashboard.compare import opener
from views.dashboard.frame import nice_ceiling
from views.dashboard.measures import MEASURE_WORDS, Measure, of_summary, written
from views.dashboard.period import Period
from views.dashboard.trends import Better, Figure, change_words

LINE_WIDTH, LINE_HEIGHT = 200, 40
LINE_COLOR, REGENCY_COLOR = "#00695C", "#37474F"
DIRECTION = {Measure.poli_p90: (Better.lower, "minutes"), Measure.no_show: (Better.lower, "points"),
             Measure.skm: (Better.higher, "points"), Measure.visits: (Better.neither, "percent_change")}


def figures_of(line: FacilityTrend, measure: Measure) -> list[float | None]:
    return [of_summary(measure, week) for week in line.weeks]


def first_and_last(values: list[float | None]) -> tuple[float | None, float | None]:
    """The oldest and the newest week that have the figure."""
    present = [v for v in values if v is not None]
    return (present[0], present[-1]) if present else (None, None)


def sparkline(values: list[float | None], top: float, color: str, *, label: str) -> ft.Control:
    """One line, weeks left to right; a week without the figure is left out."""
    points = [fch.LineChartDataPoint(i, v) for i, v in enumerate(values) if v is not None]
    hidden = fch.ChartAxis(show_labels=False, label_size=0)
    chart = fch.LineChart(
        data_series=[fch.LineChartData(points=points, color=color, stroke_width=2.5, point=len(points) < 3)],
        min_x=0, max_x=len(values) - 1, min_y=0, max_y=top, interactive=False,
        left_axis=hidden, bottom_axis=hidden, top_axis=hidden, right_axis=hidden,
    )
    box = ft.Container(width=LINE_WIDTH, height=LINE_HEIGHT, content=chart)
    return ft.Semantics(label=label, content=box)


def _row(t: Translator, line: FacilityTrend, measure: Measure, top: float,
         on_open: Callable[[str], None] | None) -> ft.DataRow:
    values = figures_of(line, measure)
    first, last = first_and_last(values)
    better, unit = DIRECTION[measure]
    said = change_words(t, Figure(last, first, better, unit))
    name = line.facility_name or t.gettext("Seluruh kabupaten")
    words = [written(t, measure, v) for v in values]
    label = t.gettext("{facility}, 12 minggu: {figures}").format(facility=name, figures=", ".join(words))
    facility_id = line.facility_id
    title: ft.Control = (opener(name, lambda: on_open(facility_id)) if on_open and facility_id
                         else ft.Text(name, weight=ft.FontWeight.BOLD if facility_id is None else None))
    return ft.DataRow(cells=[
        ft.DataCell(title),
        ft.DataCell(sparkline(values, top, LINE_COLOR if facility_id else REGENCY_COLOR, label=label)),
        ft.DataCell(ft.Text(written(t, measure, first))),
        ft.DataCell(ft.Text(written(t, measure, last))),
        ft.DataCell(ft.Text(said[0], color=said[1], weight=ft.FontWeight.W_600) if said else ft.Text("–")),
    ], color=ft.Colors.SURFACE_CONTAINER_HIGHEST if facility_id is None else None)


@ft.component
def WeeklyTable(trends: WeeklyTrends, measure: Measure, on_open: Callable[[str], None] | None) -> ft.Control:
    t = use_t()
    _ = t.gettext
    lines = [*trends.facilities, *([trends.regency] if trends.regency else [])]
    top = nice_ceiling(max((v or 0 for line in lines for v in figures_of(line, measure)), default=0) * 1.05)
    table = ft.DataTable(
        columns=[ft.DataColumn(label=ft.Text(_("Faskes"), weight=ft.FontWeight.BOLD)),
                 ft.DataColumn(label=ft.Text(_("12 minggu"), weight=ft.FontWeight.BOLD)),
                 ft.DataColumn(label=ft.Text(_("Minggu pertama"), weight=ft.FontWeight.BOLD), numeric=True),
                 ft.DataColumn(label=ft.Text(_("Minggu terakhir"), weight=ft.FontWeight.BOLD), numeric=True),
                 ft.DataColumn(label=ft.Text(_("Perubahan"), weight=ft.FontWeight.BOLD))],
        rows=[_row(t, line, measure, top, on_open) for line in lines],
        column_spacing=20, horizontal_margin=8, heading_row_height=40,
        data_row_min_height=LINE_HEIGHT + 12, data_row_max_height=LINE_HEIGHT + 16,
    )
    return ft.Semantics(identifier="weekly-table", container=True,
                        content=ft.Row([table], scroll=ft.ScrollMode.AUTO))


@ft.component
def WeeklyTrendsCard(
    *, period: Period, on_open: Callable[[str], None] | None, on_expired: Callable[[], Awaitable[None]],
    reload: int = 0,
) -> ft.Control:
    """`on_open` opens a facility's dashboard (Dinkes looking at every facility); a new
    `reload` loads the weeks again (the page's own "Coba lagi")."""
    session = use_session()
    t, client = session.t, session.deps.client
    _ = t.gettext
    state: tuple[WeeklyTrends | None, Callable[[WeeklyTrends | None], None]] = ft.use_state(None)
    trends, set_trends = state
    problem_state: tuple[str | None, Callable[[str | None], None]] = ft.use_state(None)
    problem, set_problem = problem_state
    attempt, set_attempt = ft.use_state(0)
    measure, set_measure = ft.use_state(Measure.poli_p90)

    async def load() -> None:
        set_problem(None)
        set_trends(None)
        try:
            set_trends(await client.dashboard.weekly(facility_id=period.facility_id, date_to=period.date_to))
        except Unauthorized:
            await on_expired()
        except ApiStatusError as err:
            set_problem(error_message(t, err.code, err.fields[0].params if err.fields else None))
        except ApiError as err:
            set_problem(error_message(t, err.code))

    ft.use_effect(load, [period.facility_id, period.date_to, attempt, reload])

    picker = ft.Semantics(identifier="weekly-measure", content=ft.Dropdown(
        label=_("Ukuran"), value=measure.value, width=260,
        options=[ft.DropdownOption(key=m.value, text=_(MEASURE_WORDS[m])) for m in Measure],
        on_select=lambda e: set_measure(Measure(e.control.value or Measure.poli_p90.value)),
    ))
    body: list[ft.Control] = [
        Heading(_("Tren 12 minggu")),
        ft.Text(_("Satu garis per faskes, minggu demi minggu sampai {last}; semua garis memakai skala "
                  "yang sama. Minggu tanpa angka (tanpa kunjungan atau survei) dilewati.").format(
                      last=t.format_date(period.date_to, "d MMM yyyy")),
                theme_style=ft.TextThemeStyle.BODY_MEDIUM, color=ft.Colors.ON_SURFACE_VARIANT),
        picker,
    ]
    if problem:
        body += [message_line(problem, identifier="weekly-error", error=True),
                 ft.Row([RetryButton(lambda: set_attempt(attempt + 1), identifier="weekly-retry")])]
    elif trends is None:
        body.append(ft.Row([ft.ProgressRing(), ft.Text(_("Menghitung…"))]))
    else:
        body.append(WeeklyTable(trends, measure, on_open))
    return ft.Semantics(identifier="dashboard-weekly", container=True, content=ft.Card(content=ft.Container(
        padding=16, content=ft.Column(body, spacing=8),
    )))
