"""CSV cells that spreadsheet programs will not run as formulas (CSV/formula injection).

A cell that starts with = + - @ tab or carriage return is prefixed with an apostrophe, so
Excel, LibreOffice and Google Sheets show it as text. Numbers the app computed (int, float,
Decimal) are left as they are, so a negative change stays a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

_DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)  # a number we computed (e.g. -5.2) is data, never a formula
    text = str(value)
    if text.startswith(_DANGEROUS_STARTS):
        return "'" + text
    return text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
