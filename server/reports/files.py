"""A report as tables, and the two files it is written to: an Excel workbook (one
sheet per table) and a CSV (the tables one after another, each under its own name and
header row, as the dashboard's CSV has them).

The headings are Indonesian whatever the language of who asks: the reports are filed
in Indonesian. Numbers stay numbers: cells in the workbook (with a display format per
column), plain digits with a decimal point in the CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from server.spreadsheet_cells import csv_text, runs_as_formula

Cell = str | int | float | dt.date | None
SHEET_NAME_MAX = 31  # Excel's limit


@dataclass(frozen=True)
class Table:
    """One table: a sheet of the workbook, a section of the CSV."""

    name: str  # the sheet's name and the CSV section's first line
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    formats: dict[int, str] = field(default_factory=dict)  # column → Excel number format

    def __post_init__(self) -> None:
        if len(self.name) > SHEET_NAME_MAX:
            raise ValueError(f"a sheet name has at most {SHEET_NAME_MAX} characters, got {self.name!r}")
        for row in self.rows:
            if len(row) != len(self.header):
                raise ValueError(f"table {self.name!r}: a row of {len(row)} cells under {len(self.header)} "
                                 "headings")


@dataclass(frozen=True)
class Report:
    title: str  # the workbook's first line on every sheet, e.g. "Laporan SKM Puskesmas Sumber"
    filename: str  # without the extension
    tables: Sequence[Table]


def plain(value: object) -> Cell:
    """An enum as its value; anything else as it is."""
    return value.value if isinstance(value, Enum) else value  # type: ignore[return-value]


def to_xlsx(report: Report) -> bytes:
    """One sheet per table: the report's title, then the bold header row (frozen), then
    the rows."""
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table in report.tables:
        sheet = book.create_sheet(table.name)
        sheet.append([report.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(list(table.header))
        for cell in sheet[2]:
            cell.font = bold
        for row in table.rows:
            sheet.append([plain(v) for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and runs_as_formula(cell.value):
                    cell.data_type = "s"  # text, shown as typed, never run
                    cell.quotePrefix = True
        for column, number_format in table.formats.items():
            for (cell,) in sheet.iter_rows(min_row=3, min_col=column + 1, max_col=column + 1):
                cell.number_format = number_format
        sheet.freeze_panes = "A3"
        for i, heading in enumerate(table.header, start=1):
            longest = max([len(heading), *(len(str(plain(r[i - 1]) or "")) for r in table.rows)])
            sheet.column_dimensions[get_column_letter(i)].width = min(60, max(10, longest + 2))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for table in report.tables:
        writer.writerow([table.name])
        writer.writerow(table.header)
        writer.writerows([_csv_cell(v) for v in row] for row in table.rows)
        writer.writerow([])
    return out.getvalue()


def _csv_cell(value: Cell) -> object:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return csv_text(value) if isinstance(value, str) else value
