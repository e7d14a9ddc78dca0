"""Every facility side by side: one sortable table (a tap on a header sorts by it, a
second tap turns the order round), the regency's row always last; a facility's name
opens its dashboard.

It opens sorted by the poli wait's P90, longest first. A row without the figure (no
visits, no survey) goes below the rows with one, whichever way the table is sorted.
The other four stages' waits are in the CSV ("Unduh CSV" with "Semua faskes": its
`facilities` table) and the API.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import flet as ft

from api_client.models import FacilityFigures, WaitStage
from session.context import use_t
from session.i18n import N_, Translator
from views.dashboard import numbers


@dataclass(frozen=True)
class Column:
    header: str  # marked with N_, translated when shown
    key: Callable[[FacilityFigures], Any]  # what the column sorts by; None: no figure
    text: Callable[[Translator, FacilityFigures], str]
    numeric: bool = True


def _wait(stage: WaitStage, which: str) -> Callable[[FacilityFigures], float | None]:
    def value(row: FacilityFigures) -> float | None:
        wait = next((w for w in row.waits if w.stage is stage), None)
        return getattr(wait, which) if wait else None
    return value


def _minutes(
    value: Callable[[FacilityFigures], float | None],
) -> Callable[[Translator, FacilityFigures], str]:
    return lambda t, row: numbers.minutes(t, value(row))


def _skm(t: Translator, row: FacilityFigures) -> str:
    return f"{numbers.skm_index(t, row.skm_index)} ({row.skm_band})" if row.skm_band else numbers.NONE


LOKET_MEDIAN = _wait(WaitStage.loket_wait, "median_minutes")
LOKET_P90 = _wait(WaitStage.loket_wait, "p90_minutes")
POLI_MEDIAN = _wait(WaitStage.poli_wait, "median_minutes")
POLI_P90 = _wait(WaitStage.poli_wait, "p90_minutes")

COLUMNS = (
    Column(N_("Faskes"), lambda r: r.facility_name, lambda t, r: r.facility_name or "", numeric=False),
    Column(N_("Kunjungan"), lambda r: r.visits, lambda t, r: numbers.count(t, r.visits)),
    Column(N_("Tunggu loket\nmedian"), LOKET_MEDIAN, _minutes(LOKET_MEDIAN)),
    Column(N_("Tunggu loket\nP90"), LOKET_P90, _minutes(LOKET_P90)),
    Column(N_("Tunggu poli\nmedian"), POLI_MEDIAN, _minutes(POLI_MEDIAN)),
    Column(N_("Tunggu poli\nP90"), POLI_P90, _minutes(POLI_P90)),
    Column(N_("Tidak\nhadir"), lambda r: r.no_show_rate, lambda t, r: numbers.percent(t, r.no_show_rate)),
    Column(N_("Kuota\nterpakai"), lambda r: r.quota_use_rate,
           lambda t, r: numbers.percent(t, r.quota_use_rate)),
    Column(N_("Indeks SKM"), lambda r: r.skm_index, _skm),
    Column(N_("Pengaduan terbuka\n(lewat batas)"), lambda r: (r.complaints_overdue, r.complaints_open),
           lambda t, r: f"{numbers.count(t, r.complaints_open)} ({numbers.count(t, r.complaints_overdue)})"),
)
DEFAULT_SORT = (5, False)  # the poli wait's P90, longest first


def opener(name: str, on_click: Callable[[], None]) -> ft.Control:
    """A facility's name as a compact link-like button that opens its dashboard."""
    return ft.TextButton(content=name, on_click=on_click, style=ft.ButtonStyle(
        padding=ft.Padding.symmetric(horizontal=4), visual_density=ft.VisualDensity.COMPACT,
    ))


def sorted_rows(rows: list[FacilityFigures], column: int, ascending: bool) -> list[FacilityFigures]:
    """By the column's figure; rows without it last (in name order), either way."""
    key = COLUMNS[column].key
    known = [r for r in rows if key(r) is not None]
    unknown = sorted((r for r in rows if key(r) is None), key=lambda r: r.facility_name or "")
    known.sort(key=lambda r: (key(r), r.facility_name or ""), reverse=not ascending)
    return known + unknown


@ft.component
def FacilityTable(
    rows: list[FacilityFigures], regency: FacilityFigures, on_open: Callable[[str], None]
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    sort, set_sort = ft.use_state(DEFAULT_SORT)
    column, ascending = sort

    def on_sort(e: ft.DataColumnSortEvent) -> None:
        set_sort((e.column_index, e.ascending))

    def facility_row(row: FacilityFigures) -> ft.DataRow:
        assert row.facility_id is not None
        facility_id = row.facility_id
        name = ft.Semantics(identifier=f"compare-open-{facility_id}",
                            content=opener(row.facility_name or facility_id, lambda: on_open(facility_id)))
        return ft.DataRow(cells=[ft.DataCell(name)]
                          + [ft.DataCell(ft.Text(c.text(t, row))) for c in COLUMNS[1:]])

    regency_row = ft.DataRow(
        cells=[ft.DataCell(ft.Text(_("Seluruh kabupaten"), weight=ft.FontWeight.BOLD))]
        + [ft.DataCell(ft.Text(c.text(t, regency), weight=ft.FontWeight.BOLD)) for c in COLUMNS[1:]],
        color=ft.Colors.SURFACE_CONTAINER_HIGHEST,
    )
    table = ft.DataTable(
        columns=[
            ft.DataColumn(label=ft.Text(_(c.header), weight=ft.FontWeight.BOLD, text_align=(
                ft.TextAlign.RIGHT if c.numeric else ft.TextAlign.LEFT)), numeric=c.numeric, on_sort=on_sort)
            for c in COLUMNS
        ],
        rows=[facility_row(r) for r in sorted_rows(rows, column, ascending)] + [regency_row],
        sort_column_index=column, sort_ascending=ascending,
        column_spacing=14, horizontal_margin=8, heading_row_height=56,
        data_row_min_height=36, data_row_max_height=44,
    )
    return ft.Semantics(identifier="compare-table", container=True, content=ft.Row([table],
                                                                                    scroll=ft.ScrollMode.AUTO))
