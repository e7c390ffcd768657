from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from web_security.csv_safe import csv_cell, to_csv


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 7700", "'+44 7700"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Amira", "Amira"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-5.2, "-5.2"),
        (-3, "-3"),
        (Decimal("-1.50"), "-1.50"),
    ],
)
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected


def test_to_csv_round_trips_and_neutralises_header_and_cells():
    text = to_csv(["name", "=bad"], [["=1+1", 3], ['Jo, "Jo"', None]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["name", "'=bad"], ["'=1+1", "3"], ['Jo, "Jo"', ""]]


def test_a_negative_number_as_text_is_still_neutralised():
    # only real numbers pass through; text that looks like one is treated as text
    assert csv_cell("-5.2") == "'-5.2"
