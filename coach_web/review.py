"""The review queue: typed messages the bot did not understand or was unsure about.

A candidate is an inbound typed message logged with `understood` set (the conversation service
sets it for typed messages only; buttons, commands and older rows stay NULL). It is listed when
the bot fell back ("Sorry, I didn't quite get that"), or the NLU confidence was below
LOW_CONFIDENCE, or no intent was guessed. Scoping reuses web_security.access.visible_workers: a
coach sees their caseload's messages, an admin everyone's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from db.models import Coach, ConversationMessage, Worker
from web_security.access import visible_workers

LOW_CONFIDENCE = 0.6  # below this the NLU guess counts as unsure
PAGE_SIZE = 50
CSV_ROW_CAP = 50_000
NO_INTENT = "(none)"  # the intent filter's value for "no intent guessed"

M = ConversationMessage


@dataclass(frozen=True)
class ReviewFilters:
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    intent: str = ""  # an intent name, NO_INTENT, or "" for any
    flow: str = ""
    step: str = ""
    max_confidence: float | None = None
    not_understood: bool = False
    errors: tuple[str, ...] = field(default=(), compare=False)

    def query_params(self) -> dict[str, str]:
        """The filters as URL parameters (for paging links and the CSV link)."""
        out = {
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "intent": self.intent,
            "step": f"{self.flow}/{self.step}" if self.step else self.flow,
            "max_confidence": "" if self.max_confidence is None else f"{self.max_confidence:g}",
            "not_understood": "1" if self.not_understood else "",
        }
        return {k: v for k, v in out.items() if v}

    def audit_detail(self) -> dict[str, Any]:
        return self.query_params()


def parse_filters(params: Mapping[str, str]) -> ReviewFilters:
    """Filters from the query string; a value that does not parse is dropped and explained."""
    errors: list[str] = []

    def day(name: str, label: str) -> date | None:
        raw = params.get(name, "").strip()
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            errors.append(f"The {label} date should look like 2026-03-02; it was left out.")
            return None

    max_conf: float | None = None
    raw_conf = params.get("max_confidence", "").strip()
    if raw_conf:
        try:
            max_conf = float(raw_conf)
            if not 0 <= max_conf <= 1:
                raise ValueError
        except ValueError:
            max_conf = None
            errors.append("Maximum confidence is a number from 0 to 1; it was left out.")
    flow, _, step = params.get("step", "").strip()[:81].partition("/")
    return ReviewFilters(
        date_from=day("from", "from"),
        date_to=day("to", "to"),
        intent=params.get("intent", "").strip()[:64],
        flow=flow[:40],
        step=step[:40],
        max_confidence=max_conf,
        not_understood=params.get("not_understood", "") in ("1", "on", "true"),
        errors=tuple(errors),
    )


def _is_candidate() -> ColumnElement[bool]:
    return and_(
        M.direction == "in",
        M.understood.is_not(None),  # matches the partial index ix_conversation_messages_review
        or_(M.understood.is_(False), M.confidence < LOW_CONFIDENCE, M.intent.is_(None)),
    )


def _local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def _conditions(coach: Coach, f: ReviewFilters, tz: ZoneInfo) -> list[ColumnElement[bool]]:
    visible_ids = visible_workers(coach).with_only_columns(Worker.id).scalar_subquery()
    cond = [_is_candidate(), M.worker_id.in_(visible_ids)]
    if f.date_from:
        cond.append(M.created_at >= _local_midnight(f.date_from, tz))
    if f.date_to:
        cond.append(M.created_at < _local_midnight(f.date_to + timedelta(days=1), tz))
    if f.intent == NO_INTENT:
        cond.append(M.intent.is_(None))
    elif f.intent:
        cond.append(M.intent == f.intent)
    if f.flow:
        cond.append(M.flow == f.flow)
    if f.step:
        cond.append(M.step == f.step)
    if f.max_confidence is not None:
        cond.append(M.confidence <= f.max_confidence)
    if f.not_understood:
        cond.append(M.understood.is_(False))
    return cond


@dataclass(frozen=True)
class ReviewRow:
    message_id: int
    created_at: datetime
    worker_id: int
    worker_name: str
    text: str
    intent: str | None
    confidence: float | None
    flow: str | None
    step: str | None
    understood: bool | None


def _rows_stmt(coach: Coach, f: ReviewFilters, tz: ZoneInfo) -> Select[Any]:
    return (
        select(
            M.id,
            M.created_at,
            M.worker_id,
            Worker.first_name,
            M.text,
            M.intent,
            M.confidence,
            M.flow,
            M.step,
            M.understood,
        )
        .join(Worker, Worker.id == M.worker_id)
        .where(*_conditions(coach, f, tz))
        .order_by(M.created_at.desc(), M.id.desc())
    )


def _row(r: Any) -> ReviewRow:
    mid, at, wid, first_name, text, intent, conf, flow, step, understood = r
    return ReviewRow(
        mid, at, wid, first_name or f"Worker {wid}", text, intent, conf, flow, step, understood
    )


def review_page(
    session: Session, coach: Coach, f: ReviewFilters, tz: ZoneInfo, page: int = 1
) -> tuple[list[ReviewRow], int]:
    """One page of the queue (newest first) and the number of matching messages."""
    page = max(1, page)
    total = (
        session.scalar(select(func.count()).select_from(M).where(*_conditions(coach, f, tz))) or 0
    )
    rows = session.execute(
        _rows_stmt(coach, f, tz).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return [_row(r) for r in rows], total


def filter_choices(session: Session, coach: Coach) -> tuple[list[str], list[str]]:
    """The intents and flow/steps that occur in this coach's queue, for the filter menus."""
    visible_ids = visible_workers(coach).with_only_columns(Worker.id).scalar_subquery()
    base = [_is_candidate(), M.worker_id.in_(visible_ids)]
    intents = [
        i
        for i in session.scalars(
            select(M.intent).where(*base, M.intent.is_not(None)).distinct().order_by(M.intent)
        )
        if i is not None  # the query leaves none out; this tells the type checker so
    ]
    steps = [
        f"{fl}/{st}"
        for fl, st in session.execute(
            select(M.flow, M.step)
            .where(*base, M.flow.is_not(None))
            .distinct()
            .order_by(M.flow, M.step)
        )
    ]
    return intents, steps


