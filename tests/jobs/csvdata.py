"""Builders for employers' vacancy and pathway CSV test files."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from jobs.csv_format import PATHWAY_HEADERS, VACANCY_HEADERS

TODAY = date(2026, 11, 26)  # in the 2026-27 tax year; the National Living Wage is £12.71
CLOSES = (TODAY + timedelta(days=30)).strftime("%d/%m/%Y")  # 26/12/2026


def vacancy_row(**overrides: str) -> dict[str, str]:
    row = dict.fromkeys(VACANCY_HEADERS, "")
    row.update(
        YOUR_REFERENCE="CARE-1",
        JOB_TITLE="Care assistant",
        SOC_2020="6135",
        SECTOR="Care",
        PAY_PER_HOUR="13.20",
        GUARANTEED_HOURS="30",
        CONTRACT_TYPE="Permanent",
        SHIFTS="Mon 07:00-15:00; Tue 07:00-15:00; Fri 22:00-06:00",
        POSTCODE="LS6 2AB",
        CLOSING_DATE=CLOSES,
        APPLY_URL="https://jobs.example.org/care-1",
    )
    row.update(overrides)
    return row


def pathway_row(**overrides: str) -> dict[str, str]:
    row = dict.fromkeys(PATHWAY_HEADERS, "")
    row.update(
        SECTOR="Care",
        ROLE="Care assistant",
        ROLE_SOC_2020="6135",
        NEXT_ROLE="Senior care assistant",
        NEXT_SOC_2020="6136",
        NEXT_PAY_PER_HOUR="14.10",
        WHAT_IS_NEEDED="Level 3 Diploma in Adult Care",
        TYPICAL_MONTHS="12",
    )
    row.update(overrides)
    return row


def to_csv(headers: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(headers), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def vacancies_csv(*rows: dict[str, str]) -> bytes:
    return to_csv(VACANCY_HEADERS, list(rows))


def pathways_csv(*rows: dict[str, str]) -> bytes:
    return to_csv(PATHWAY_HEADERS, list(rows))
