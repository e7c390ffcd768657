"""The employers' CSV files: headings, allowed values, limits.

Two files, each with its heading row exactly as below, in this order (the same convention as the
Course Directory files, so `course_catalogue`'s reader, error list and messages are reused):
vacancies (one row per vacancy) and career pathways (one row per step up a job ladder).
Documented for employers in `jobs/README.md`. Kept free of database code so the validator, the
importer, the export and the API share one definition.
"""

from __future__ import annotations

VACANCY_HEADERS: tuple[str, ...] = (
    "YOUR_REFERENCE",
    "JOB_TITLE",
    "SOC_2020",
    "SECTOR",
    "SUMMARY",
    "PAY_PER_HOUR",
    "PAY_PER_HOUR_MAX",
    "GUARANTEED_HOURS",
    "CONTRACT_TYPE",
    "SHIFTS",
    "SHIFT_PATTERN",
    "SHIFTS_VARY",
    "POSTCODE",
    "REMOTE",
    "TRAINING",
    "TRAINING_COURSE_IDS",
    "PROGRESSION",
    "CLOSING_DATE",
    "APPLY_URL",
    "APPLY_PHONE",
    "APPLY_EMAIL",
)

PATHWAY_HEADERS: tuple[str, ...] = (
    "YOUR_REFERENCE",
    "SECTOR",
    "ROLE",
    "ROLE_SOC_2020",
    "NEXT_ROLE",
    "NEXT_SOC_2020",
    "NEXT_PAY_PER_HOUR",
    "NEXT_PAY_PER_HOUR_MAX",
    "WHAT_IS_NEEDED",
    "TYPICAL_MONTHS",
)

# Sector keys: the same as the bot's sectors (flows/next_steps.py; a test keeps them equal), so a
# vacancy's sector is the worker's sector. Words employers may write -> key.
SECTORS: dict[str, str] = {
    "care": "care",
    "social care": "care",
    "health and social care": "care",
    "hospitality": "hospitality",
    "retail": "retail",
    "shops": "retail",
    "shop": "retail",
    "warehouse": "warehouse",
    "warehousing": "warehouse",
    "logistics": "warehouse",
    "cleaning": "cleaning",
    "facilities": "cleaning",
    "construction": "construction",
    "building": "construction",
    "transport": "transport",
    "driving": "transport",
    "office": "office",
    "admin": "office",
    "other": "other",
}
SECTOR_KEYS: tuple[str, ...] = (
    "care",
    "hospitality",
    "retail",
    "warehouse",
    "cleaning",
    "construction",
    "transport",
    "office",
    "other",
)
SECTOR_LABELS: dict[str, str] = {
    "care": "Care",
    "hospitality": "Hospitality",
    "retail": "Retail",
    "warehouse": "Warehouse",
    "cleaning": "Cleaning",
    "construction": "Construction",
    "transport": "Transport",
    "office": "Office",
    "other": "Other",
}

# Contract types, most secure first (db.models.VACANCY_CONTRACT_TYPES). Words -> key.
CONTRACT_TYPES: dict[str, str] = {
    "permanent": "permanent",
    "fixed term": "fixed_term",
    "fixed-term": "fixed_term",
    "temporary": "fixed_term",
    "temp": "fixed_term",
    "agency": "agency",
    "zero hours": "zero_hours",
    "zero-hours": "zero_hours",
    "zero hour": "zero_hours",
}
CONTRACT_LABELS: dict[str, str] = {
    "permanent": "Permanent",
    "fixed_term": "Fixed term",
    "agency": "Agency",
    "zero_hours": "Zero hours",
}

# Limits. Files: the same 20 MB as a course upload (the web app refuses bigger bodies before
# reading them), and a row cap so one upload stays one quick transaction.
MAX_ROWS = 20_000
MAX_HOURS = 100  # guaranteed hours a week; the bot reads a worker's hours with the same bound
MAX_PAY_PENCE = 99_999  # £999.99 an hour: anything above is a typing mistake (a salary?)
MAX_TYPICAL_MONTHS = 120
MAX_CLOSING_DAYS = 366  # a vacancy open for more than a year is not a live vacancy
MAX_TRAINING_COURSES = 10

MAX_LENGTHS: dict[str, int] = {
    "YOUR_REFERENCE": 255,
    "JOB_TITLE": 120,
    "SUMMARY": 1000,
    "SHIFT_PATTERN": 500,
    "TRAINING": 500,
    "PROGRESSION": 500,
    "APPLY_URL": 500,
    "APPLY_EMAIL": 254,
    "ROLE": 120,
    "NEXT_ROLE": 120,
    "WHAT_IS_NEEDED": 500,
}
LABELS: dict[str, str] = {
    "YOUR_REFERENCE": "Your reference",
    "JOB_TITLE": "Job title",
    "SUMMARY": "Summary",
    "SHIFT_PATTERN": "Shift pattern",
    "TRAINING": "Training",
    "PROGRESSION": "Progression",
    "ROLE": "Role",
    "NEXT_ROLE": "Next role",
    "WHAT_IS_NEEDED": "What is needed",
}
