"""All tables, as SQLAlchemy 2 typed models.

Money is integer pence, times are aware UTC datetimes, weekly slots are (day 0=Monday, start, end)
in the worker's or venue's local time. Only the postcode *district* of a worker is kept
(data minimisation): it is enough for distance and devolved-area checks.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.types import UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, datetime: UTCDateTime}


# --- enums kept as plain strings (portable, easy to migrate) ---------------------------------
WORKER_STATUSES = ("onboarding", "active", "paused", "stopped", "inactive")
EARNINGS_SOURCES = ("baseline", "checkin", "update")
# what the worker says their contract is; "fixed_term" was "temporary" and "unknown" was "other"
# before migration goals_1
CONTRACT_TYPES = ("permanent", "fixed_term", "zero_hours", "agency", "self_employed", "unknown")
# what a worker wants most from work (goals.kinds): better pay, more hours, a permanent or more
# secure contract, regular or better shifts, a different job or sector
GOAL_KINDS = ("pay", "hours", "secure", "shifts", "change")
# the shift pattern at the start (goals.baseline_shifts)
SHIFT_PATTERNS = ("varies", "nights", "regular")
# what the coach marked about a help item offered to the worker (help_offers.status)
HELP_STATUSES = ("offered", "taken_up", "not_wanted")
PLAN_STATUSES = ("saved", "applied", "enrolled", "completed", "dropped")
CHECKIN_STATUSES = (
    "due",
    "claimed",
    "sending",
    "sent",
    "answered",
    "missed",
    "cancelled",
    "failed",
)
DELIVERY_MODES = ("classroom", "online", "work_based", "blended")
STUDY_MODES = ("full_time", "part_time", "flexible")
ATTENDANCE_PATTERNS = ("daytime", "evening", "weekend", "day_block_release")
DURATION_UNITS = ("days", "weeks", "months", "years", "hours", "minutes")
# jobs/: a vacancy's contract, most secure first (jobs.matching ranks them in this order)
VACANCY_CONTRACT_TYPES = ("permanent", "fixed_term", "agency", "zero_hours")
# how a worker's application for a vacancy went (vacancy_applications.status)
APPLICATION_STATUSES = ("saved", "applied", "interview", "offer", "started", "not_successful")


class WeeklySlot:
    """One slot a week: day 0=Monday, start and end in UK local time; an end at or before the
    start runs overnight. The one timetable model of course sessions and vacancy shifts (the
    pure side is the `timetable` package)."""

    day: Mapped[int] = mapped_column(Integer)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)

    def as_slot(self) -> tuple[int, time, time]:
        return (self.day, self.start_time, self.end_time)


# --- coaches ----------------------------------------------------------------------------------
class Coach(Base):
    __tablename__ = "coaches"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="coach")  # coach | admin
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workers: Mapped[list[Worker]] = relationship(back_populates="coach")


# --- workers ----------------------------------------------------------------------------------
class Worker(Base):
    __tablename__ = "workers"
    __table_args__ = (UniqueConstraint("channel", "chat_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), default="telegram")  # telegram | terminal
    chat_id: Mapped[int] = mapped_column(BigInteger)  # the Telegram chat id
    first_name: Mapped[str | None] = mapped_column(String(64))
    consent_at: Mapped[datetime | None]
    postcode_district: Mapped[str | None] = mapped_column(String(4))
    timezone: Mapped[str] = mapped_column(String(40), default="Europe/London")
    status: Mapped[str] = mapped_column(String(16), default="onboarding", index=True)
    rota_varies: Mapped[bool] = mapped_column(Boolean, default=False)
    travel_limit_km: Mapped[int | None] = mapped_column(Integer)
    # "under_18" | "18_20" | "21_plus": the minimum wage band, asked only when it matters
    age_band: Mapped[str | None] = mapped_column(String(8))
    checkin_frequency: Mapped[str | None] = mapped_column(String(16))  # weekly|fortnightly|monthly
    checkin_window_start: Mapped[time | None] = mapped_column(Time)
    checkin_window_end: Mapped[time | None] = mapped_column(Time)
    coach_id: Mapped[int | None] = mapped_column(
        ForeignKey("coaches.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_contact_at: Mapped[datetime | None]

    coach: Mapped[Coach | None] = relationship(back_populates="workers")
    earnings: Mapped[list[EarningsRecord]] = relationship(
        back_populates="worker", cascade="all, delete-orphan", order_by="EarningsRecord.recorded_at"
    )
    busy_slots: Mapped[list[AvailabilitySlot]] = relationship(
        back_populates="worker", cascade="all, delete-orphan"
    )
    goals: Mapped[list[Goal]] = relationship(back_populates="worker", cascade="all, delete-orphan")
    plan_items: Mapped[list[LearningPlanItem]] = relationship(
        back_populates="worker", cascade="all, delete-orphan"
    )
    funding_checks: Mapped[list[FundingCheck]] = relationship(
        back_populates="worker", cascade="all, delete-orphan"
    )
    messages: Mapped[list[ConversationMessage]] = relationship(
        back_populates="worker", cascade="all, delete-orphan"
    )
    checkins: Mapped[list[CheckIn]] = relationship(
        back_populates="worker", cascade="all, delete-orphan"
    )
    state: Mapped[ConversationState | None] = relationship(
        back_populates="worker", cascade="all, delete-orphan", uselist=False
    )
    flags: Mapped[list[WorkerFlag]] = relationship(
        back_populates="worker", cascade="all, delete-orphan"
    )
    notes: Mapped[list[CoachNote]] = relationship(
        back_populates="worker", cascade="all, delete-orphan"
    )
    goal_progress: Mapped[list[GoalProgress]] = relationship(
        back_populates="worker", cascade="all, delete-orphan", order_by="GoalProgress.recorded_at"
    )
    help_offers: Mapped[list[HelpOffer]] = relationship(
        back_populates="worker", cascade="all, delete-orphan", order_by="HelpOffer.offered_at"
    )
    applications: Mapped[list[VacancyApplication]] = relationship(
        back_populates="worker", cascade="all, delete-orphan"
    )


class ConversationState(Base):
    """Where the worker is in a flow, so a restart mid-conversation resumes in place."""

    __tablename__ = "conversation_states"

    worker_id: Mapped[int] = mapped_column(
        ForeignKey("workers.id", ondelete="CASCADE"), primary_key=True
    )
    flow: Mapped[str] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    worker: Mapped[Worker] = relationship(back_populates="state")


class ConversationMessage(Base):
    __tablename__ = "conversation_messages"
    __table_args__ = (
        Index("ix_conversation_messages_worker_at", "worker_id", "created_at"),
        # the coaches' review queue: only inbound typed messages have `understood` set
        Index(
            "ix_conversation_messages_review",
            "created_at",
            postgresql_where=sql_text("understood IS NOT NULL"),
            sqlite_where=sql_text("understood IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    text: Mapped[str] = mapped_column(Text)
    intent: Mapped[str | None] = mapped_column(String(64))
    entities: Mapped[list[Any] | None]
    sender: Mapped[str] = mapped_column(String(16), default="bot")  # worker | bot | coach
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set for inbound typed messages only (buttons, commands and outbound rows leave them NULL):
    # NLU confidence, the flow/step the message arrived in, where the intent came from
    # (rasa | keywords | none), and False when the bot answered "didn't get that" and re-asked.
    confidence: Mapped[float | None] = mapped_column(Float)
    flow: Mapped[str | None] = mapped_column(String(40))
    step: Mapped[str | None] = mapped_column(String(40))
    understood: Mapped[bool | None] = mapped_column(Boolean)
    nlu_source: Mapped[str | None] = mapped_column(String(16))

    worker: Mapped[Worker] = relationship(back_populates="messages")


class EarningsRecord(Base):
    __tablename__ = "earnings_records"
    __table_args__ = (Index("ix_earnings_records_worker_at", "worker_id", "recorded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id", ondelete="CASCADE"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    job_title: Mapped[str | None] = mapped_column(String(120))
    sector: Mapped[str | None] = mapped_column(String(64))
    hourly_pay_pence: Mapped[int | None] = mapped_column(Integer)
    # the pay as the worker gave it ("£38,000 a year"): hourly_pay_pence is worked out from it
    pay_amount_pence: Mapped[int | None] = mapped_column(Integer)
    pay_period: Mapped[str | None] = mapped_column(String(12))  # hour|day|week|...|year
    weekly_hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    contract_type: Mapped[str | None] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16), default="baseline")
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversation_messages.id", ondelete="SET NULL")
    )

    worker: Mapped[Worker] = relationship(back_populates="earnings")


class AvailabilitySlot(Base):
    """A weekly busy slot (a shift). Workers whose rota varies have worker.rota_varies instead."""

    __tablename__ = "availability_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id", ondelete="CASCADE"), index=True)
    day: Mapped[int] = mapped_column(Integer)  # 0=Monday .. 6=Sunday
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)  # may be <= start for overnight shifts

    worker: Mapped[Worker] = relationship(back_populates="busy_slots")


class Goal(Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id", ondelete="CASCADE"), index=True)
    target_role: Mapped[str | None] = mapped_column(String(120))
    target_sector: Mapped[str | None] = mapped_column(String(64))
    target_hourly_pence: Mapped[int | None] = mapped_column(Integer)
    not_sure: Mapped[bool] = mapped_column(Boolean, default=False)
    barriers: Mapped[list[Any]] = mapped_column(default=list)
    # what the worker wants most (GOAL_KINDS); empty for goals set before migration goals_1,
    # which were all about pay
    kinds: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    # where they started, so check-ins and the impact report can tell progress
    baseline_hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    baseline_contract: Mapped[str | None] = mapped_column(String(16))
    baseline_shifts: Mapped[str | None] = mapped_column(String(16))  # SHIFT_PATTERNS
    target_hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))  # None: "as many as I can"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversation_messages.id", ondelete="SET NULL")
    )

    worker: Mapped[Worker] = relationship(back_populates="goals")


class GoalProgress(Base):
    """One answer about a goal that is not only hourly pay, from a check-in: "Are you getting
    more hours yet?" (kind hours: value more | same | fewer, with the hours), "Has your contract
    changed?" (kind contract: value the contract type now), "Are your shifts better?" (kind
    shifts: value better | same | worse)."""

    __tablename__ = "goal_progress"
    __table_args__ = (Index("ix_goal_progress_worker_at", "worker_id", "recorded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id", ondelete="CASCADE"))
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))  # hours | contract | shifts
    value: Mapped[str] = mapped_column(String(16))
    hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    source: Mapped[str] = mapped_column(String(16), default="checkin")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversation_messages.id", ondelete="SET NULL")
    )

    worker: Mapped[Worker] = relationship(back_populates="goal_progress")


class HelpOffer(Base):
    """A help item (support/data, by its id) the bot showed a worker for one of their barriers,
    and whether the coach has marked it taken up or not wanted. One row per worker and item:
    showing it again counts, the first time is kept."""

    __tablename__ = "help_offers"
    __table_args__ = (UniqueConstraint("worker_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(64))
    barrier: Mapped[str] = mapped_column(String(16))
    facts_year: Mapped[str] = mapped_column(String(7))  # the support data file, e.g. "2026-27"
    offered_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_offered_at: Mapped[datetime] = mapped_column(default=utcnow)
    times_offered: Mapped[int] = mapped_column(Integer, default=1)
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversation_messages.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(16), default="offered")  # HELP_STATUSES
    status_at: Mapped[datetime | None]
    status_by: Mapped[int | None] = mapped_column(ForeignKey("coaches.id", ondelete="SET NULL"))

    worker: Mapped[Worker] = relationship(back_populates="help_offers")


class LearningPlanItem(Base):
    __tablename__ = "learning_plan_items"
    __table_args__ = (UniqueConstraint("worker_id", "course_run_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id", ondelete="CASCADE"))
    course_run_id: Mapped[int] = mapped_column(ForeignKey("course_runs.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="saved")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversation_messages.id", ondelete="SET NULL")
    )

    worker: Mapped[Worker] = relationship(back_populates="plan_items")
    course_run: Mapped[CourseRun] = relationship()


class FundingCheck(Base):
    __tablename__ = "funding_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id", ondelete="CASCADE"), index=True)
    course_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_runs.id", ondelete="SET NULL")
    )
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    outcome: Mapped[str] = mapped_column(String(32))
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    rules_year: Mapped[str] = mapped_column(String(7))  # e.g. "2026-27"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversation_messages.id", ondelete="SET NULL")
    )

    worker: Mapped[Worker] = relationship(back_populates="funding_checks")


class CheckIn(Base):
    """A due check-in is a row: dispatchers claim rows, so several processes never send twice."""

    __tablename__ = "checkins"
    __table_args__ = (Index("ix_checkins_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id", ondelete="CASCADE"), index=True)
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="due")
    kind: Mapped[str] = mapped_column(String(16), default="checkin")  # checkin|reminder|closing
    # kind "closing": the saved job (vacancy_applications.id) whose closing date is near
    # (migration jobchat_1; no foreign key, see there: a gone application cancels the row)
    application_id: Mapped[int | None] = mapped_column(Integer, index=True)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    reminder_sent_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # messages of this check-in already delivered, so a retry after a crash resends none of them
    parts_sent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    answers: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    worker: Mapped[Worker] = relationship(back_populates="checkins")


class SendRateSlot(Base):
    """A shared send budget (GCRA): every dispatcher process books its next send slot here,
    so the overall rate holds however many processes run."""

    __tablename__ = "send_rate_slots"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_at: Mapped[float] = mapped_column(Float)  # epoch seconds of the next free slot


class WorkerFlag(Base):
    """Things a coach should look at: missed check-ins, struggling, asked for a human, ..."""

    __tablename__ = "worker_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversation_messages.id", ondelete="SET NULL")
    )

    worker: Mapped[Worker] = relationship(back_populates="flags")


# The casefolded name sorts by code point, as Python sorts it: collation "C" on PostgreSQL
# (SQLite's default BINARY already does).
SORT_NAME = String(80).with_variant(String(80, collation="C"), "postgresql")


class WorkerSummary(Base):
    """What the coach pages show and sort by, derived from a worker's records
    (coach_web.summaries): stage, flags, last contact, next check-in and the impact outcome.

    Derived, never the source of truth: database triggers put a worker in
    `worker_summary_dirty` whenever one of their records changes, and the row is worked out
    again from the records (in the background, and for the coach's own workers before each
    page). The `*_key` columns are the sort orders as plain ascending values, so one index
    serves each sort on both databases."""

    __tablename__ = "worker_summaries"
    __table_args__ = (
        Index("ix_worker_summaries_attention", "attention_key", "contact_key", "worker_id"),
        Index("ix_worker_summaries_contact", "contact_key", "worker_id"),
        Index("ix_worker_summaries_checkin", "checkin_key", "worker_id"),
        Index("ix_worker_summaries_stage", "stage_rank", "sort_name", "worker_id"),
        Index("ix_worker_summaries_name", "sort_name", "worker_id"),
    )

    worker_id: Mapped[int] = mapped_column(
        ForeignKey("workers.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    sort_name: Mapped[str] = mapped_column(SORT_NAME)  # the shown name, casefolded
    district_key: Mapped[str] = mapped_column(String(8))  # "SE15": no spaces, capitals
    stage: Mapped[str] = mapped_column(String(32))
    stage_rank: Mapped[int] = mapped_column(Integer)
    attention: Mapped[int] = mapped_column(Integer)  # flags that need the coach
    flag_kinds: Mapped[str] = mapped_column(String(400))  # "|missed_checkins|struggling|"
    flags: Mapped[list[Any]] = mapped_column(default=list)  # as shown: kind, label, detail...
    last_contact_at: Mapped[datetime | None]
    next_checkin_at: Mapped[datetime | None]
    attention_key: Mapped[int] = mapped_column(Integer)  # -attention
    contact_key: Mapped[datetime]  # last contact; never contacted sorts first
    checkin_key: Mapped[datetime]  # next check-in; none sorts last
    outcome: Mapped[list[Any] | None]  # coach_web.impact.WorkerOutcome's values, in order
    # the outcome's measures the impact report adds up, as columns PostgreSQL aggregates fast
    baseline_hourly_pence: Mapped[int | None] = mapped_column(Integer)
    latest_hourly_pence: Mapped[int | None] = mapped_column(Integer)
    hourly_change_pct: Mapped[float | None] = mapped_column(Float)
    baseline_weekly_pence: Mapped[int | None] = mapped_column(Integer)
    latest_weekly_pence: Mapped[int | None] = mapped_column(Integer)
    weekly_change_pct: Mapped[float | None] = mapped_column(Float)
    rise_over_10pct: Mapped[bool | None] = mapped_column(Boolean)
    at_or_above_living_wage: Mapped[bool | None] = mapped_column(Boolean)
    courses_started: Mapped[int | None] = mapped_column(Integer)
    courses_completed: Mapped[int | None] = mapped_column(Integer)
    improved: Mapped[bool | None] = mapped_column(Boolean)
    goal_kinds: Mapped[str | None] = mapped_column(String(64))  # "|pay|hours|"; None: no goal
    wanted_more_hours: Mapped[bool | None] = mapped_column(Boolean)
    more_hours: Mapped[bool | None] = mapped_column(Boolean)
    started_insecure: Mapped[bool | None] = mapped_column(Boolean)
    moved_off_insecure: Mapped[bool | None] = mapped_column(Boolean)
    wanted_better_shifts: Mapped[bool | None] = mapped_column(Boolean)
    better_shifts: Mapped[bool | None] = mapped_column(Boolean)
    # jobs (migration jobcoach_1): applications open now, and job moves (coach_web.impact)
    open_applications: Mapped[int | None] = mapped_column(Integer)
    moved_job: Mapped[bool | None] = mapped_column(Boolean)
    job_move_before_pence: Mapped[int | None] = mapped_column(Integer)
    job_move_after_pence: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[str] = mapped_column(String(24))  # coach_web.summaries.SUMMARY_VERSION
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class VacancyAlertRun(Base):
    """The last vacancy a scheduled job looked at (jobs.alerts): each new vacancy is checked
    against workers' goals once, whichever process runs the job."""

    __tablename__ = "vacancy_alert_runs"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_vacancy_id: Mapped[int] = mapped_column(Integer)
    ran_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkerSummaryDirty(Base):
    """Workers whose summary has to be worked out again. Written by database triggers on the
    tables a summary is derived from, so no code path can forget it."""

    __tablename__ = "worker_summary_dirty"

    worker_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class CoachNote(Base):
    __tablename__ = "coach_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id", ondelete="CASCADE"), index=True)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("coaches.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    worker: Mapped[Worker] = relationship(back_populates="notes")


# --- providers and the catalogue ---------------------------------------------------------------
class Provider(Base):
    __tablename__ = "providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    ukprn: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    has_loans_facility: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    api_keys: Mapped[list[ProviderApiKey]] = relationship(
        back_populates="provider", cascade="all, delete-orphan"
    )
    users: Mapped[list[ProviderUser]] = relationship(
        back_populates="provider", cascade="all, delete-orphan"
    )


