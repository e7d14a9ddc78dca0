"""The dashboard's building blocks: a section with a chart beside its table, a bar
chart (flet-charts) and a plain data table.

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

CHART_HEIGHT = 240


@dataclass(frozen=True)
class Series:
    """One bar per group: its name (legend, tooltip) and colour."""

    name: str
    color: str


def bar_chart(
    labels: Sequence[str], series: Sequence[tuple[Series, Sequence[float | None]]], *,
    description: str, label_every: int = 1, max_y: float | None = None,
    number: Callable[[float], str] | None = None,
) -> ft.Control:
    """Grouped bars: one group per label, one bar per series. `description` names the
    picture for screen readers (its numbers are in the table beside it)."""
    top = max_y or nice_ceiling(max((v or 0 for _, values in series for v in values), default=0) * 1.1)
    width = max(4.0, min(22.0, 360 / max(1, len(labels) * len(series))))
    groups = [
        fch.BarChartGroup(x=i, rods=[
            fch.BarChartRod(from_y=0, to_y=values[i] or 0, width=width, color=s.color,
                            border_radius=2,
                            tooltip=f"{label} · {s.name}: {(number or _plain)(values[i] or 0)}")
            for s, values in series if values[i]  # a zero bar would still draw a stub
        ], spacing=2)
        for i, label in enumerate(labels)
    ]
    chart = fch.BarChart(
        groups=groups, max_y=top, interactive=True, height=CHART_HEIGHT,
        group_spacing=max(2.0, min(16.0, 400 / max(1, len(labels)))),
        left_axis=fch.ChartAxis(label_size=44),
        bottom_axis=fch.ChartAxis(label_size=36, labels=[
            fch.ChartAxisLabel(value=i, label=_axis_label(label))
            for i, label in enumerate(labels) if i % label_every == 0
        ]),
        horizontal_grid_lines=fch.ChartGridLines(
            color=ft.Colors.OUTLINE_VARIANT, width=1, dash_pattern=[3, 3]
        ),
    )
    legend = ft.Row([
        ft.Row([ft.Container(width=12, height=12, bgcolor=s.color, border_radius=2),
                ft.Text(s.name, theme_style=ft.TextThemeStyle.BODY_SMALL)], spacing=4, tight=True)
        for s, _ in series
    ], wrap=True, spacing=12) if len(series) > 1 else None
    return ft.Semantics(label=description, content=ft.Column(
        [c for c in (chart, legend) if c is not None], spacing=8,
    ))


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
    table_height: int | None = None, chart_columns: int = 7,
) -> ft.Control:
    """A titled card: the chart on the left, its table on the right (stacked on a phone)."""
    table_box = ft.Semantics(identifier=f"{identifier}-table", content=ft.Container(
        content=ft.Column([table], scroll=ft.ScrollMode.AUTO) if table_height else table,
        height=table_height,
    ))
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


def _axis_label(label: str) -> ft.Control:
    """Long names (the channels) wrap onto two lines, so they never overlap on a phone."""
    text = ft.Text(label, size=11, text_align=ft.TextAlign.CENTER, max_lines=2)
    return ft.Container(width=72, content=text) if len(label) > 6 else text


def nice_ceiling(value: float) -> float:
    """The axis top: the next 1, 2, 2.5 or 5 × 10ⁿ at or above `value` (so the top label
    is a round number)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def _plain(value: float) -> str:
    return f"{value:g}"
