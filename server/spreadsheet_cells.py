"""Text that a spreadsheet must show, never run.

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one)
is a formula to Excel and LibreOffice: a facility name, username or category typed as
`=HYPERLINK(…)` would run in Dinkes's spreadsheet. CSV cells get the usual leading
apostrophe; Excel cells written by openpyxl keep their text and are stored as text
with Excel's own quote prefix (server/reports/files.py).
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def runs_as_formula(text: str) -> bool:
    return text[:1] in FORMULA_STARTS


def csv_text(text: str) -> str:
    """The text as a CSV cell a spreadsheet shows as text."""
    return f"'{text}" if runs_as_formula(text) else text
