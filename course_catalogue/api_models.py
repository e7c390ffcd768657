"""JSON shapes of the provider API. Inputs take the same values as the CSV columns, so one set of
rules (course_catalogue.validate) checks uploads and API calls alike."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from course_catalogue.csv_format import DAY_LABELS
from course_catalogue.validate import format_timetable
from db.models import Course, CourseRun, Venue


class _In(BaseModel):
    model_config = ConfigDict(coerce_numbers_to_str=True, extra="forbid")

    def as_row(self) -> dict[str, str]:
        """Field values keyed by CSV heading, as the validator expects."""
        return {k.upper(): ("" if v is None else str(v)) for k, v in self.model_dump().items()}


class CourseIn(_In):
    lars_qan: str = Field(description="LARS or QAN code; left-padded with zeros to 8 characters")
    who_this_course_is_for: str
    entry_requirements: str = ""
    what_you_will_learn: str = ""
    how_you_will_learn: str = ""
    what_you_will_need_to_bring: str = ""
    how_you_will_be_assessed: str = ""
    where_next: str = ""
    course_name: str
    level: str = Field("", description="Entry or 0-8 (extension)")
    sector: str = Field("", description="e.g. Care, Logistics (extension)")
    loan_approved: str = Field(
        "", description="Yes | No | Unknown: approved for an Advanced Learner Loan (extension)"
    )
    free_courses_for_jobs: str = Field(
        "", description="Yes | No | Unknown: on the Free Courses for Jobs list (extension)"
    )
    level3_entitlement: str = Field(
        "", description="Yes | No | Unknown: on the level 3 entitlement list (extension)"
    )
    apprenticeship_or_hnd: str = Field(
        "", description="Yes | No | Unknown: an apprenticeship or HND (extension)"
    )
    esol: str = Field(
        "", description="Yes | No | Unknown: English for speakers of other languages (extension)"
    )


def tri_state(value: bool | None) -> str:
    """A course fact for the API: "yes", "no" or "unknown" (the provider has not said)."""
    return "unknown" if value is None else ("yes" if value else "no")


class FundingFactsOut(BaseModel):
    loan_approved: str
    free_courses_for_jobs: str
    level3_entitlement: str
    apprenticeship_or_hnd: str
    esol: str

    @classmethod
    def of(cls, course: Course) -> FundingFactsOut:
        return cls(
            loan_approved=tri_state(course.loan_approved),
            free_courses_for_jobs=tri_state(course.fcfj_eligible),
            level3_entitlement=tri_state(course.level3_entitlement),
            apprenticeship_or_hnd=tri_state(course.apprenticeship_or_hnd),
            esol=tri_state(course.esol),
        )


class RunIn(_In):
    your_reference: str = Field("", description="your own reference; unique among your runs")
    delivery_mode: str = Field(description="Classroom | Online | Work based | Blended")
    start_date: str = Field("", description="dd/mm/yyyy; empty when flexible_start_date is Yes")
    flexible_start_date: str = Field("", description="Yes | No")
    venue_name: str = ""
    your_venue_reference: str = ""
    national_delivery: str = Field("", description="Yes | No; work based only")
    sub_region: str = Field("", description="';'-separated; work based only")
    course_webpage: str
    cost: str = Field("", description="pounds, at most 2 decimal places, e.g. 450.50")
    cost_description: str = ""
    duration: str = Field(description="whole number 1-999")
    duration_unit: str = Field(description="Days | Weeks | Months | Years | Hours | Minutes")
    study_mode: str = Field("", description="Full time | Part time | Flexible")
    attendance_pattern: str = Field(
        "", description="Daytime | Evening | Weekend | Day/Block release"
    )
    timetable: str = Field(
        "", description="weekly sessions, e.g. 'Tue 18:00-21:00; Thu 18:00-21:00'"
    )
    self_paced: str = Field("", description="Yes | No")


class CourseCreate(CourseIn):
    runs: list[RunIn] = Field(default_factory=list)

    def as_row(self) -> dict[str, str]:
        row = super().as_row()
        row.pop("RUNS", None)
        return row


class VenueIn(_In):
    your_venue_reference: str
    venue_name: str
    address_line_1: str
    address_line_2: str = ""
    town_or_city: str
    county: str = ""
    postcode: str
    email: str = ""
    phone: str = ""
    website: str = ""


class SessionOut(BaseModel):
    day: int = Field(description="0=Monday .. 6=Sunday")
    day_name: str
    start_time: str
    end_time: str


class RunOut(BaseModel):
    id: int
    course_id: int
    your_reference: str
    delivery_mode: str
    start_date: date | None
    flexible_start: bool
    venue_id: int | None
    national_delivery: bool | None
    sub_regions: str | None
    course_webpage: str
    cost_pence: int | None
    cost_description: str | None
    duration_value: int
    duration_unit: str
    study_mode: str | None
    attendance_pattern: str | None
    self_paced: bool
    timetable: str
    sessions: list[SessionOut]

    @classmethod
    def of(cls, run: CourseRun) -> RunOut:
        slots = [(s.day, s.start_time, s.end_time) for s in run.sessions]
        return cls(
            id=run.id,
            course_id=run.course_id,
            your_reference=run.your_reference,
            delivery_mode=run.delivery_mode,
            start_date=run.start_date,
            flexible_start=run.flexible_start,
            venue_id=run.venue_id,
            national_delivery=run.national_delivery,
            sub_regions=run.sub_regions,
            course_webpage=run.course_webpage,
            cost_pence=run.cost_pence,
            cost_description=run.cost_description,
            duration_value=run.duration_value,
            duration_unit=run.duration_unit,
            study_mode=run.study_mode,
            attendance_pattern=run.attendance_pattern,
            self_paced=run.self_paced,
            timetable=format_timetable(sorted(slots)),
            sessions=[
                SessionOut(
                    day=d,
                    day_name=DAY_LABELS[d],
                    start_time=s.strftime("%H:%M"),
                    end_time=e.strftime("%H:%M"),
                )
                for d, s, e in sorted(slots)
            ],
        )


class CourseSummary(BaseModel):
    id: int
    lars_qan: str
    course_name: str
    level: int | None
    sector: str | None
    run_count: int


class CourseOut(BaseModel):
    id: int
    lars_qan: str
    course_name: str
    who_this_course_is_for: str
    entry_requirements: str
    what_you_will_learn: str
    how_you_will_learn: str
    what_you_will_need_to_bring: str
    how_you_will_be_assessed: str
    where_next: str
    level: int | None
    sector: str | None
    funding_facts: FundingFactsOut
    runs: list[RunOut]

    @classmethod
    def of(cls, course: Course) -> CourseOut:
        return cls(
            id=course.id,
            lars_qan=course.lars_qan,
            course_name=course.course_name,
            who_this_course_is_for=course.who_this_course_is_for,
            entry_requirements=course.entry_requirements,
            what_you_will_learn=course.what_you_will_learn,
            how_you_will_learn=course.how_you_will_learn,
            what_you_will_need_to_bring=course.what_you_will_need_to_bring,
            how_you_will_be_assessed=course.how_you_will_be_assessed,
            where_next=course.where_next,
            level=course.level,
            sector=course.sector,
            funding_facts=FundingFactsOut.of(course),
            runs=[RunOut.of(r) for r in sorted(course.runs, key=lambda r: r.id)],
        )


class VenueOut(BaseModel):
    id: int
    your_venue_reference: str
    venue_name: str
    address_line_1: str | None
    address_line_2: str | None
    town_or_city: str | None
    county: str | None
    postcode: str | None
    postcode_district: str | None
    email: str | None
    phone: str | None
    website: str | None

    @classmethod
    def of(cls, v: Venue) -> VenueOut:
        return cls(
            id=v.id,
            your_venue_reference=v.your_venue_reference,
            venue_name=v.name,
            address_line_1=v.address_line_1,
            address_line_2=v.address_line_2,
            town_or_city=v.town,
            county=v.county,
            postcode=v.postcode,
            postcode_district=v.postcode_district,
            email=v.email,
            phone=v.phone,
            website=v.website,
        )


class FieldError(BaseModel):
    field: str
    message: str


class FieldErrors(BaseModel):
    errors: list[FieldError]


class FileError(BaseModel):
    file: str = Field(description="courses | venues | timetable")
    row: int = Field(description="spreadsheet row (headings are row 1); 0 for the whole file")
    column: str
    message: str


class ImportOut(BaseModel):
    ok: bool
    errors: list[FileError] = Field(
        default_factory=list, description="the first 100 problems (see more_errors)"
    )
    more_errors: int = Field(default=0, description="how many more problems were not listed")
    message: str = Field(default="", description="e.g. 'We found 8,000,000 problems: ...'")
    summary: dict[str, int] = Field(default_factory=dict)
