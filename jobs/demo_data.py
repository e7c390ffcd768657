"""Demo employers, vacancies and career pathways, for development only.

EVERYTHING HERE IS FICTIONAL: the employers (names end in "(demo)"), the jobs, the pay, the
hours, the ladders, the web addresses (example.org) and the phone numbers (Ofcom's drama
range, 01632 960xxx). The pay figures are made up but plausible: every rate is at or above the
National Living Wage on the day the demo is loaded (£12.71 from 1 April 2026, checked by the
same validator as an upload, from the dated table in `nlu/normalise.py`), entry-level jobs sit
a little above it, London care jobs at the London Living Wage (£14.80, Living Wage Foundation,
Oct 2025), and senior roles higher, in line with the ONS ASHE occupation ordering in
`labour_market`. Only the postcode districts are real (the centroid table in
`course_catalogue/data/postcode_districts.csv`), so distances are true; most are districts
where the demo workers live (`bot/demo_workers.py`), so the coach views and the chat have
matches to show.

Rows are written through the real validator and importer (`jobs.importer.import_files`), with
closing dates counted from `today`, so the demo never goes stale and never breaks a rule an
employer's upload must keep. Loaded by `bot/demo.py` into an empty database only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Course, Employer, EmployerApiKey, EmployerUser
from jobs.csv_format import PATHWAY_HEADERS, VACANCY_HEADERS
from jobs.employer_auth import create_api_key
from jobs.importer import ImportResult, import_files

DEMO_SUFFIX = "(demo)"


@dataclass(frozen=True)
class DemoVacancy:
    ref: str
    title: str
    soc: str  # "" when we could not confirm the SOC 2020 code
    sector: str
    pay: str  # pounds an hour (fictional)
    pay_max: str
    hours: str  # guaranteed a week
    contract: str
    shifts: str  # "" when they vary or only the pattern is given
    pattern: str
    district: str  # real postcode district
    closes_in: int  # days from today
    training: str = ""
    course_name: str = ""  # a demo catalogue course to link, when the catalogue has it
    progression: str = ""
    summary: str = ""
    vary: bool = False
    apply_phone: str = ""


@dataclass(frozen=True)
class DemoStep:
    sector: str
    role: str
    role_soc: str
    next_role: str
    next_soc: str
    pay: str
    needed: str
    months: str


@dataclass(frozen=True)
class DemoEmployer:
    name: str
    vacancies: tuple[DemoVacancy, ...]
    ladder: tuple[DemoStep, ...]


V, S = DemoVacancy, DemoStep
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")


def _week(times: str, days: tuple[str, ...] = WEEKDAYS) -> str:
    return "; ".join(f"{d} {times}" for d in days)


# fmt: off
DEMO_EMPLOYERS: tuple[DemoEmployer, ...] = (
    DemoEmployer(
        "Aire Valley Care (demo)",
        (
            V(
                "AVC-CA-LS9", "Care assistant", "6135", "care", "13.10", "13.60", "30",
                "Permanent", _week("07:00-14:30", ("Mon", "Tue", "Thu", "Sat")), "",
                "LS9", 21, "Level 2 Diploma in Care, paid for",
                "Level 2 Diploma in Care (Adult Care Worker)",
                "Senior care assistant after about 12 months, with the Level 3 diploma",
                "Help residents at a 40-bed care home with daily living. No experience needed.",
            ),
            V(
                "AVC-SCA-LS9", "Senior care assistant", "6136", "care", "14.20", "", "36",
                "Permanent", "", "Days and nights on a 4-week rota, rota out 4 weeks ahead",
                "LS9", 30, "Level 3 Diploma in Adult Care",
                "Level 3 Diploma in Adult Care (Senior Care Worker)", "Care team leader",
                vary=True,
            ),
            V(
                "AVC-NCA-S2", "Night care assistant", "6135", "care", "13.40", "", "33",
                "Permanent", _week("21:00-08:00", ("Mon", "Wed", "Fri")), "", "S2", 14,
                apply_phone="01632 960 101",
            ),
            V(
                "AVC-SCW-S2", "Senior care worker", "6136", "care", "14.50", "15.20", "37.5",
                "Permanent", "", "Long days, 3 or 4 a week, alternate weekends", "S2", 40,
                progression="Deputy manager", vary=True,
            ),
        ),
        (
            S(
                "care", "Care assistant", "6135", "Senior care assistant", "6136", "14.20",
                "Level 3 Diploma in Adult Care (we pay for it)", "12",
            ),
            S(
                "care", "Senior care assistant", "6136", "Care team leader", "", "15.20",
                "Level 3 diploma and a medication course", "18",
            ),
        ),
    ),
    DemoEmployer(
        "Riverside Home Care (demo)",
        (
            V(
                "RHC-HC-SE15", "Home carer", "6135", "care", "14.80", "", "20", "Permanent",
                _week("07:00-11:00"), "Morning calls, weekdays", "SE15", 25,
                "Care Certificate in your first 12 weeks",
                summary="Visit people in their homes. Travel time between visits is paid.",
            ),
            V(
                "RHC-HC-E17", "Home carer", "6135", "care", "14.80", "", "0", "Zero hours",
                "", "Choose the calls you take each week", "E17", 18,
                summary="Travel time between visits is paid. A car is not needed.", vary=True,
            ),
            V(
                "RHC-CA-N17", "Care assistant (6 months)", "6135", "care", "14.80", "", "37.5",
                "Fixed term", _week("08:00-15:30"), "", "N17", 28,
            ),
        ),
        (
            S(
                "care", "Home carer", "6135", "Senior home carer", "6136", "15.60",
                "Level 3 Diploma in Adult Care and a year of home visits", "12",
            ),
        ),
    ),
    DemoEmployer(
        "Northgate Retail (demo)",
        (
            V(
                "NGR-SA-B12", "Sales assistant", "7111", "retail", "12.85", "", "16",
                "Permanent", "Wed 18:00-20:00; Sat 09:00-17:00; Sun 10:00-16:00", "", "B12", 20,
            ),
            V(
                "NGR-SA-M14", "Sales assistant", "7111", "retail", "12.85", "", "24",
                "Permanent", "", "Early and late shifts, rota out 3 weeks ahead", "M14", 16,
                vary=True,
            ),
            V(
                "NGR-CO-NG7", "Checkout operator", "7112", "retail", "12.75", "", "20",
                "Permanent", _week("09:00-13:00"), "", "NG7", 12,
            ),
            V(
                "NGR-TL-LE2", "Retail team leader", "7132", "retail", "13.95", "", "37.5",
                "Permanent", "", "5 days out of 7, including 2 weekends a month", "LE2", 24,
                "Level 3 Certificate in Retail Team Leading and Supervision",
                "Level 3 Certificate in Retail Team Leading and Supervision",
                "Assistant store manager", vary=True,
            ),
            V(
                "NGR-NS-CV1", "Night stock assistant", "", "retail", "13.40", "", "30",
                "Permanent", _week("22:00-05:30", ("Sun", "Mon", "Tue", "Wed")), "", "CV1", 22,
            ),
            V(
                "NGR-ASM-B12", "Assistant store manager", "1150", "retail", "15.40", "", "40",
                "Permanent", "", "Days, with 1 late shift and 2 weekends a month", "B12", 35,
                vary=True,
            ),
        ),
        (
            S(
                "retail", "Sales assistant", "7111", "Retail team leader", "7132", "13.95",
                "6 months with us and our team leader course", "12",
            ),
            S(
                "retail", "Retail team leader", "7132", "Assistant store manager", "1150",
                "15.40", "Level 3 in retail team leading", "18",
            ),
        ),
    ),
    DemoEmployer(
        "Harbour Hotels (demo)",
        (
            V(
                "HH-KP-BS5", "Kitchen porter", "9263", "hospitality", "12.71", "", "30",
                "Permanent", "", "5 shifts a week, days or evenings", "BS5", 15,
                "Food hygiene Level 2", "Level 2 Award in Food Safety in Catering",
                "Commis chef", vary=True,
            ),
            V(
                "HH-RA-PL4", "Room attendant", "", "hospitality", "12.90", "", "25",
                "Permanent", _week("08:00-13:00"), "", "PL4", 19,
            ),
            V(
                "HH-CC-NE6", "Commis chef", "5434", "hospitality", "13.20", "", "40",
                "Permanent", "", "Split shifts, 5 days out of 7", "NE6", 26,
                progression="Chef de partie", vary=True,
            ),
            V(
                "HH-SUP-L8", "Bar and restaurant supervisor", "9261", "hospitality", "13.60",
                "", "37.5", "Permanent", "", "Evenings and weekends on a rota", "L8", 21,
                "Level 3 Certificate in Hospitality Supervision and Leadership",
                "Level 3 Certificate in Hospitality Supervision and Leadership", vary=True,
            ),
            V(
                "HH-BC-BS5", "Breakfast cook", "", "hospitality", "13.00", "", "25",
                "Permanent", _week("06:00-11:00"), "", "BS5", 17,
            ),
            V(
                "HH-WS-PL4", "Waiting staff", "", "hospitality", "12.75", "", "0",
                "Zero hours", "", "Evenings and weekends: you choose your shifts", "PL4", 10,
                vary=True,
            ),
        ),
        (
            S(
                "hospitality", "Kitchen porter", "9263", "Commis chef", "5434", "13.20",
                "Food hygiene Level 2 and time on the kitchen line", "6",
            ),
            S(
                "hospitality", "Commis chef", "5434", "Chef de partie", "5434", "14.30",
                "Level 2 or 3 in professional cookery", "18",
            ),
        ),
    ),
    DemoEmployer(
        "Swiftline Logistics (demo)",
        (
            V(
                "SL-WO-CV1", "Warehouse operative", "9252", "warehouse", "13.10", "", "40",
                "Permanent", _week("06:00-14:00"), "", "CV1", 20,
                progression="Forklift driver once you have the licence",
            ),
            V(
                "SL-WON-LE2", "Warehouse operative (nights)", "9252", "warehouse", "14.20", "",
                "40", "Permanent", _week("22:00-06:00", ("Sun", "Mon", "Tue", "Wed", "Thu")),
                "", "LE2", 20,
            ),
            V(
                "SL-FLT-NG7", "Forklift driver", "8222", "warehouse", "14.10", "", "42",
                "Permanent", "", "4 days on, 4 days off, days only", "NG7", 27,
                "Counterbalance forklift licence, paid for",
                "Counterbalance Forklift Truck Operator Training (Level 2)", vary=True,
            ),
            V(
                "SL-PP-M14", "Picker packer", "9252", "warehouse", "12.90", "", "20",
                "Agency", "", "Days or lates, booked a week ahead", "M14", 9, vary=True,
            ),
            V(
                "SL-SC-S2", "Stock controller", "4133", "warehouse", "14.00", "", "37.5",
                "Permanent", _week("08:30-16:00"), "", "S2", 29,
            ),
            V(
                "SL-TL-CV1", "Warehouse team leader", "9251", "warehouse", "14.90", "", "40",
                "Permanent", "", "Days and lates, alternate weeks", "CV1", 33, vary=True,
            ),
            V(
                "SL-XMAS-LE2", "Warehouse operative (Christmas)", "9252", "warehouse", "13.30",
                "", "30", "Fixed term", _week("08:00-14:00"), "", "LE2", 7,
            ),
        ),
        (
            S(
                "warehouse", "Warehouse operative", "9252", "Forklift driver", "8222", "14.10",
                "Counterbalance forklift licence (we pay for it)", "6",
            ),
            S(
                "warehouse", "Forklift driver", "8222", "Team leader", "9251", "14.90",
                "A year on the trucks and our team leader course", "12",
            ),
        ),
    ),
    DemoEmployer(
        "BrightSpace Cleaning (demo)",
        (
            V(
                "BSC-OC-N17", "Office cleaner", "9223", "cleaning", "13.00", "", "15",
                "Permanent", _week("17:30-20:30"), "", "N17", 18,
            ),
            V(
                "BSC-EM-B12", "Early morning cleaner", "9223", "cleaning", "12.90", "", "12.5",
                "Permanent", _week("05:30-08:00"), "", "B12", 14,
            ),
            V(
                "BSC-HD-LS9", "Hospital domestic", "9223", "cleaning", "13.20", "", "37.5",
                "Permanent", "", "Days, including alternate weekends", "LS9", 23,
                "Level 2 Certificate in Cleaning Principles",
                "Level 2 Certificate in Cleaning Principles", vary=True,
            ),
            V(
                "BSC-SUP-NR3", "Cleaning supervisor", "6240", "cleaning", "14.00", "", "30",
                "Permanent", _week("06:00-12:00"), "", "NR3", 31,
            ),
            V(
                "BSC-SC-L8", "School cleaner", "9223", "cleaning", "12.95", "", "10",
                "Permanent", _week("15:30-17:30"), "", "L8", 16,
            ),
        ),
        (
            S(
                "cleaning", "Cleaner", "9223", "Cleaning supervisor", "6240", "14.00",
                "Level 2 Certificate in Cleaning Principles", "12",
            ),
        ),
    ),
)
# fmt: on


def vacancy_rows(employer: DemoEmployer, today: date, courses: dict[str, int]) -> list[dict]:
    """The employer's vacancies as upload rows (the CSV columns)."""
    rows = []
    for v in employer.vacancies:
        row = dict.fromkeys(VACANCY_HEADERS, "")
        row.update(
            YOUR_REFERENCE=v.ref,
            JOB_TITLE=v.title,
            SOC_2020=v.soc,
            SECTOR=v.sector,
            SUMMARY=v.summary,
            PAY_PER_HOUR=v.pay,
            PAY_PER_HOUR_MAX=v.pay_max,
            GUARANTEED_HOURS=v.hours,
            CONTRACT_TYPE=v.contract,
            SHIFTS=v.shifts,
            SHIFT_PATTERN=v.pattern,
            SHIFTS_VARY="Yes" if v.vary else "",
            POSTCODE=v.district,
            TRAINING=v.training,
            TRAINING_COURSE_IDS=str(courses[v.course_name]) if v.course_name in courses else "",
            PROGRESSION=v.progression,
            CLOSING_DATE=(today + timedelta(days=v.closes_in)).strftime("%d/%m/%Y"),
            APPLY_URL="" if v.apply_phone else f"https://example.org/demo-jobs/{v.ref.lower()}",
            APPLY_PHONE=v.apply_phone,
        )
        rows.append(row)
    return rows


