"""CSV export that spreadsheet programs will not run as formulas (CSV/formula injection).

Text cells go through the project's shared `course_catalogue.export.safe_cell` (a cell starting
with = + - @ tab or CR gets an apostrophe). Numbers the app computed (int, float, Decimal) are
written as they are, so a negative change such as -5.2 stays a number in the spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from course_catalogue.export import safe_cell


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
