"""Worker summaries: what the coach pages sort, filter and count by, kept up to date.

A caseload of 50,000 workers cannot be worked out from every record on each page view (it
grew linearly: 918 ms at 5,000). Each worker's stage, flags, last contact, next check-in and
impact outcome are worked out by the same pure functions as before (coach_web.caseload,
coach_web.impact) and kept in `worker_summaries`; pages read one indexed table.

Freshness without trusting every code path: database triggers (migration scale_1) put a
worker in `worker_summary_dirty` whenever one of their records changes, whoever changes it.
Dirty workers are worked out again
  * in the background (`SummaryRefresher`, every couple of seconds, in `escalator run`), and
  * for the coach's own workers just before each caseload or impact page (`refresh_dirty`,
    up to `PAGE_REFRESH_LIMIT`), so a page shows what was committed before it was asked for.
A claim is a `DELETE ... RETURNING` committed on its own, so a page never makes a worker's
next message wait; a change committed meanwhile marks the worker dirty again. If working a
batch out fails, its workers are marked dirty again. `SUMMARY_VERSION` changes when the shape
of what is kept changes (and by hand, `DERIVATION`, when the rules do): at start-up every
worker with an older summary is marked dirty and worked out again in the background.

Rebuild everything by hand: `.venv/bin/python -m coach_web.summaries rebuild`.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from coach_web.caseload import FLAG_LABELS, STAGES, CaseloadRow, Flag
from coach_web.impact import WorkerOutcome, worker_outcome
from coach_web.outcomes import GoalOutcome
from coach_web.queries import caseload_rows, impact_records_for, outcome_values
from db.models import Coach, Worker, WorkerSummary, WorkerSummaryDirty
from db.types import utcnow

log = logging.getLogger("escalator.coach_web.summaries")

DERIVATION = 6  # bump when the rules in caseload.py / impact.py change what a summary holds
BATCH = 500  # workers worked out together
PAGE_REFRESH_LIMIT = 1000  # dirty workers a page works out before it reads
REFRESH_EVERY = 2.0  # seconds between background passes
FAR_PAST = datetime(1970, 1, 1, tzinfo=UTC)  # "never contacted" sorts first
FAR_FUTURE = datetime(9999, 12, 31, tzinfo=UTC)  # "no check-in booked" sorts last


# WorkerOutcome's fields kept as columns too, for the impact report's SQL aggregate
MEASURES = (
    "baseline_hourly_pence",
    "latest_hourly_pence",
    "hourly_change_pct",
    "baseline_weekly_pence",
    "latest_weekly_pence",
    "weekly_change_pct",
    "rise_over_10pct",
    "at_or_above_living_wage",
    "courses_started",
    "courses_completed",
    "improved",
    "moved_job",
    "job_move_before_pence",
    "job_move_after_pence",
)
GOAL_MEASURES = (
    "wanted_more_hours",
    "more_hours",
    "started_insecure",
    "moved_off_insecure",
    "wanted_better_shifts",
    "better_shifts",
)


def _goal_columns(goal: GoalOutcome | None) -> dict[str, Any]:
    if goal is None:
        return {"goal_kinds": None, **{name: None for name in GOAL_MEASURES}}
    kinds = "|" + "".join(f"{k}|" for k in sorted(set(goal.kinds)))
    return {"goal_kinds": kinds[:64], **{name: getattr(goal, name) for name in GOAL_MEASURES}}


def _version() -> str:
    shape = repr(
        (
            [f.name for f in fields(WorkerOutcome)],
            [f.name for f in fields(GoalOutcome)],
            [f.name for f in fields(Flag)],
            STAGES,
            tuple(FLAG_LABELS),
        )
    )
    return f"{DERIVATION}-{hashlib.sha256(shape.encode()).hexdigest()[:12]}"


SUMMARY_VERSION = _version()


def summary_values(
    row: CaseloadRow, outcome: WorkerOutcome | None, now: datetime
) -> dict[str, Any]:
    """One worker_summaries row from the derived facts."""
    attention = row.attention
    return {
        "worker_id": row.worker_id,
        "sort_name": row.name.casefold()[:80],
        "district_key": "".join((row.postcode_district or "").split()).upper()[:8],
        "stage": row.stage,
        "stage_rank": STAGES.index(row.stage),
        "attention": attention,
        "flag_kinds": "|" + "".join(f"{f.kind}|" for f in row.flags),
        "flags": [asdict(f) for f in row.flags],
        "last_contact_at": row.last_contact_at,
        "next_checkin_at": row.next_checkin_at,
        "attention_key": -attention,
        "contact_key": row.last_contact_at or FAR_PAST,
        "checkin_key": row.next_checkin_at or FAR_FUTURE,
        "outcome": outcome_values(outcome) if outcome is not None else None,
        "open_applications": row.open_applications,
        **{name: getattr(outcome, name, None) for name in MEASURES},
        **_goal_columns(outcome.goal if outcome is not None else None),
        "version": SUMMARY_VERSION,
        "computed_at": now,
    }


def refresh(session: Session, worker_ids: Sequence[int]) -> int:
    """Work out the summaries of these workers again (in the caller's transaction)."""
    ids = sorted(set(worker_ids))
    if not ids:
        return 0
    rows = caseload_rows(session, ids)
    outcomes = {r.worker_id: worker_outcome(r) for r in impact_records_for(session, ids)}
    now = utcnow()
    values = [summary_values(r, outcomes.get(r.worker_id), now) for r in rows]
    if values:
        _upsert(session, values)
    return len(values)


def _insert_for(session: Session) -> Callable[[Any], Any]:
    """The dialect's INSERT (both have ON CONFLICT), so one upsert serves SQLite and PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert
    return sqlite.insert


def _upsert(session: Session, values: list[dict[str, Any]]) -> None:
    dialect_insert = _insert_for(session)
    stmt = dialect_insert(WorkerSummary)
    columns = {k: stmt.excluded[k] for k in values[0] if k != "worker_id"}
    session.execute(stmt.on_conflict_do_update(index_elements=["worker_id"], set_=columns), values)


def claim_dirty(session: Session, limit: int, coach: Coach | None = None) -> list[int]:
    """Take up to `limit` dirty workers (only this coach's, unless an admin or None) off the
    list and return their ids. The caller commits the claim before working them out."""
    D = WorkerSummaryDirty
    pick = select(D.worker_id)
    if coach is not None and coach.role != "admin":
        pick = pick.join(Worker, Worker.id == D.worker_id).where(Worker.coach_id == coach.id)
    pick = pick.order_by(D.worker_id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(of=D, skip_locked=True)
        return list(
            session.scalars(
                delete(D).where(D.worker_id.in_(pick.scalar_subquery())).returning(D.worker_id)
            )
        )
    ids = list(session.scalars(pick))
    if ids:
        session.execute(delete(D).where(D.worker_id.in_(ids)))
    return ids


def mark_dirty(session: Session, worker_ids: Sequence[int]) -> None:
    dialect_insert = _insert_for(session)
    if worker_ids:
        session.execute(
            dialect_insert(WorkerSummaryDirty).on_conflict_do_nothing(),
            [{"worker_id": i} for i in worker_ids],
        )


def refresh_dirty(
    session_factory: sessionmaker[Session],
    *,
    limit: int = BATCH,
    coach: Coach | None = None,
) -> int:
    """Work out up to `limit` dirty workers' summaries (this coach's only, when given)."""
    done = 0
    while done < limit:
        with session_factory() as s:
            ids = claim_dirty(s, min(BATCH, limit - done), coach)
            s.commit()
        if not ids:
            break
        try:
            with session_factory() as s:
                refresh(s, ids)
                s.commit()
        except Exception:
            with session_factory() as s:  # never leave them out: dirty again, for later
                mark_dirty(s, ids)
                s.commit()
            raise
        done += len(ids)
        if len(ids) < BATCH:
            break
    return done


def dirty_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(WorkerSummaryDirty)) or 0)


def mark_outdated(session_factory: sessionmaker[Session]) -> int:
    """Mark dirty every worker whose summary is missing or from an older SUMMARY_VERSION."""
    with session_factory() as s:
        S = WorkerSummary
        outdated = list(
            s.scalars(
                select(Worker.id)
                .outerjoin(S, S.worker_id == Worker.id)
                .where(or_(S.worker_id.is_(None), S.version != SUMMARY_VERSION))
            )
        )
        for start in range(0, len(outdated), 5000):
            mark_dirty(s, outdated[start : start + 5000])
        s.commit()
        return len(outdated)


def rebuild_all(session_factory: sessionmaker[Session], progress: bool = False) -> int:
    """Every worker's summary, now (after a bulk load, or by hand)."""
    with session_factory() as s:
        mark_dirty(s, list(s.scalars(select(Worker.id))))
        s.commit()
    done = 0
    started = time.monotonic()
    while True:
        n = refresh_dirty(session_factory, limit=10 * BATCH)
        done += n
        if progress and n:
            print(f"  {done} summaries in {time.monotonic() - started:.0f} s", flush=True)
        if n == 0:
            return done


class SummaryRefresher:
    """The background pass in `escalator run`: outdated summaries at start, then dirty ones
    every `every` seconds. Any number of processes may run one (claims skip locked rows)."""

    def __init__(
        self, session_factory: sessionmaker[Session], every: float = REFRESH_EVERY
    ) -> None:
        self.session_factory = session_factory
        self.every = every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> SummaryRefresher:
        self._thread = threading.Thread(target=self._run, name="summaries", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        try:
            marked = mark_outdated(self.session_factory)
            if marked:
                log.info("Working out %d worker summaries in the background", marked)
        except Exception:
            log.warning("Could not check worker summaries", exc_info=True)
        while not self._stop.wait(self.every):
            try:
                while not self._stop.is_set() and refresh_dirty(self.session_factory) >= BATCH:
                    pass
            except Exception:
                log.warning("Worker summaries pass failed; trying again soon", exc_info=True)


def main(argv: list[str] | None = None) -> int:
    from config.settings import get_settings
    from db.engine import make_engine, make_session_factory

    p = argparse.ArgumentParser(description="Worker summaries for the coach pages.")
    p.add_argument("command", choices=["rebuild"])
    p.add_argument("--database-url", default=None)
    args = p.parse_args(argv)
    engine = make_engine(args.database_url or get_settings().database_url)
    started = time.monotonic()
    n = rebuild_all(make_session_factory(engine), progress=True)
    print(f"{n} worker summaries worked out in {time.monotonic() - started:.1f} s")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