class ProviderApiKey(Base):
    """Only a hash of the key is kept; the prefix lets a provider tell keys apart."""

    __tablename__ = "provider_api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(
        ForeignKey("providers.id", ondelete="CASCADE"), index=True
    )
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(255))
    label: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    provider: Mapped[Provider] = relationship(back_populates="api_keys")


class ProviderUser(Base):
    __tablename__ = "provider_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(
        ForeignKey("providers.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    provider: Mapped[Provider] = relationship(back_populates="users")


class Venue(Base):
    __tablename__ = "venues"
    __table_args__ = (
        UniqueConstraint("provider_id", "your_venue_reference"),
        # bounding-box pre-filter of the shift-fit search
        Index("ix_venues_lat_lon", "latitude", "longitude"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(
        ForeignKey("providers.id", ondelete="CASCADE"), index=True
    )
    your_venue_reference: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(255))
    address_line_1: Mapped[str | None] = mapped_column(String(255))
    address_line_2: Mapped[str | None] = mapped_column(String(255))
    town: Mapped[str | None] = mapped_column(String(120))
    county: Mapped[str | None] = mapped_column(String(120))
    postcode: Mapped[str | None] = mapped_column(String(10))
    postcode_district: Mapped[str | None] = mapped_column(String(4), index=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    website: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Course(Base):
    """One course: LARS_QAN plus the seven description fields of the Course Directory file."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(
        ForeignKey("providers.id", ondelete="CASCADE"), index=True
    )
    lars_qan: Mapped[str] = mapped_column(String(8), index=True)
    course_name: Mapped[str] = mapped_column(String(255))
    who_this_course_is_for: Mapped[str] = mapped_column(Text, default="")
    entry_requirements: Mapped[str] = mapped_column(Text, default="")
    what_you_will_learn: Mapped[str] = mapped_column(Text, default="")
    how_you_will_learn: Mapped[str] = mapped_column(Text, default="")
    what_you_will_need_to_bring: Mapped[str] = mapped_column(Text, default="")
    how_you_will_be_assessed: Mapped[str] = mapped_column(Text, default="")
    where_next: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[int | None] = mapped_column(Integer, index=True)  # NotionalNVQLevelv2; 0=entry
    sector: Mapped[str | None] = mapped_column(String(64), index=True)
    # Funding facts, tri-state: True yes, False no, None unknown (the provider has not said).
    # The Course Directory CSV no longer carries a loan flag, so an uploaded course is unknown
    # until the provider declares it: unknown leads to "maybe: ask the provider", never "no".
    loan_approved: Mapped[bool | None] = mapped_column(Boolean, default=None)  # ADV_LEARN_LOAN
    fcfj_eligible: Mapped[bool | None] = mapped_column(Boolean, default=None)  # FCFJ list
    level3_entitlement: Mapped[bool | None] = mapped_column(Boolean, default=None)
    apprenticeship_or_hnd: Mapped[bool | None] = mapped_column(Boolean, default=None)
    esol: Mapped[bool | None] = mapped_column(Boolean, default=None)
    guided_hours: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    runs: Mapped[list[CourseRun]] = relationship(
        back_populates="course", cascade="all, delete-orphan"
    )


class CourseRun(Base):
    __tablename__ = "course_runs"
    __table_args__ = (
        UniqueConstraint("provider_id", "your_reference"),
        # best-first walk of remote runs in the shift-fit search (self-paced, flexible, soonest)
        Index(
            "ix_course_runs_remote_rank",
            "delivery_mode",
            "self_paced",
            "flexible_start",
            "start_date",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    provider_id: Mapped[int] = mapped_column(
        ForeignKey("providers.id", ondelete="CASCADE"), index=True
    )
    your_reference: Mapped[str] = mapped_column(String(255))
    delivery_mode: Mapped[str] = mapped_column(String(16), index=True)
    start_date: Mapped[date | None] = mapped_column(Date)
    flexible_start: Mapped[bool] = mapped_column(Boolean, default=False)
    venue_id: Mapped[int | None] = mapped_column(
        ForeignKey("venues.id", ondelete="RESTRICT"), index=True
    )
    national_delivery: Mapped[bool | None] = mapped_column(Boolean)
    sub_regions: Mapped[str | None] = mapped_column(Text)  # ';'-separated
    course_webpage: Mapped[str] = mapped_column(String(500))
    cost_pence: Mapped[int | None] = mapped_column(Integer)
    cost_description: Mapped[str | None] = mapped_column(Text)
    duration_value: Mapped[int] = mapped_column(Integer)
    duration_unit: Mapped[str] = mapped_column(String(8))
    study_mode: Mapped[str | None] = mapped_column(String(16))
    attendance_pattern: Mapped[str | None] = mapped_column(String(24))
    self_paced: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    course: Mapped[Course] = relationship(back_populates="runs")
    venue: Mapped[Venue | None] = relationship()
    sessions: Mapped[list[RunSession]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="RunSession.day"
    )


class RunSession(WeeklySlot, Base):
    """Weekly timetable extension: one taught session a week (day, start, end) in UK local time."""

    __tablename__ = "run_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("course_runs.id", ondelete="CASCADE"), index=True
    )

    run: Mapped[CourseRun] = relationship(back_populates="sessions")


# --- employers and jobs (jobs/) -----------------------------------------------------------------
class Employer(Base):
    """An employer that posts vacancies and career pathways (a third kind of user, built like
    providers: API keys and user logins, each seeing only its own data)."""

    __tablename__ = "employers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    website: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    api_keys: Mapped[list[EmployerApiKey]] = relationship(
        back_populates="employer", cascade="all, delete-orphan"
    )
    users: Mapped[list[EmployerUser]] = relationship(
        back_populates="employer", cascade="all, delete-orphan"
    )


class EmployerApiKey(Base):
    """Only a hash of the key is kept; the prefix lets an employer tell keys apart."""

    __tablename__ = "employer_api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(255))
    label: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    employer: Mapped[Employer] = relationship(back_populates="api_keys")


class EmployerUser(Base):
    __tablename__ = "employer_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employer: Mapped[Employer] = relationship(back_populates="users")


class Vacancy(Base):
    """One job an employer is hiring for, with what a low-paid worker needs to judge it.

    Live while `closed_at` is NULL and `closing_date` is today or later: every query for
    workers filters on that (`jobs.vacancies.live`), so an expired vacancy disappears by itself.
    Pay is pence an hour (`pay_max_pence` NULL for a single rate). Location is a postcode
    district with its centroid (as venues), or `remote`.
    """

    __tablename__ = "vacancies"
    __table_args__ = (
        UniqueConstraint("employer_id", "your_reference"),
        # the matching search: a bounding box around the worker (as venues), and remote work
        Index("ix_vacancies_lat_lon", "latitude", "longitude"),
        Index("ix_vacancies_remote_closing", "remote", "closing_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    your_reference: Mapped[str] = mapped_column(String(255))
    job_title: Mapped[str] = mapped_column(String(120))
    soc2020: Mapped[str | None] = mapped_column(String(4), index=True)
    sector: Mapped[str] = mapped_column(String(32), index=True)
    summary: Mapped[str | None] = mapped_column(Text)
    pay_min_pence: Mapped[int] = mapped_column(Integer)
    pay_max_pence: Mapped[int | None] = mapped_column(Integer)
    guaranteed_weekly_hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    contract_type: Mapped[str] = mapped_column(String(16))  # VACANCY_CONTRACT_TYPES
    shift_pattern: Mapped[str | None] = mapped_column(Text)  # the employer's words
    shifts_vary: Mapped[bool] = mapped_column(Boolean, default=False)  # a rota, week to week
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    postcode_district: Mapped[str | None] = mapped_column(String(4), index=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    training_offered: Mapped[str | None] = mapped_column(Text)
    progression: Mapped[str | None] = mapped_column(Text)  # "Team leader after 12 months"
    closing_date: Mapped[date] = mapped_column(Date, index=True)
    apply_url: Mapped[str | None] = mapped_column(String(500))
    apply_phone: Mapped[str | None] = mapped_column(String(32))
    apply_email: Mapped[str | None] = mapped_column(String(254))
    closed_at: Mapped[datetime | None]  # closed early by the employer
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    employer: Mapped[Employer] = relationship()
    shifts: Mapped[list[VacancyShift]] = relationship(
        back_populates="vacancy",
        cascade="all, delete-orphan",
        order_by="[VacancyShift.day, VacancyShift.start_time]",
    )
    courses: Mapped[list[VacancyCourse]] = relationship(cascade="all, delete-orphan")


class VacancyShift(WeeklySlot, Base):
    """One weekly shift of a vacancy (the same model as a course run's sessions)."""

    __tablename__ = "vacancy_shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(
        ForeignKey("vacancies.id", ondelete="CASCADE"), index=True
    )

    vacancy: Mapped[Vacancy] = relationship(back_populates="shifts")


class VacancyCourse(Base):
    """Training a vacancy offers, as a link to a catalogue course."""

    __tablename__ = "vacancy_courses"

    vacancy_id: Mapped[int] = mapped_column(
        ForeignKey("vacancies.id", ondelete="CASCADE"), primary_key=True
    )
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CareerPathway(Base):
    """One rung of an employer's job ladder: from `role` to `next_role`, with the next role's
    pay (pence an hour), what is needed and how long it usually takes. The bot's "typical next
    steps" for a sector prefer these over the general table (`jobs.pathways`)."""

    __tablename__ = "career_pathways"
    __table_args__ = (UniqueConstraint("employer_id", "your_reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    your_reference: Mapped[str] = mapped_column(String(255))
    sector: Mapped[str] = mapped_column(String(32), index=True)
    role: Mapped[str] = mapped_column(String(120))
    role_soc2020: Mapped[str | None] = mapped_column(String(4))
    next_role: Mapped[str] = mapped_column(String(120))
    next_soc2020: Mapped[str | None] = mapped_column(String(4))
    next_pay_min_pence: Mapped[int | None] = mapped_column(Integer)
    next_pay_max_pence: Mapped[int | None] = mapped_column(Integer)
    requirements: Mapped[str | None] = mapped_column(Text)  # what is needed to step up
    typical_months: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    employer: Mapped[Employer] = relationship()


class VacancyApplication(Base):
    """A vacancy a worker saved, and how applying for it went (APPLICATION_STATUSES).

    What the worker saw (title, employer, pay, hours, contract) is copied in when it is saved,
    so the history and the impact report survive the vacancy closing or being deleted
    (`vacancy_id` then becomes NULL). Each status keeps the time it was reached.
    """

    __tablename__ = "vacancy_applications"
    __table_args__ = (
        UniqueConstraint("worker_id", "vacancy_id"),
        Index("ix_vacancy_applications_status", "status", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id", ondelete="CASCADE"))
    vacancy_id: Mapped[int | None] = mapped_column(
        ForeignKey("vacancies.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="saved")
    job_title: Mapped[str] = mapped_column(String(120))
    employer_name: Mapped[str] = mapped_column(String(255))
    soc2020: Mapped[str | None] = mapped_column(String(4))
    sector: Mapped[str | None] = mapped_column(String(32))
    hourly_pay_pence: Mapped[int | None] = mapped_column(Integer)
    weekly_hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    contract_type: Mapped[str | None] = mapped_column(String(16))
    closing_date: Mapped[date | None] = mapped_column(Date)
    saved_at: Mapped[datetime | None]
    applied_at: Mapped[datetime | None]
    interview_at: Mapped[datetime | None]
    offer_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    not_successful_at: Mapped[datetime | None]
    interview_on: Mapped[date | None] = mapped_column(Date)  # the day of the interview
    closing_reminder_sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversation_messages.id", ondelete="SET NULL")
    )

    worker: Mapped[Worker] = relationship(back_populates="applications")
    vacancy: Mapped[Vacancy | None] = relationship()


# --- audit ------------------------------------------------------------------------------------
class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_type: Mapped[str] = mapped_column(String(16))  # coach|provider|employer|worker|system
    actor_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any] | None]


# --- web sign-ins -----------------------------------------------------------------------------
class WebSession(Base):
    """A signed-in browser (coach app or provider upload page). The cookie carries a random
    token; only its SHA-256 is stored. Logging out deletes the row, so a copied cookie stops
    working at once instead of at the end of its signed lifetime."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # coach | provider | employer
    subject: Mapped[str] = mapped_column(String(64))  # coach id, or "user:<id>" / "key:<prefix>"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


# --- Telegram webhook -------------------------------------------------------------------------
class TelegramUpdateSeen(Base):
    """The webhook's inbox: one row per Telegram update id, inserted before the webhook answers
    200. The insert is the claim (the primary key lets one process win), so a redelivered or
    replayed update is handled once; `payload` waits here until a process holding the chat's
    lock handles it, lowest update id first (bot.telegram.inbox). `handled_at` is set in the
    same transaction as the conversation step, and the payload is then dropped. Ids older than
    48 hours are pruned (Telegram keeps updates for 24 hours)."""

    __tablename__ = "telegram_updates_seen"
    __table_args__ = (
        Index(
            "ix_telegram_updates_seen_pending",
            "chat_id",
            "update_id",
            postgresql_where=sql_text("handled_at IS NULL"),
            sqlite_where=sql_text("handled_at IS NULL"),
        ),
    )

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)  # whose queue; None: before inbox
    payload: Mapped[dict[str, Any] | None]
    handled_at: Mapped[datetime | None]


class LoginThrottle(Base):
    """Wrong-password counts per (account, IP address) and per IP address, for the coach and
    provider logins: a stranger's guesses lock that stranger out, not the account's owner."""

    __tablename__ = "login_throttles"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))  # coach | provider | employer
    key: Mapped[str] = mapped_column(String(400))  # "ip:<ip>" or "acct:<email>|ip:<ip>"
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
