"""A fictional but realistic course catalogue for demos, tests and the search benchmark.

Everything here is made up except the venue postcode districts and their coordinates, which
come from the real centroid table (`data/postcode_districts.csv`) so distances are true.
Provider names end in "(demo)", UKPRNs start with 1999 and LARS-style codes start with 99:
they look like Course Directory data but are not real courses.

`build_catalogue` is pure and deterministic (seeded random, dates relative to `today`), so
the data never goes stale and tests can count on it. `write_catalogue` bulk-inserts it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from course_catalogue import geo
from db.models import Course, CourseRun, Provider, RunSession, Venue

DEMO_UKPRN_PREFIX = "1999"
DEMO_LARS_PREFIX = "99"

SECTORS = (
    "care",
    "retail",
    "logistics",
    "hospitality",
    "facilities",
    "digital",
    "accounting",
    "english_maths",
    "education",
    "business",
)


@dataclass(frozen=True)
class CourseTemplate:
    name: str
    sector: str
    level: int  # NotionalNVQLevelv2; 0 = entry level
    guided_hours: int
    cost_pounds: int
    modes: tuple[str, ...]
    fcfj: bool = False  # Free Courses for Jobs (level 3 priority subjects)
    free_text: str | None = None  # cost description when the course is free for most adults


T = CourseTemplate
ALL = ("classroom", "online", "blended", "work_based")
TEMPLATES: tuple[CourseTemplate, ...] = (
    # care -> senior care -> nursing associate
    T("Level 2 Diploma in Care (Adult Care Worker)", "care", 2, 340, 1450, ALL),
    T("Level 3 Diploma in Adult Care (Senior Care Worker)", "care", 3, 480, 2900, ALL, True),
    T("Level 3 Certificate in Understanding Mental Health", "care", 3, 140, 650, ("online",)),
    T(
        "Access to Higher Education Diploma (Nursing and Midwifery)",
        "care",
        3,
        600,
        3500,
        ("classroom", "blended", "online"),
    ),
    T(
        "Level 4 Certificate in Principles of Leadership in Health and Social Care",
        "care",
        4,
        300,
        2400,
        ("blended", "online", "work_based"),
    ),
    T(
        "Level 5 Nursing Associate Foundation Degree",
        "care",
        5,
        900,
        7800,
        ("blended", "work_based"),
    ),
    T(
        "Level 5 Diploma in Leadership and Management for Adult Care",
        "care",
        5,
        450,
        4200,
        ("blended", "work_based", "online"),
    ),
    T("BA (Hons) Health and Social Care (Top-up)", "care", 6, 1200, 9250, ("blended", "online")),
    # retail -> supervisor
    T(
        "Level 2 Certificate in Retail Skills",
        "retail",
        2,
        160,
        700,
        ("classroom", "online", "work_based"),
    ),
    T(
        "Level 3 Certificate in Retail Team Leading and Supervision",
        "retail",
        3,
        220,
        1600,
        ("classroom", "blended", "online", "work_based"),
    ),
    # warehousing -> forklift / logistics / HGV
    T(
        "Level 2 Certificate in Warehousing and Storage",
        "logistics",
        2,
        150,
        650,
        ("classroom", "work_based", "online"),
    ),
    T(
        "Counterbalance Forklift Truck Operator Training (Level 2)",
        "logistics",
        2,
        30,
        550,
        ("classroom",),
    ),
    T("Reach Forklift Truck Operator Training (Level 2)", "logistics", 2, 30, 550, ("classroom",)),
    T(
        "Level 3 Certificate in Logistics Operations Management",
        "logistics",
        3,
        260,
        1900,
        ALL,
        True,
    ),
    T(
        "HGV Category C (Rigid Lorry) Driver Training (Level 2)",
        "logistics",
        2,
        70,
        2600,
        ("classroom",),
    ),
    # hospitality -> chef
    T("Level 2 Award in Food Safety in Catering", "hospitality", 2, 9, 90, ("online", "classroom")),
    T(
        "Level 2 Diploma in Professional Cookery",
        "hospitality",
        2,
        420,
        2200,
        ("classroom", "work_based"),
    ),
    T(
        "Level 3 Diploma in Professional Cookery (Chef de Partie)",
        "hospitality",
        3,
        480,
        3100,
        ("classroom", "work_based", "blended"),
    ),
    T(
        "Level 3 Certificate in Hospitality Supervision and Leadership",
        "hospitality",
        3,
        230,
        1500,
        ("blended", "online", "work_based"),
    ),
    # cleaning -> facilities
    T(
        "Level 2 Certificate in Cleaning Principles",
        "facilities",
        2,
        90,
        450,
        ("classroom", "work_based", "online"),
    ),
    T(
        "Level 3 Diploma in Facilities Services",
        "facilities",
        3,
        300,
        2100,
        ("blended", "work_based", "online"),
    ),
    T(
        "Level 4 Certificate in Facilities Management",
        "facilities",
        4,
        320,
        2700,
        ("online", "blended"),
    ),
    # digital
    T(
        "Essential Digital Skills Qualification (Entry Level 3)",
        "digital",
        0,
        60,
        0,
        ("classroom", "online"),
        free_text="Free for adults without basic digital skills",
    ),
    T(
        "Essential Digital Skills Qualification (Level 1)",
        "digital",
        1,
        60,
        0,
        ("classroom", "online"),
        free_text="Free for adults without basic digital skills",
    ),
    T(
        "Level 2 Certificate in IT User Skills",
        "digital",
        2,
        150,
        600,
        ("classroom", "online", "blended"),
    ),
    T(
        "Level 3 Diploma in IT (Digital Support Technician)",
        "digital",
        3,
        420,
        2800,
        ("classroom", "online", "blended"),
        True,
    ),
    T(
        "Level 4 Certificate in Cyber Security Fundamentals",
        "digital",
        4,
        300,
        2500,
        ("online", "blended"),
    ),
    # accounting (AAT)
    T("Level 2 Certificate in Bookkeeping", "accounting", 2, 120, 650, ("classroom", "online")),
    T(
        "AAT Level 2 Certificate in Accounting",
        "accounting",
        2,
        350,
        1400,
        ("classroom", "online", "blended"),
    ),
    T(
        "AAT Level 3 Diploma in Accounting",
        "accounting",
        3,
        450,
        2300,
        ("classroom", "online", "blended"),
        True,
    ),
    T(
        "AAT Level 4 Diploma in Professional Accounting",
        "accounting",
        4,
        480,
        3000,
        ("classroom", "online", "blended"),
    ),
    # English, maths, ESOL
    T(
        "Functional Skills English (Entry Level 3)",
        "english_maths",
        0,
        55,
        0,
        ("classroom", "online"),
        free_text="Free for adults without this qualification",
    ),
    T(
        "Functional Skills English Level 1",
        "english_maths",
        1,
        55,
        0,
        ("classroom", "online", "blended"),
        free_text="Free for adults without this qualification",
    ),
    T(
        "Functional Skills English Level 2",
        "english_maths",
        2,
        55,
        0,
        ("classroom", "online", "blended"),
        free_text="Free for adults without this qualification",
    ),
    T(
        "Functional Skills Maths (Entry Level 3)",
        "english_maths",
        0,
        55,
        0,
        ("classroom", "online"),
        free_text="Free for adults without this qualification",
    ),
    T(
        "Functional Skills Maths Level 1",
        "english_maths",
        1,
        55,
        0,
        ("classroom", "online", "blended"),
        free_text="Free for adults without this qualification",
    ),
    T(
        "Functional Skills Maths Level 2",
        "english_maths",
        2,
        55,
        0,
        ("classroom", "online", "blended"),
        free_text="Free for adults without this qualification",
    ),
    T(
        "GCSE English Language (Grade 4 and above)",
        "english_maths",
        2,
        120,
        0,
        ("classroom", "blended"),
        free_text="Free for adults without a grade 4 (C)",
    ),
    T(
        "GCSE Maths (Grade 4 and above)",
        "english_maths",
        2,
        120,
        0,
        ("classroom", "blended"),
        free_text="Free for adults without a grade 4 (C)",
    ),
    T(
        "ESOL Skills for Life (Entry 1)",
        "english_maths",
        0,
        90,
        0,
        ("classroom",),
        free_text="Free for many adults: ask the college",
    ),
    T(
        "ESOL Skills for Life (Level 1)",
        "english_maths",
        1,
        90,
        0,
        ("classroom", "blended"),
        free_text="Free for many adults: ask the college",
    ),
    # teaching assistant
    T(
        "Level 2 Certificate in Supporting Teaching and Learning",
        "education",
        2,
        200,
        950,
        ("classroom", "online", "blended", "work_based"),
    ),
    T(
        "Level 3 Diploma in Specialist Support for Teaching and Learning",
        "education",
        3,
        360,
        2200,
        ("blended", "online", "work_based"),
    ),
    T("Level 3 Award in Education and Training", "education", 3, 48, 550, ("classroom", "online")),
    T(
        "Level 5 Diploma in Education and Training",
        "education",
        5,
        360,
        4500,
        ("blended", "classroom"),
    ),
    # team leading and management
    T(
        "Level 3 Certificate in Principles of Team Leading",
        "business",
        3,
        130,
        950,
        ("classroom", "online", "blended", "work_based"),
        True,
    ),
    T(
        "Level 5 Diploma in Management and Leadership",
        "business",
        5,
        370,
        4100,
        ("online", "blended"),
    ),
    T(
        "Level 6 Diploma in Occupational Health and Safety",
        "business",
        6,
        500,
        6200,
        ("online", "blended"),
    ),
    T("Level 6 Certificate in Project Management", "business", 6, 200, 3400, ("online", "blended")),
)

# Real England postcode districts (coordinates come from the centroid table).
DEMO_DISTRICTS = (
    "LS1",
    "LS9",
    "BD1",
    "M1",
    "M13",
    "SK1",
    "L3",
    "WA1",
    "PR1",
    "B4",
    "B23",
    "WV1",
    "CV1",
    "LE1",
    "NG1",
    "DE1",
    "S1",
    "DN1",
    "HU1",
    "NE1",
    "SR1",
    "TS1",
    "YO1",
    "E1",
    "SE1",
    "N7",
    "CR0",
    "HA1",
    "BS1",
    "PL1",
    "EX1",
    "SO14",
    "PO1",
    "BN1",
    "CT1",
    "NR1",
    "IP1",
    "CB1",
    "OX1",
    "MK9",
    "PE1",
    "LU1",
    "ST1",
    "WS1",
    "CA1",
    "BB1",
    "OL1",
    "WF1",
)

PROVIDER_NAMES = (
    "Northgate College",
    "Riverside Skills Centre",
    "Millbrook Adult Learning",
    "Brightpath Training",
)
NATIONAL_PROVIDER = "Brightpath Training"  # online and work-based only


@dataclass
class DemoSession:
    day: int
    start: time
    end: time


@dataclass
class DemoRun:
    your_reference: str
    delivery_mode: str
    venue_index: int | None
    start_date: date | None
    flexible_start: bool
    self_paced: bool
    study_mode: str | None
    attendance_pattern: str | None
    duration_value: int
    duration_unit: str
    cost_pence: int | None
    cost_description: str | None
    national_delivery: bool | None
    course_webpage: str
    sessions: list[DemoSession] = field(default_factory=list)


@dataclass
class DemoCourse:
    template: CourseTemplate
    lars_qan: str
    runs: list[DemoRun] = field(default_factory=list)


@dataclass
class DemoVenue:
    reference: str
    name: str
    town: str
    district: str
    latitude: float
    longitude: float


@dataclass
class DemoProvider:
    ukprn: str
    name: str
    venues: list[DemoVenue] = field(default_factory=list)
    courses: list[DemoCourse] = field(default_factory=list)

    @property
    def run_count(self) -> int:
        return sum(len(c.runs) for c in self.courses)


# --- timetables consistent with the attendance pattern -------------------------------------
def _sessions_for(pattern: str, rng: random.Random) -> list[DemoSession]:
    weekdays = list(range(5))
    if pattern == "evening":
        start, end = rng.choice(
            [(time(18), time(21)), (time(18, 30), time(20, 30)), (time(19), time(21))]
        )
        days = rng.sample(weekdays[:4], rng.choice([1, 1, 2]))
    elif pattern == "weekend":
        start, end = rng.choice([(time(10), time(15)), (time(9, 30), time(13, 30))])
        days = [rng.choice([5, 6])]
    elif pattern == "day_block_release":
        start, end = time(9), time(16, 30)
        days = [rng.choice(weekdays)]
    else:  # daytime
        start, end = rng.choice(
            [(time(9, 30), time(12, 30)), (time(13), time(16)), (time(10), time(14, 30))]
        )
        days = rng.sample(weekdays, rng.choice([1, 2, 2, 3]))
    return [DemoSession(d, start, end) for d in sorted(days)]


def _duration(template: CourseTemplate, rng: random.Random) -> tuple[int, str]:
    if template.guided_hours <= 12:
        return 1, "days"
    if template.guided_hours <= 40:
        return rng.choice([3, 4, 5]), "days"
    weeks = max(6, min(52, template.guided_hours // rng.choice([4, 6, 9])))
    if weeks > 40 and template.level >= 5:
        return rng.choice([1, 2]), "years"
    return weeks, "weeks"


def _make_run(
    template: CourseTemplate,
    mode: str,
    ref: str,
    venue_index: int | None,
    national: bool,
    today: date,
    rng: random.Random,
) -> DemoRun:
    in_person = mode in ("classroom", "blended")
    pattern = study = None
    sessions: list[DemoSession] = []
    self_paced = False
    if in_person:
        pattern = rng.choice(
            ["evening", "evening", "daytime", "weekend"]
            + (["day_block_release"] if template.level >= 2 else [])
        )
        study = (
            "full_time"
            if pattern == "day_block_release" and rng.random() < 0.3
            else ("flexible" if mode == "blended" and rng.random() < 0.3 else "part_time")
        )
        sessions = _sessions_for(pattern, rng)
    elif mode == "online":
        self_paced = rng.random() < 0.6
        if not self_paced:  # live online classes, usually evenings
            sessions = _sessions_for(rng.choice(["evening", "evening", "weekend"]), rng)
    flexible = mode in ("online", "work_based") and rng.random() < 0.45 or rng.random() < 0.1
    start = None if flexible else today + timedelta(days=rng.randint(7, 200))
    value, unit = _duration(template, rng)
    cost = template.cost_pounds * 100 if template.cost_pounds else None
    return DemoRun(
        your_reference=ref,
        delivery_mode=mode,
        venue_index=venue_index if in_person else None,
        start_date=start,
        flexible_start=flexible,
        self_paced=self_paced,
        study_mode=study,
        attendance_pattern=pattern,
        duration_value=value,
        duration_unit=unit,
        cost_pence=cost,
        cost_description=template.free_text,
        national_delivery=national if mode == "work_based" else None,
        course_webpage=f"https://example.org/demo-courses/{ref.lower()}",
        sessions=sessions,
    )


def build_catalogue(today: date, scale: int = 1, seed: int = 2026) -> list[DemoProvider]:
    """The demo catalogue: 4 providers per `scale` step, roughly 400 runs each step."""
    rng = random.Random(seed)
    districts = geo.load_districts()
    providers: list[DemoProvider] = []
    lars_counter = 0
    lars_for: dict[str, str] = {}
    for copy in range(scale):
        for p_index, base in enumerate(PROVIDER_NAMES):
            n = copy * len(PROVIDER_NAMES) + p_index + 1
            suffix = "" if copy == 0 else f" {copy + 1}"
            provider = DemoProvider(
                ukprn=f"{DEMO_UKPRN_PREFIX}{n:04d}", name=f"{base}{suffix} (demo)"
            )
            national = base == NATIONAL_PROVIDER
            if not national:
                picks = rng.sample(DEMO_DISTRICTS, 6)
                for v_index, code in enumerate(picks):
                    d = districts[code]
                    town = d.area or code
                    provider.venues.append(
                        DemoVenue(
                            reference=f"V{n:04d}-{v_index + 1}",
                            name=f"{base}{suffix} (demo), {town} centre",
                            town=town,
                            district=code,
                            latitude=d.latitude,
                            longitude=d.longitude,
                        )
                    )
            offered = [
                t
                for t in TEMPLATES
                if (not national or set(t.modes) & {"online", "work_based"})
                and rng.random() < (0.75 if national else 0.6)
            ]
            for t_index, template in enumerate(offered):
                if template.name not in lars_for:
                    lars_counter += 1
                    lars_for[template.name] = f"{DEMO_LARS_PREFIX}{lars_counter:06d}"
                course = DemoCourse(template=template, lars_qan=lars_for[template.name])
                modes = [m for m in template.modes if not national or m in ("online", "work_based")]
                for r_index in range(rng.choice([2, 3, 3, 4])):
                    mode = (
                        modes[r_index % len(modes)] if r_index < len(modes) else rng.choice(modes)
                    )
                    venue_index = rng.randrange(len(provider.venues)) if provider.venues else None
                    if mode in ("classroom", "blended") and venue_index is None:
                        mode = "online"
                    ref = f"R{n:04d}-{t_index + 1:02d}-{r_index + 1}"
                    course.runs.append(
                        _make_run(template, mode, ref, venue_index, national, today, rng)
                    )
                provider.courses.append(course)
            providers.append(provider)
    return providers


def _description(t: CourseTemplate) -> dict[str, str]:
    return {
        "who_this_course_is_for": "Adults who want to get on at work. This is a demo course.",
        "entry_requirements": "None." if t.level <= 2 else "A level 2 course or work experience.",
        "what_you_will_learn": f"The skills for: {t.name}.",
        "how_you_will_learn": "With a tutor, in small groups, and in your own time.",
        "what_you_will_need_to_bring": "Nothing. We give you what you need.",
        "how_you_will_be_assessed": "Tasks and a portfolio. No big exam.",
        "where_next": "A higher level course or a better job.",
    }


def write_catalogue(session: Session, providers: list[DemoProvider]) -> dict[str, int]:
    """Bulk-insert the catalogue. Returns counts. The caller commits."""
    counts = {"providers": 0, "venues": 0, "courses": 0, "runs": 0, "sessions": 0}
    for provider in providers:
        provider_id = session.scalar(
            insert(Provider).returning(Provider.id),
            {"ukprn": provider.ukprn, "name": provider.name, "has_loans_facility": True},
        )
        counts["providers"] += 1
        venue_ids: list[int] = []
        if provider.venues:
            venue_ids = list(
                session.scalars(
                    insert(Venue).returning(Venue.id, sort_by_parameter_order=True),
                    [
                        {
                            "provider_id": provider_id,
                            "your_venue_reference": v.reference,
                            "name": v.name,
                            "address_line_1": "Demo building",
                            "town": v.town,
                            "postcode": None,
                            "postcode_district": v.district,
                            "latitude": v.latitude,
                            "longitude": v.longitude,
                            "website": "https://example.org/demo",
                        }
                        for v in provider.venues
                    ],
                )
            )
            counts["venues"] += len(venue_ids)
        course_ids = list(
            session.scalars(
                insert(Course).returning(Course.id, sort_by_parameter_order=True),
                [
                    {
                        "provider_id": provider_id,
                        "lars_qan": c.lars_qan,
                        "course_name": c.template.name,
                        "level": c.template.level,
                        "sector": c.template.sector,
                        "loan_approved": 3 <= c.template.level <= 6,
                        "fcfj_eligible": c.template.fcfj,
                        "guided_hours": c.template.guided_hours,
                        **_description(c.template),
                    }
                    for c in provider.courses
                ],
            )
        )
        counts["courses"] += len(course_ids)
        run_rows: list[dict[str, Any]] = []
        run_sessions: list[list[DemoSession]] = []
        for course_id, course in zip(course_ids, provider.courses, strict=True):
            for run in course.runs:
                run_rows.append(
                    {
                        "course_id": course_id,
                        "provider_id": provider_id,
                        "your_reference": run.your_reference,
                        "delivery_mode": run.delivery_mode,
                        "start_date": run.start_date,
                        "flexible_start": run.flexible_start,
                        "venue_id": None if run.venue_index is None else venue_ids[run.venue_index],
                        "national_delivery": run.national_delivery,
                        "course_webpage": run.course_webpage,
                        "cost_pence": run.cost_pence,
                        "cost_description": run.cost_description,
                        "duration_value": run.duration_value,
                        "duration_unit": run.duration_unit,
                        "study_mode": run.study_mode,
                        "attendance_pattern": run.attendance_pattern,
                        "self_paced": run.self_paced,
                    }
                )
                run_sessions.append(run.sessions)
        if not run_rows:
            continue
        run_ids = list(
            session.scalars(
                insert(CourseRun).returning(CourseRun.id, sort_by_parameter_order=True), run_rows
            )
        )
        counts["runs"] += len(run_ids)
        session_rows = [
            {"run_id": run_id, "day": s.day, "start_time": s.start, "end_time": s.end}
            for run_id, sessions in zip(run_ids, run_sessions, strict=True)
            for s in sessions
        ]
        if session_rows:
            session.execute(insert(RunSession), session_rows)
            counts["sessions"] += len(session_rows)
    return counts
