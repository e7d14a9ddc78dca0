"""The dashboard's building blocks: a section with a chart beside its table, a bar
chart (flet-charts) and a plain data table.

A chart's left axis counts in round steps written short in the session's language
("0, 500, 1 rb, 1,5 rb"; views/dashboard/numbers.py); under the bars go as many labels
as the chart's measured width holds (one per 48 px), so dates never run together.
Tables are as long as their rows: the page scrolls, never a card.

The table is what counts: screen readers, tests and the CSV read the same figures.
The chart is a picture of them, labelled as such, beside the table at desk width
and above it on a phone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import flet as ft
import flet_charts as fch

from session.context import use_t
from views.dashboard import numbers

CHART_HEIGHT = 240
LEFT_AXIS_WIDTH = 56  # "12,5 èwu" at 11 px
BOTTOM_AXIS_HEIGHT = 48  # three lines of 11 px
LABEL_SPACE = 48  # at most one date or name under the bars per 48 px, so they never run together
FIRST_WIDTH = 300  # the chart's width until the browser has measured it (a phone's)
BOTTOM_LABEL = "chart-bottom-label"  # each its own node, so a test can see where it is drawn


@dataclass(frozen=True)
class Series:
    """One bar per group (or one slice of a stacked bar): its name (legend, tooltip) and colour."""

    name: str
    color: str


def bar_chart(
    labels: Sequence[str], series: Sequence[tuple[Series, Sequence[float | None]]], *,
    description: str, max_y: float | None = None, number: Callable[[float], str] | None = None,
    stacked: bool = False, unit: str = "",
) -> ft.Control:
    """Grouped bars: one group per label, one bar per series (or one bar of the series
    stacked, for many labels). `description` names the picture for screen readers (its
    numbers are in the table beside it); `number` writes a value in a tooltip; `unit`
    follows each left-axis label ("%")."""
    return BarChart(labels, series, description=description, max_y=max_y, number=number, stacked=stacked,
                    unit=unit)


@ft.component
def BarChart(
    labels: Sequence[str], series: Sequence[tuple[Series, Sequence[float | None]]], *,
    description: str, max_y: float | None, number: Callable[[float], str] | None, stacked: bool,
    unit: str,
) -> ft.Control:
    """The bars, an axis of round numbers in the session's language on the left
    ("0, 500, 1 rb, 1,5 rb"), and as many labels under the bars as the measured width
    holds."""
    t = use_t()
    width_state: tuple[float, Callable[[float], None]] = ft.use_state(float(FIRST_WIDTH))
    measured, set_measured = width_state
    write = number or (lambda v: f"{v:g}")
    plot = max(1.0, measured - LEFT_AXIS_WIDTH)
    group = [[values[i] or 0 for _, values in series] for i in range(len(labels))]
    highest = max((sum(bars) if stacked else max(bars, default=0) for bars in group), default=0)
    whole = all(float(v or 0).is_integer() for _, values in series for v in values)
    ticks = axis_ticks(max_y or highest * 1.1, whole=whole)
    rods_per_group = 1 if stacked else len(series)
    slot = plot / max(1, len(labels))
    width = max(2.0, min(22.0, 0.7 * slot / rods_per_group))
    groups = [
        fch.BarChartGroup(x=i, rods=(_stack(label, series, i, width, write) if stacked else [
            fch.BarChartRod(from_y=0, to_y=values[i] or 0, width=width, color=s.color, border_radius=2,
                            tooltip=f"{label} · {s.name}: {write(values[i] or 0)}")
            for s, values in series if values[i]  # a zero bar would still draw a stub
        ]) or [_empty_slot(width * rods_per_group + 2 * (rods_per_group - 1))], spacing=2)
        for i, label in enumerate(labels)
    ]
    every = label_step(labels, plot)
    chart = fch.BarChart(
        groups=groups, min_y=0, max_y=ticks[-1], interactive=True, height=CHART_HEIGHT,
        group_spacing=max(1.0, min(16.0, slot - width * rods_per_group)),
        left_axis=fch.ChartAxis(label_size=LEFT_AXIS_WIDTH, label_spacing=ticks[1] - ticks[0], labels=[
            fch.ChartAxisLabel(value=v, label=ft.Text(numbers.axis(t, v) + unit, size=11, no_wrap=True))
            for v in ticks
        ]),
        bottom_axis=fch.ChartAxis(label_size=BOTTOM_AXIS_HEIGHT, labels=[
            fch.ChartAxisLabel(value=i, label=ft.Semantics(
                identifier=BOTTOM_LABEL, container=True, content=_axis_label(label, 0.85 * slot * every)))
            for i, label in enumerate(labels) if i % every == 0
        ]),
        horizontal_grid_lines=fch.ChartGridLines(
            interval=ticks[1] - ticks[0], color=ft.Colors.OUTLINE_VARIANT, width=1, dash_pattern=[3, 3],
        ),
    )
    legend = ft.Row([
        ft.Row([ft.Container(width=12, height=12, bgcolor=s.color, border_radius=2),
                ft.Text(s.name, theme_style=ft.TextThemeStyle.BODY_SMALL)], spacing=4, tight=True)
        for s, _ in series
    ], wrap=True, spacing=12) if len(series) > 1 else None

    def resized(e: ft.LayoutSizeChangeEvent[ft.LayoutControl]) -> None:
        if abs(e.width - measured) >= 1:
            set_measured(e.width)

    return ft.Semantics(label=description, content=ft.Container(
        on_size_change=resized, size_change_interval=100,
        content=ft.Column([c for c in (chart, legend) if c is not None], spacing=8),
    ))


def _empty_slot(width: float) -> fch.BarChartRod:
    """A group with nothing to draw (a channel with no visits yet) still takes its place:
    a group without rods has no width, and its label would crowd its neighbour's."""
    return fch.BarChartRod(from_y=0, to_y=0, width=width, color=ft.Colors.TRANSPARENT)


