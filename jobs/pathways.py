"""Career pathways: employers' job ladders, and the "typical next steps" look-up the bot uses.

An employer publishes its ladder one step at a time (`CareerPathway`: role -> next role, the
next role's pay, what is needed, typical months). `next_steps(session, sector, role)` answers
the bot's "what could I do next?" for a sector: steps employers have published come first
(real roles with real pay), and the general table in `labour_market` (the roles the bot has
always shown, with ONS typical pay) fills the rest. The flows ask for it as a look-up
(`flows.core.NextSteps`), and `bot/conversation.py` calls this function.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import CareerPathway, Employer
from jobs.access import Actor, Conflict, Invalid
from jobs.validate import PathwayRecord, validate_pathway_row
from labour_market import ROLES, typical_pay

DEFAULT_LIMIT = 3


@dataclass(frozen=True)
class NextStep:
    """One next role for a worker to consider.

    source: "employer" (published by one or more employers: `employers`, pay an hour, what is
    needed, typical months) or "typical" (the general table: `typical_annual_gbp` is the ONS
    median full-time pay for its SOC group, when there is one).
    """

    role: str
    source: str
    employers: tuple[str, ...] = ()
    pay_min_pence: int | None = None
    pay_max_pence: int | None = None
    requirements: str | None = None
    typical_months: int | None = None
    soc2020: str | None = None
    typical_annual_gbp: int | None = None


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().replace("-", " ").split())


def next_steps(
    session: Session,
    sector: str | None,
    current_role: str | None = None,
    *,
    current_soc2020: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[NextStep]:
    """Up to `limit` next roles for a worker in `sector`, employers' published steps first.

    Steps up from the worker's own role (same name or SOC code) come before other steps in the
    sector; among those, roles more employers publish, then better paid ones. The worker's own
    role is never offered as a next step. With no published steps the answer is exactly the
    general table for the sector (`labour_market.ROLES`), as the bot showed before.
    """
    me = _norm(current_role)
    out: list[NextStep] = []
    if sector:
        rows = session.execute(
            select(CareerPathway, Employer.name)
            .join(Employer, Employer.id == CareerPathway.employer_id)
            .where(CareerPathway.sector == sector)
            .order_by(CareerPathway.id)
        ).all()
        groups: dict[str, list[tuple[CareerPathway, str]]] = {}
        for step, employer in rows:
            if me and _norm(step.next_role) == me:
                continue
            groups.setdefault(_norm(step.next_role), []).append((step, employer))

        def from_me(items: list[tuple[CareerPathway, str]]) -> bool:
            return any(
                (me and _norm(s.role) == me)
                or (current_soc2020 and s.role_soc2020 == current_soc2020)
                for s, _ in items
            )

        def best_pay(items: list[tuple[CareerPathway, str]]) -> int:
            return max((s.next_pay_max_pence or s.next_pay_min_pence or 0) for s, _ in items)

        ranked = sorted(
            groups.values(),
            key=lambda items: (
                not from_me(items),
                -len({e for _, e in items}),
                -best_pay(items),
                _norm(items[0][0].next_role),
            ),
        )
        for items in ranked:
            first = items[0][0]
            mins = [s.next_pay_min_pence for s, _ in items if s.next_pay_min_pence]
            maxes = [s.next_pay_max_pence or s.next_pay_min_pence for s, _ in items]
            months = [s.typical_months for s, _ in items if s.typical_months]
            out.append(
                NextStep(
                    role=first.next_role,
                    source="employer",
                    employers=tuple(sorted({e for _, e in items})),
                    pay_min_pence=min(mins) if mins else None,
                    pay_max_pence=max((m for m in maxes if m), default=None) if mins else None,
                    requirements=first.requirements,
                    typical_months=min(months) if months else None,
                    soc2020=first.next_soc2020,
                )
            )
    seen = {_norm(s.role) for s in out}
    for role in ROLES:
        if role.sector != (sector or "other") or _norm(role.role) in seen or _norm(role.role) == me:
            continue
        pay = typical_pay(role.role, role.sector)
        out.append(
            NextStep(
                role=role.role,
                source="typical",
                soc2020=role.soc2020,
                typical_annual_gbp=pay.median_annual_gbp if pay else None,
            )
        )
        seen.add(_norm(role.role))
    return out[:limit]


# --- writing (scoped to one employer) ----------------------------------------------------------
def write(
    session: Session, employer_id: int, record: PathwayRecord, step: CareerPathway | None
) -> tuple[CareerPathway, bool]:
    values = record.values()
    if step is None:
        step = CareerPathway(employer_id=employer_id, **values)
        session.add(step)
        return step, True
    changed = False
    for key, value in values.items():
        if getattr(step, key) != value:
            setattr(step, key, value)
            changed = True
    return step, changed


def _check(row: Mapping[str, str], today: date) -> PathwayRecord:
    record, errors = validate_pathway_row(0, row, today)
    if errors or record is None:
        raise Invalid([(e.column.lower() or "row", e.message) for e in errors])
    return record


def _reference_taken(
    session: Session, employer_id: int, reference: str, other_than: int | None
) -> bool:
    query = select(CareerPathway.id).where(
        CareerPathway.employer_id == employer_id,
        func.lower(CareerPathway.your_reference) == reference.lower(),
    )
    if other_than is not None:
        query = query.where(CareerPathway.id != other_than)
    return session.scalar(query.limit(1)) is not None


def create(session: Session, actor: Actor, row: Mapping[str, str], today: date) -> CareerPathway:
    record = _check(row, today)
    if _reference_taken(session, actor.employer_id, record.your_reference, None):
        raise Conflict(
            f"You already have this pathway step ({record.role} to {record.next_role}); "
            "change that one instead"
        )
    step, _ = write(session, actor.employer_id, record, None)
    session.flush()
    actor.record(session, "pathway.create", "career_pathway", step.id)
    return step


def update(
    session: Session,
    actor: Actor,
    step: CareerPathway,
    row: Mapping[str, str],
    today: date,
) -> CareerPathway:
    record = _check(row, today)
    if _reference_taken(session, actor.employer_id, record.your_reference, step.id):
        raise Conflict(
            f"You already have a pathway step with the reference {record.your_reference}"
        )
    _, changed = write(session, actor.employer_id, record, step)
    if changed:
        actor.record(session, "pathway.update", "career_pathway", step.id)
    return step


def delete_step(session: Session, actor: Actor, step: CareerPathway) -> None:
    actor.record(session, "pathway.delete", "career_pathway", step.id)
    session.delete(step)