def pathway_rows(employer: DemoEmployer) -> list[dict]:
    rows = []
    for s in employer.ladder:
        row = dict.fromkeys(PATHWAY_HEADERS, "")
        row.update(
            SECTOR=s.sector,
            ROLE=s.role,
            ROLE_SOC_2020=s.role_soc,
            NEXT_ROLE=s.next_role,
            NEXT_SOC_2020=s.next_soc,
            NEXT_PAY_PER_HOUR=s.pay,
            WHAT_IS_NEEDED=s.needed,
            TYPICAL_MONTHS=s.months,
        )
        rows.append(row)
    return rows


def _csv(headers: tuple[str, ...], rows: list[dict]) -> bytes:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(headers), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


class DemoJobsInvalid(RuntimeError):
    """A demo row broke an upload rule (e.g. the minimum wage rose past a demo rate)."""


def write_demo_jobs(session: Session, today: date, password_hash: str) -> tuple[int, list[str]]:
    """Load the demo employers with their vacancies, pathways, a login each
    (employer<N>@demo.local, the shared demo password) and one API key each (returned once, to
    print). Returns (vacancies written, lines to show)."""
    course_ids: dict[str, int] = {}
    for course_id, name in session.execute(
        select(Course.id, Course.course_name).order_by(Course.id)
    ):
        course_ids.setdefault(name, course_id)
    written = 0
    lines: list[str] = []
    for index, demo in enumerate(DEMO_EMPLOYERS, start=1):
        employer = Employer(name=demo.name, website="https://example.org/")
        session.add(employer)
        session.flush()
        result: ImportResult = import_files(
            session,
            employer,
            vacancy_file=_csv(VACANCY_HEADERS, vacancy_rows(demo, today, course_ids)),
            pathway_file=_csv(PATHWAY_HEADERS, pathway_rows(demo)),
            today=today,
            actor_type="system",
            actor_id="demo",
        )
        if not result.ok:
            problems = "; ".join(f"{f}: {e}" for f, e in result.errors[:5])
            raise DemoJobsInvalid(f"The demo jobs of {demo.name} break a rule: {problems}")
        written += result.vacancies_created
        session.add(
            EmployerUser(
                employer_id=employer.id,
                email=f"employer{index}@demo.local",
                password_hash=password_hash,
            )
        )
        if (
            session.scalar(
                select(EmployerApiKey.id).where(EmployerApiKey.employer_id == employer.id)
            )
            is None
        ):
            key = create_api_key(session, employer, label="demo")
            lines.append(f"  API key for {demo.name} (shown once): {key}")
    return written, lines