def _stack(
    label: str, series: Sequence[tuple[Series, Sequence[float | None]]], i: int, width: float,
    write: Callable[[float], str],
) -> list[fch.BarChartRod]:
    """One bar of the series on top of each other; its tooltip names each part."""
    items, bottom = [], 0.0
    for s, values in series:
        value = values[i] or 0
        if value:
            items.append(fch.BarChartRodStackItem(from_y=bottom, to_y=bottom + value, color=s.color))
            bottom += value
    if not items:
        return []
    parts = ", ".join(f"{s.name}: {write(values[i] or 0)}" for s, values in series if values[i])
    return [fch.BarChartRod(from_y=0, to_y=bottom, width=width, stack_items=items, border_radius=2,
                            color=series[-1][0].color, tooltip=f"{label} · {parts}")]


def axis_ticks(top: float, *, whole: bool = False) -> list[float]:
    """The values on the left axis: 0 up to `top` or just above it, in five or so round
    steps (0, 2 500, … 12 500 for 10 760); whole steps for counts."""
    step = nice_ceiling(top / 5)
    if whole:
        step = max(step, 1)
    count = max(1, math.ceil(top / step - 1e-9))
    return [round(n * step, 10) for n in range(count + 1)]


def label_step(labels: Sequence[str], width: float) -> int:
    """Every how many bars a label goes under them: one label per `LABEL_SPACE` px for
    dates ("14/11") and names, less room for short ones ("08", "3→4")."""
    longest = max((len(label) for label in labels), default=0)
    space = max(28, min(LABEL_SPACE, 8 * longest + 8))
    room = max(1, int(width // space))
    return max(1, math.ceil(len(labels) / room))


def data_table(columns: Sequence[str], rows: Sequence[Sequence[str]], *, numeric_from: int = 1) -> ft.Control:
    """A table of text; columns from `numeric_from` on are right-aligned numbers."""
    return ft.Row([ft.DataTable(
        columns=[ft.DataColumn(label=ft.Text(c, weight=ft.FontWeight.BOLD), numeric=i >= numeric_from)
                 for i, c in enumerate(columns)],
        rows=[ft.DataRow(cells=[ft.DataCell(ft.Text(cell)) for cell in row]) for row in rows],
        column_spacing=16, horizontal_margin=8, heading_row_height=40,
        data_row_min_height=32, data_row_max_height=40,
    )], scroll=ft.ScrollMode.AUTO)


@ft.component
def Section(
    title: str, explanation: str, chart: ft.Control | None, table: ft.Control, *, identifier: str,
    chart_columns: int = 7,
) -> ft.Control:
    """A titled card: the chart on the left, its table on the right (stacked on a phone).
    The table is as long as its rows: the page scrolls, never the card, so no row hides
    behind an inner scrollbar."""
    table_box = ft.Semantics(identifier=f"{identifier}-table", content=table)
    body: list[ft.Control] = []
    if chart is not None:
        body.append(ft.Container(content=chart, padding=ft.Padding.only(top=8, right=8),
                                 col={"xs": 12, "md": chart_columns}))
    body.append(ft.Container(content=table_box,
                             col={"xs": 12, "md": 12 - chart_columns if chart is not None else 12}))
    return ft.Semantics(identifier=identifier, container=True, content=ft.Card(content=ft.Container(
        padding=16,
        content=ft.Column([
            ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.BOLD),
            ft.Text(explanation, theme_style=ft.TextThemeStyle.BODY_MEDIUM,
                    color=ft.Colors.ON_SURFACE_VARIANT),
            ft.ResponsiveRow(body, spacing=16, run_spacing=12,
                             vertical_alignment=ft.CrossAxisAlignment.START),
        ], spacing=8),
    )))


def _axis_label(label: str, room: float) -> ft.Control:
    """Long names (the channels) wrap onto up to three lines within the room of their bar,
    so they never overlap on a phone ("Self-service kiosk")."""
    text = ft.Text(label, size=11, text_align=ft.TextAlign.CENTER, max_lines=3)
    return ft.Container(width=max(40.0, min(72.0, room)), content=text) if len(label) > 6 else text


def nice_ceiling(value: float) -> float:
    """The axis top: the next 1, 2, 2.5 or 5 × 10ⁿ at or above `value` (so the top label
    is a round number)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)
