"""JSON shapes of the employer API. Inputs take the same values as the CSV columns (lower-case
names), so one set of rules (`jobs.validate`) checks uploads, the page and API calls alike."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from db.models import CareerPathway, Vacancy
from jobs.vacancies import status
from jobs.validate import soc_title
from timetable import DAY_LABELS, format_timetable


class _In(BaseModel):
    model_config = ConfigDict(coerce_numbers_to_str=True, extra="forbid")

    def as_row(self) -> dict[str, str]:
        """Field values keyed by CSV heading, as the validator expects."""
        return {k.upper(): ("" if v is None else str(v)) for k, v in self.model_dump().items()}


class VacancyIn(_In):
    your_reference: str = Field(
        "", max_length=255, description="yours; unique among your vacancies"
    )
    job_title: str = Field(max_length=1000)
    soc_2020: str = Field("", max_length=20, description="ONS SOC 2020 code, 4 digits, e.g. 6135")
    sector: str = Field(
        max_length=100,
        description="Care | Hospitality | Retail | Warehouse | Cleaning | Construction | "
        "Transport | Office | Other",
    )
    summary: str = Field("", max_length=5000)
    pay_per_hour: str = Field(max_length=20, description="pounds an hour, e.g. 12.80")
    pay_per_hour_max: str = Field("", max_length=20, description="top of a pay range")
    guaranteed_hours: str = Field(
        "", max_length=20, description="hours a week the contract guarantees (0 for zero hours)"
    )
    contract_type: str = Field(
        max_length=40, description="Permanent | Fixed term | Agency | Zero hours"
    )
    shifts: str = Field(
        "", max_length=2000, description="weekly shifts, e.g. 'Mon 07:00-15:00; Fri 22:00-06:00'"
    )
    shift_pattern: str = Field("", max_length=2000, description="words, e.g. 'Days on a rota'")
    shifts_vary: str = Field("", max_length=10, description="Yes | No")
    postcode: str = Field("", max_length=20, description="postcode or district, e.g. LS6")
    remote: str = Field("", max_length=10, description="Yes | No")
    training: str = Field("", max_length=2000)
    training_course_ids: str = Field("", max_length=200, description="catalogue ids, e.g. '12; 40'")
    progression: str = Field("", max_length=2000, description="e.g. 'Team leader after 12 months'")
    closing_date: str = Field(max_length=20, description="dd/mm/yyyy, today or later")
    apply_url: str = Field("", max_length=1000)
    apply_phone: str = Field("", max_length=40)
    apply_email: str = Field("", max_length=400)


class ShiftOut(BaseModel):
    day: int = Field(description="0=Monday .. 6=Sunday")
    day_name: str
    start_time: str
    end_time: str = Field(description="at or before start_time: the shift runs overnight")


class VacancyOut(BaseModel):
    id: int
    your_reference: str
    job_title: str
    soc2020: str | None
    occupation: str | None = Field(description="ONS title of the SOC code, when we have it")
    sector: str
    summary: str | None
    pay_min_pence: int
    pay_max_pence: int | None
    guaranteed_weekly_hours: float
    contract_type: str
    timetable: str
    shifts: list[ShiftOut]
    shift_pattern: str | None
    shifts_vary: bool
    remote: bool
    postcode_district: str | None
    training_offered: str | None
    training_course_ids: list[int]
    progression: str | None
    closing_date: date
    apply_url: str | None
    apply_phone: str | None
    apply_email: str | None
    status: str = Field(description="open | closed (closed early) | expired (past closing date)")
    closed_at: datetime | None
    updated_at: datetime

    @classmethod
    def of(cls, v: Vacancy, today: date) -> VacancyOut:
        slots = sorted(s.as_slot() for s in v.shifts)
        return cls(
            id=v.id,
            your_reference=v.your_reference,
            job_title=v.job_title,
            soc2020=v.soc2020,
            occupation=soc_title(v.soc2020),
            sector=v.sector,
            summary=v.summary,
            pay_min_pence=v.pay_min_pence,
            pay_max_pence=v.pay_max_pence,
            guaranteed_weekly_hours=float(v.guaranteed_weekly_hours),
            contract_type=v.contract_type,
            timetable=format_timetable(slots),
            shifts=[
                ShiftOut(
                    day=d,
                    day_name=DAY_LABELS[d],
                    start_time=s.strftime("%H:%M"),
                    end_time=e.strftime("%H:%M"),
                )
                for d, s, e in slots
            ],
            shift_pattern=v.shift_pattern,
            shifts_vary=v.shifts_vary,
            remote=v.remote,
            postcode_district=v.postcode_district,
            training_offered=v.training_offered,
            training_course_ids=sorted(c.course_id for c in v.courses),
            progression=v.progression,
            closing_date=v.closing_date,
            apply_url=v.apply_url,
            apply_phone=v.apply_phone,
            apply_email=v.apply_email,
            status=status(v, today),
            closed_at=v.closed_at,
            updated_at=v.updated_at,
        )


class PathwayIn(_In):
    your_reference: str = Field("", max_length=255)
    sector: str = Field(max_length=100)
    role: str = Field(max_length=1000)
    role_soc_2020: str = Field("", max_length=20)
    next_role: str = Field(max_length=1000)
    next_soc_2020: str = Field("", max_length=20)
    next_pay_per_hour: str = Field("", max_length=20, description="pounds an hour")
    next_pay_per_hour_max: str = Field("", max_length=20)
    what_is_needed: str = Field("", max_length=2000)
    typical_months: str = Field("", max_length=10, description="1 to 120")


class PathwayOut(BaseModel):
    id: int
    your_reference: str
    sector: str
    role: str
    role_soc2020: str | None
    next_role: str
    next_soc2020: str | None
    next_pay_min_pence: int | None
    next_pay_max_pence: int | None
    requirements: str | None
    typical_months: int | None
    updated_at: datetime

    @classmethod
    def of(cls, p: CareerPathway) -> PathwayOut:
        return cls(
            id=p.id,
            your_reference=p.your_reference,
            sector=p.sector,
            role=p.role,
            role_soc2020=p.role_soc2020,
            next_role=p.next_role,
            next_soc2020=p.next_soc2020,
            next_pay_min_pence=p.next_pay_min_pence,
            next_pay_max_pence=p.next_pay_max_pence,
            requirements=p.requirements,
            typical_months=p.typical_months,
            updated_at=p.updated_at,
        )


class FieldError(BaseModel):
    field: str
    message: str


class FieldErrors(BaseModel):
    errors: list[FieldError]


class FileError(BaseModel):
    file: str
    row: int
    column: str
    message: str


class ImportOut(BaseModel):
    ok: bool
    summary: dict[str, int] | None = None
    errors: list[FileError] = Field(default_factory=list)
    more_errors: int = 0
    message: str = ""
