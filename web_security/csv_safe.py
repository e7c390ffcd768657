"""CSV files that spreadsheet programs will not run as formulas (CSV / formula injection).

A cell that starts with = + - @, a tab or a carriage return can run as a formula in Excel,
LibreOffice or Google Sheets. `safe_cell` puts an apostrophe in front of such a cell, so the
spreadsheet shows it as text. Every front end that hands people a CSV (coach exports, provider
exports) uses this one module; `course_catalogue.csv_format.unescape_cell` undoes it on import,
so a provider's export uploads back unchanged.

`csv_cell` is for files the app computes: numbers (int, float, Decimal) are written as they are,
so a negative change such as -5.2 stays a number in the spreadsheet. Text that only looks like a
number is still neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

# A cell starting with one of these can run as a formula in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Text for one CSV cell that a spreadsheet will never run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_cell(value: object) -> str:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)  # a number we computed is data, never a formula
    return safe_cell(value)


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def iter_csv(
    header: Sequence[str], rows: Iterable[Sequence[object]], batch: int = 500
) -> Iterator[str]:
    """Like to_csv, as chunks of about `batch` rows: for streamed downloads."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    for n, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(v) for v in row])
        if n % batch == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