def export_worker_ids(
    session: Session, coach: Coach, f: ReviewFilters, tz: ZoneInfo
) -> tuple[list[int], int]:
    """Who an export covers, and how many rows it will have (at most CSV_ROW_CAP): for the
    audit row, written before the file streams."""
    cond = _conditions(coach, f, tz)
    ids = sorted(session.scalars(select(M.worker_id).where(*cond).distinct()))
    total = session.scalar(select(func.count()).select_from(M).where(*cond)) or 0
    return ids, min(total, CSV_ROW_CAP)


CSV_HEADER = ("created_at", "worker_id", "text", "intent_guess", "confidence", "flow", "step")


def csv_rows(
    session: Session, coach: Coach, f: ReviewFilters, tz: ZoneInfo
) -> Iterator[list[object]]:
    """The export's rows, newest first, read in batches (at most CSV_ROW_CAP)."""
    stmt = (
        select(M.created_at, M.worker_id, M.text, M.intent, M.confidence, M.flow, M.step)
        .where(*_conditions(coach, f, tz))
        .order_by(M.created_at.desc(), M.id.desc())
        .limit(CSV_ROW_CAP)
        .execution_options(yield_per=1000)
    )
    for at, wid, text, intent, conf, flow, step in session.execute(stmt):
        yield [
            at.astimezone(UTC).isoformat(timespec="seconds"),
            wid,
            text,
            intent or "",
            "" if conf is None else round(conf, 3),
            flow or "",
            step or "",
        ]
