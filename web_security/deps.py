"""The FastAPI dependencies the front ends declare in their route signatures.

    def add_note(form: CheckedForm, worker: VisibleWorker, coach: CurrentCoach, db: DbSession)

says what the route needs: a form with the right CSRF token, a worker this coach may see, the
signed-in coach, a database session (one per request, shared by all of them). Each refusal is
an exception the front end's route class answers its own way (login page, 403, 404).

- `CurrentCoach`: the coach signed in to the coach app (bound to their password hash, so a new
  password ends every old sign-in).
- `VisibleWorker`: `{worker_id}` from the path, when this coach may see that worker (the access
  rule in web_security.access); otherwise the refusal is audited and the answer is 404.
- `CurrentProvider` / `ProviderOrNone`: who signed in to the provider upload pages (a provider
  login `user:<id>` or an API key `key:<prefix>`, as `edit.Actor`).
- `ApiProvider`: the provider whose API key came with this API call (Bearer or X-API-Key); a
  refused key is audited (never its secret) and answered 401.
- `OwnedCourse`, `OwnedRun`, `OwnedVenue`: `{course_id}` (...) from the path, when it is the API
  caller's; another provider's is 404, the same as one that does not exist.
- `CurrentEmployer` / `EmployerOrNone`: who signed in to the employer pages (an employer login
  `user:<id>` or an API key `key:<prefix>`, as `jobs.access.Actor`).
- `ApiEmployer`: the employer whose API key (`sej_...`) came with this API call; refused keys are
  audited and answered 401, as for providers.
- `OwnedVacancy`, `OwnedPathway` (API) and `EmployerVacancy`, `EmployerPathway` (pages):
  `{vacancy_id}` / `{pathway_id}` from the path, when it is the caller's; anyone else's is 404.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_catalogue import edit
from course_catalogue.provider_auth import api_key_problem, verify_api_key
from db import audit
from db.ids import valid_id
from db.models import (
    CareerPathway,
    Coach,
    Course,
    CourseRun,
    Employer,
    EmployerApiKey,
    EmployerUser,
    Provider,
    ProviderApiKey,
    ProviderUser,
    Vacancy,
    Venue,
    Worker,
)
from jobs import access as jobs_access
from jobs import employer_auth
from web_security.access import get_visible_worker
from web_security.csrf import CheckedForm
from web_security.database import DbSession
from web_security.front import NotFound
from web_security.ids import PathId
from web_security.logins import ClientIp
from web_security.principals import current_principal, optional_principal

__all__ = [
    "ApiEmployer",
    "ApiProvider",
    "CheckedForm",
    "ClientIp",
    "CurrentCoach",
    "CurrentEmployer",
    "CurrentProvider",
    "DbSession",
    "EmployerOrNone",
    "EmployerPathway",
    "EmployerVacancy",
    "OwnedCourse",
    "OwnedPathway",
    "OwnedRun",
    "OwnedVacancy",
    "OwnedVenue",
    "PathId",
    "ProviderOrNone",
    "VisibleWorker",
]


def _int_subject(subject: str) -> int | None:
    return int(subject) if subject.isdigit() and valid_id(int(subject)) else None


# --- coaches -------------------------------------------------------------------------------------
def load_coach(db: Session, subject: str) -> Coach | None:
    coach_id = _int_subject(subject)
    return None if coach_id is None else db.get(Coach, coach_id)


def _password(coach: Coach) -> str:
    return coach.password_hash


CurrentCoach = Annotated[Coach, Depends(current_principal("coach", load_coach, bind=_password))]


def visible_worker(worker_id: PathId, coach: CurrentCoach, db: DbSession) -> Worker:
    worker = get_visible_worker(db, coach, worker_id)
    if worker is None:
        audit.record(
            db,
            actor_type="coach",
            actor_id=coach.id,
            action="view_worker_denied",
            entity_type="worker",
            entity_id=worker_id,
        )
        db.commit()
        raise NotFound(coach)
    return worker


VisibleWorker = Annotated[Worker, Depends(visible_worker)]


# --- providers: upload pages (signed in) ---------------------------------------------------------
def load_provider(db: Session, subject: str) -> edit.Actor | None:
    """`user:<id>` while that login exists; `key:<prefix>` while that key is not revoked."""
    kind, _, ident = subject.partition(":")
    provider_id: int | None = None
    if kind == "user":
        user_id = _int_subject(ident)
        user = None if user_id is None else db.get(ProviderUser, user_id)
        provider_id = None if user is None else user.provider_id
    elif kind == "key":
        key = db.scalars(select(ProviderApiKey).where(ProviderApiKey.prefix == ident)).first()
        provider_id = None if key is None or key.revoked_at is not None else key.provider_id
    if provider_id is None or db.get(Provider, provider_id) is None:
        return None
    return edit.Actor(provider_id=provider_id, actor_id=f"{kind}:{ident}")


CurrentProvider = Annotated[edit.Actor, Depends(current_principal("provider", load_provider))]
ProviderOrNone = Annotated[
    edit.Actor | None, Depends(optional_principal("provider", load_provider))
]


# --- providers: the JSON API (an API key on every call) -------------------------------------------
_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer se_<prefix>_<secret>")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="se_<prefix>_<secret>")


def api_provider(
    request: Request,
    db: DbSession,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header_key: Annotated[str | None, Depends(_api_key)],
) -> edit.Actor:
    key = header_key or (bearer.credentials if bearer else None)
    row = verify_api_key(db, key) if key else None
    if row is None and key:
        # a key was sent and refused: on record (the claimed prefix, never the secret)
        reason, prefix = api_key_problem(db, key)
        audit.record(
            db,
            actor_type="provider",
            actor_id=f"key:{prefix}" if prefix else None,
            action="provider.api_key_refused",
            entity_type="provider_api",
            detail={
                "reason": reason,
                "method": request.method,
                "path": request.url.path,
                "ip": request.client.host if request.client else None,
            },
        )
        db.commit()
    if row is None:
        raise HTTPException(
            401,
            "Send a valid API key: Authorization: Bearer se_...",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return edit.Actor(provider_id=row.provider_id, actor_id=f"key:{row.prefix}")


ApiProvider = Annotated[edit.Actor, Depends(api_provider)]


def owned_course(course_id: PathId, actor: ApiProvider, db: DbSession) -> Course:
    course = edit.get_course(db, actor.provider_id, course_id)
    if course is None:
        raise NotFound(actor)
    return course


def owned_run(run_id: PathId, actor: ApiProvider, db: DbSession) -> CourseRun:
    run = edit.get_run(db, actor.provider_id, run_id)
    if run is None:
        raise NotFound(actor)
    return run


def owned_venue(venue_id: PathId, actor: ApiProvider, db: DbSession) -> Venue:
    venue = edit.get_venue(db, actor.provider_id, venue_id)
    if venue is None:
        raise NotFound(actor)
    return venue


OwnedCourse = Annotated[Course, Depends(owned_course)]
OwnedRun = Annotated[CourseRun, Depends(owned_run)]
OwnedVenue = Annotated[Venue, Depends(owned_venue)]


# --- employers: pages (signed in) and the JSON API (a key on every call) ----------------------
def load_employer(db: Session, subject: str) -> jobs_access.Actor | None:
    """`user:<id>` while that login exists; `key:<prefix>` while that key is not revoked."""
    kind, _, ident = subject.partition(":")
    employer_id: int | None = None
    if kind == "user":
        user_id = _int_subject(ident)
        user = None if user_id is None else db.get(EmployerUser, user_id)
        employer_id = None if user is None else user.employer_id
    elif kind == "key":
        key = db.scalars(select(EmployerApiKey).where(EmployerApiKey.prefix == ident)).first()
        employer_id = None if key is None or key.revoked_at is not None else key.employer_id
    if employer_id is None or db.get(Employer, employer_id) is None:
        return None
    return jobs_access.Actor(employer_id=employer_id, actor_id=f"{kind}:{ident}")


CurrentEmployer = Annotated[
    jobs_access.Actor, Depends(current_principal("employer", load_employer))
]
EmployerOrNone = Annotated[
    jobs_access.Actor | None, Depends(optional_principal("employer", load_employer))
]

_employer_bearer = HTTPBearer(
    auto_error=False, description="Authorization: Bearer sej_<prefix>_<secret>"
)
_employer_key = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="sej_<prefix>_<secret>"
)


def api_employer(
    request: Request,
    db: DbSession,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_employer_bearer)],
    header_key: Annotated[str | None, Depends(_employer_key)],
) -> jobs_access.Actor:
    key = header_key or (bearer.credentials if bearer else None)
    row = employer_auth.verify_api_key(db, key) if key else None
    if row is None and key:
        reason, prefix = employer_auth.api_key_problem(db, key)
        audit.record(
            db,
            actor_type="employer",
            actor_id=f"key:{prefix}" if prefix else None,
            action="employer.api_key_refused",
            entity_type="employer_api",
            detail={
                "reason": reason,
                "method": request.method,
                "path": request.url.path,
                "ip": request.client.host if request.client else None,
            },
        )
        db.commit()
    if row is None:
        raise HTTPException(
            401,
            "Send a valid API key: Authorization: Bearer sej_...",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return jobs_access.Actor(employer_id=row.employer_id, actor_id=f"key:{row.prefix}")


ApiEmployer = Annotated[jobs_access.Actor, Depends(api_employer)]


def owned_vacancy(vacancy_id: PathId, actor: ApiEmployer, db: DbSession) -> Vacancy:
    vacancy = jobs_access.get_vacancy(db, actor.employer_id, vacancy_id)
    if vacancy is None:
        raise NotFound(actor)
    return vacancy


def owned_pathway(pathway_id: PathId, actor: ApiEmployer, db: DbSession) -> CareerPathway:
    step = jobs_access.get_pathway(db, actor.employer_id, pathway_id)
    if step is None:
        raise NotFound(actor)
    return step


def employer_vacancy(vacancy_id: PathId, actor: CurrentEmployer, db: DbSession) -> Vacancy:
    vacancy = jobs_access.get_vacancy(db, actor.employer_id, vacancy_id)
    if vacancy is None:
        raise NotFound(actor)
    return vacancy


def employer_pathway(step_id: PathId, actor: CurrentEmployer, db: DbSession) -> CareerPathway:
    step = jobs_access.get_pathway(db, actor.employer_id, step_id)
    if step is None:
        raise NotFound(actor)
    return step


OwnedVacancy = Annotated[Vacancy, Depends(owned_vacancy)]
OwnedPathway = Annotated[CareerPathway, Depends(owned_pathway)]
EmployerVacancy = Annotated[Vacancy, Depends(employer_vacancy)]
EmployerPathway = Annotated[CareerPathway, Depends(employer_pathway)]
