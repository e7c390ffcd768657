"""Who needs the coach, and where each worker is: stage and flags derived from recorded facts.

The derivation is pure (plain values in, plain values out) so it is tested without a database;
`coach_web.queries` loads the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from coach_web.impact import EarningsPoint

STAGES = (
    "onboarding",
    "goal set",
    "course saved",
    "applied",
    "enrolled",
    "completed",
    "in work progression",
)
_PLAN_STAGE = {
    "saved": "course saved",
    "applied": "applied",
    "enrolled": "enrolled",
    "completed": "completed",
}
APPLIED_OR_LATER = frozenset({"applied", "enrolled", "completed"})

# Flag kinds as the coach sees them. Stored WorkerFlag kinds are matched loosely (the bot's
# flows name them), derived ones are computed here.
FLAG_LABELS = {
    "crisis": "Said they may harm themselves: contact today",
    "missed_checkins": "Missed check-ins",
    "struggling": "Struggling",
    "asked_for_human": "Asked for a human",
    "free_not_applied": "Free course, not applied",
    "pay_rise": "Pay rise",
    "underpaid": "May be underpaid",
    "vacancy_fits": "A new vacancy fits their goal",
}
# Good news is shown, but does not push a worker up the "needs you" list.
GOOD_NEWS = frozenset({"pay_rise"})


def canonical_flag_kind(kind: str) -> str:
    k = kind.strip().lower()
    if "missed" in k:
        return "missed_checkins"
    if "struggl" in k:
        return "struggling"
    if "human" in k or "coach" in k or "handoff" in k:
        return "asked_for_human"
    if "free" in k and "appl" in k:
        return "free_not_applied"
    if "rise" in k or "raise" in k:
        return "pay_rise"
    return k


def flag_label(kind: str) -> str:
    return FLAG_LABELS.get(kind, kind.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Flag:
    kind: str
    label: str
    detail: str | None = None
    message_id: int | None = None
    derived: bool = False

    @property
    def needs_coach(self) -> bool:
        return self.kind not in GOOD_NEWS


@dataclass(frozen=True)
class StoredFlag:
    kind: str
    detail: str | None
    message_id: int | None
    resolved: bool = False


def pounds(pence: int | float | None) -> str:
    if pence is None:
        return "-"
    sign = "-" if pence < 0 else ""
    return f"{sign}£{abs(pence) / 100:,.2f}"


def pay_rise(earnings: Sequence[EarningsPoint]) -> tuple[int, int] | None:
    """(baseline, latest) hourly pay in pence when the latest is above the first baseline."""
    baselines = [p for p in earnings if p.source == "baseline" and p.hourly_pay_pence]
    if not baselines:
        return None
    base = min(baselines, key=lambda p: p.recorded_at)
    later = [
        p for p in earnings if p.recorded_at > base.recorded_at and p.hourly_pay_pence is not None
    ]
    if not later:
        return None
    latest = max(later, key=lambda p: p.recorded_at)
    assert base.hourly_pay_pence is not None and latest.hourly_pay_pence is not None
    if latest.hourly_pay_pence > base.hourly_pay_pence:
        return base.hourly_pay_pence, latest.hourly_pay_pence
    return None


def derive_stage(
    *, worker_status: str, has_goal: bool, plan_statuses: Iterable[str], had_pay_rise: bool
) -> str:
    """The furthest step the worker has reached."""
    if had_pay_rise:
        return "in work progression"
    reached = [_PLAN_STAGE[s] for s in plan_statuses if s in _PLAN_STAGE]
    if reached:
        return max(reached, key=STAGES.index)
    if has_goal:
        return "goal set"
    return "onboarding"


def missed_since_last_answer(checkins: Iterable[tuple[datetime, str]]) -> int:
    """Missed check-ins after the last answered one (check-ins as (due_at, status))."""
    missed = 0
    for _due, status in sorted(checkins, key=lambda c: c[0]):
        if status == "answered":
            missed = 0
        elif status == "missed":
            missed += 1
    return missed


def derive_flags(
    *,
    stored: Iterable[StoredFlag],
    checkins: Iterable[tuple[datetime, str]],
    funding_outcomes: Iterable[str],
    plan_statuses: Iterable[str],
    earnings: Sequence[EarningsPoint],
) -> list[Flag]:
    """Open stored flags plus the ones the records imply, one per kind."""
    flags: dict[str, Flag] = {}
    for f in stored:
        if f.resolved:
            continue
        kind = canonical_flag_kind(f.kind)
        if kind not in flags:
            flags[kind] = Flag(kind, flag_label(kind), f.detail, f.message_id)
    missed = missed_since_last_answer(checkins)
    if missed and "missed_checkins" not in flags:
        flags["missed_checkins"] = Flag(
            "missed_checkins",
            FLAG_LABELS["missed_checkins"],
            f"{missed} missed in a row",
            derived=True,
        )
    statuses = set(plan_statuses)
    if any(o == "free" for o in funding_outcomes) and not statuses & APPLIED_OR_LATER:
        flags.setdefault(
            "free_not_applied",
            Flag(
                "free_not_applied",
                FLAG_LABELS["free_not_applied"],
                "Eligible for a free course but has not applied yet",
                derived=True,
            ),
        )
    rise = pay_rise(earnings)
    if rise:
        base, latest = rise
        flags.setdefault(
            "pay_rise",
            Flag(
                "pay_rise",
                FLAG_LABELS["pay_rise"],
                f"{pounds(base)} to {pounds(latest)} an hour ({(latest - base) / base:+.0%})",
                derived=True,
            ),
        )
    order = list(FLAG_LABELS)
    return sorted(flags.values(), key=lambda f: order.index(f.kind) if f.kind in order else 99)


@dataclass(frozen=True)
class CaseloadRow:
    worker_id: int
    name: str
    postcode_district: str | None
    status: str
    stage: str
    last_contact_at: datetime | None
    next_checkin_at: datetime | None
    coach_name: str | None = None
    flags: list[Flag] = field(default_factory=list)
    open_applications: int = 0  # saved, applied, interview or offer
    moved_job: bool = False  # a job move (coach_web.impact.job_moves)

    @property
    def attention(self) -> int:
        return sum(1 for f in self.flags if f.needs_coach)


# The caseload's jobs filter: key -> label
JOB_FILTERS = {
    "open": "Has an application open",
    "moved": "Moved job",
}

SORTS = {
    "attention": "Needs you first",
    "name": "Name",
    "last_contact": "Last contact (oldest first)",
    "next_checkin": "Next check-in (soonest first)",
    "stage": "Stage",
}


def _normalise(text: str) -> str:
    return "".join(text.split()).upper()


def filter_rows(
    rows: Iterable[CaseloadRow],
    *,
    q: str = "",
    stage: str = "",
    flag: str = "",
    jobs: str = "",
) -> list[CaseloadRow]:
    """Search by name (anywhere in it) or postcode district (from its start)."""
    q = q.strip()
    out = []
    for row in rows:
        if stage and row.stage != stage:
            continue
        if (jobs == "open" and not row.open_applications) or (
            jobs == "moved" and not row.moved_job
        ):
            continue
        if flag == "any" and not row.attention:
            continue
        if flag and flag != "any" and not any(f.kind == flag for f in row.flags):
            continue
        if q:
            in_name = q.casefold() in row.name.casefold()
            in_district = bool(row.postcode_district) and _normalise(
                row.postcode_district or ""
            ).startswith(_normalise(q))
            if not (in_name or in_district):
                continue
        out.append(row)
    return out


def _time_key(value: datetime | None, *, missing_first: bool) -> tuple[int, float]:
    if value is None:
        return (0 if missing_first else 1, 0.0)
    return (1 if missing_first else 0, value.timestamp())


def sort_rows(rows: Iterable[CaseloadRow], sort: str = "attention") -> list[CaseloadRow]:
    rows = list(rows)
    if sort == "name":
        return sorted(rows, key=lambda r: (r.name.casefold(), r.worker_id))
    if sort == "last_contact":  # never contacted first: they need a look most
        return sorted(
            rows, key=lambda r: (_time_key(r.last_contact_at, missing_first=True), r.worker_id)
        )
    if sort == "next_checkin":
        return sorted(
            rows, key=lambda r: (_time_key(r.next_checkin_at, missing_first=False), r.worker_id)
        )
    if sort == "stage":
        return sorted(rows, key=lambda r: (STAGES.index(r.stage), r.name.casefold(), r.worker_id))
    return sorted(
        rows,
        key=lambda r: (-r.attention, _time_key(r.last_contact_at, missing_first=True), r.worker_id),
    )
