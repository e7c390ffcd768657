"""Who may see and change what: an employer sees and changes only its own vacancies and
pathways. Asking for another employer's row gives None (the API answers 404, the same as
for a row that does not exist), so nobody can probe for other employers' ids.

Every write goes through an `Actor`, which also puts it on the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db import audit
from db.ids import valid_id
from db.models import CareerPathway, Vacancy


class Invalid(Exception):
    """Input broke one or more rules: (field, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(m for _, m in errors))
        self.errors = errors


class Conflict(Exception):
    """The change clashes with something stored (a reference already in use)."""


@dataclass(frozen=True)
class Actor:
    """An employer's user ("user:3") or API key ("key:ab12cd34") making a change."""

    employer_id: int
    actor_id: str

    def record(
        self,
        session: Session,
        action: str,
        entity: str,
        entity_id: int | None,
        detail: dict[str, object] | None = None,
    ) -> None:
        audit.record(
            session,
            actor_type="employer",
            actor_id=self.actor_id,
            action=action,
            entity_type=entity,
            entity_id=entity_id,
            detail={"employer_id": self.employer_id, **(detail or {})},
        )


def get_vacancy(session: Session, employer_id: int, vacancy_id: object) -> Vacancy | None:
    """This employer's vacancy (open, closed or expired), or None."""
    if not valid_id(vacancy_id):
        return None
    return session.scalars(
        select(Vacancy)
        .where(Vacancy.id == vacancy_id, Vacancy.employer_id == employer_id)
        .options(selectinload(Vacancy.shifts), selectinload(Vacancy.courses))
    ).first()


def list_vacancies(session: Session, employer_id: int) -> list[Vacancy]:
    """All of this employer's vacancies, newest closing date first."""
    return list(
        session.scalars(
            select(Vacancy)
            .where(Vacancy.employer_id == employer_id)
            .options(selectinload(Vacancy.shifts), selectinload(Vacancy.courses))
            .order_by(Vacancy.closing_date.desc(), Vacancy.id.desc())
        )
    )


def get_pathway(session: Session, employer_id: int, pathway_id: object) -> CareerPathway | None:
    if not valid_id(pathway_id):
        return None
    return session.scalars(
        select(CareerPathway).where(
            CareerPathway.id == pathway_id, CareerPathway.employer_id == employer_id
        )
    ).first()


def list_pathways(session: Session, employer_id: int) -> list[CareerPathway]:
    return list(
        session.scalars(
            select(CareerPathway)
            .where(CareerPathway.employer_id == employer_id)
            .order_by(CareerPathway.sector, CareerPathway.role, CareerPathway.id)
        )
    )
