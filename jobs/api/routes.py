"""The employer JSON API at /employer/api (API key; documented in the service's /docs).

An employer sees and changes only its own vacancies and pathways: anyone else's is 404, the
same as one that does not exist. Who is calling (`ApiEmployer`) and which rows are theirs
(`OwnedVacancy`, `OwnedPathway`) are the web security layer's dependencies; refusals (a rule
broken, a clash, a body of the wrong shape) are answered in one place (`REFUSALS`), so every
422 has the one documented shape. Every change is audited (actor type "employer").
"""

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, Response, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session, sessionmaker

from course_catalogue.csv_format import MAX_FILE_BYTES
from course_catalogue.validate import problems_message
from db.models import Employer
from jobs import access, pathways, vacancies
from jobs.access import Actor, Conflict, Invalid
from jobs.api.models import (
    FieldError,
    FieldErrors,
    FileError,
    ImportOut,
    PathwayIn,
    PathwayOut,
    VacancyIn,
    VacancyOut,
)
from jobs.export import export_pathways, export_vacancies
from jobs.importer import import_files, refused_upload
from web_security.deps import ApiEmployer, DbSession, OwnedPathway, OwnedVacancy
from web_security.front import FrontEnd, Responder
from web_security.uploads import read_bounded
from web_security.validation import field_errors

Responses = dict[int | str, dict[str, Any]]  # FastAPI's `responses=` (OpenAPI extras)
ERRORS_422: Responses = {
    422: {
        "model": FieldErrors,
        "description": "The input broke a rule, or was not the right type (every 422 of this API "
        'has this shape: {"errors": [{"field": "pay_per_hour", "message": "..."}]})',
    }
}
NOT_FOUND: Responses = {
    404: {"description": "Not found, not yours, or not an id (a whole number from 1 to 2^31-1)"}
}
CONFLICT: Responses = {409: {"description": "Clashes with something you already have"}}
CSV: Responses = {200: {"content": {"text/csv": {}}}}
IMPORT_422: Responses = {
    422: {
        "model": ImportOut | FieldErrors,
        "description": "The files broke a rule (ImportOut, nothing was changed), or the request "
        "was not a form with files (FieldErrors)",
    }
}


def read_upload(upload: UploadFile | None) -> bytes | None:
    """Read at most one byte over the limit, so the importer can say the file is too big."""
    return read_bounded(upload, MAX_FILE_BYTES)


def _field_errors(errors: list[tuple[str, str]]) -> JSONResponse:
    body = FieldErrors(errors=[FieldError(field=f, message=m) for f, m in errors])
    return JSONResponse(body.model_dump(), status_code=422)


def _malformed(request: Request, exc: RequestValidationError) -> Response:
    """A body or query that is not even the right type: the same shape as a rule error."""
    return _field_errors(field_errors(exc))


def _invalid(request: Request, exc: Invalid) -> Response:
    return _field_errors(exc.errors)


def _conflict(request: Request, exc: Conflict) -> Response:
    return JSONResponse({"detail": str(exc)}, status_code=409)


# How the API answers a refusal, wherever it is raised: no route catches these itself.
REFUSALS: dict[type[Exception], Responder] = {
    RequestValidationError: _malformed,
    Invalid: _invalid,
    Conflict: _conflict,
}


def csv_response(data: bytes, filename: str) -> Response:
    return Response(
        data,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def run_import(
    session: Session,
    actor: Actor,
    vacancy_file: bytes | None,
    pathway_file: bytes | None,
    today: date,
) -> tuple[ImportOut, int]:
    """Import the files (all or nothing), audit, commit; (answer, HTTP status)."""
    if vacancy_file is None and pathway_file is None:
        refused_upload(session, actor.employer_id, actor.actor_id, "no file chosen")
        error = FileError(file="", row=0, column="", message="Choose at least one file to upload")
        return ImportOut(ok=False, errors=[error], message=error.message), 422
    employer = session.get(Employer, actor.employer_id)
    assert employer is not None
    result = import_files(
        session,
        employer,
        vacancy_file=vacancy_file,
        pathway_file=pathway_file,
        today=today,
        actor_id=actor.actor_id,
    )
    if not result.ok:
        session.rollback()
        refused_upload(session, actor.employer_id, actor.actor_id, "invalid files", result)
        errors = [
            FileError(file=f, row=e.row, column=e.column, message=e.message)
            for f, e in result.errors
        ]
        message = problems_message(len(errors), result.more_errors)
        return ImportOut(
            ok=False, errors=errors, more_errors=result.more_errors, message=message
        ), 422
    session.commit()
    return ImportOut(ok=True, summary=result.summary()), 200


def create_api_router(
    session_factory: sessionmaker[Session], today: Callable[[], date]
) -> APIRouter:
    """The API under /api, on its own FrontEnd (no cookie: an API key on every call)."""
    front = FrontEnd(kind="employer", session_factory=session_factory, responders=REFUSALS)
    api = front.router(prefix="/api", tags=["employer API"], responses=ERRORS_422)
    _add_vacancy_routes(api, today)
    _add_pathway_routes(api, today)
    _add_file_routes(api, today)
    return api


def _add_vacancy_routes(api: APIRouter, today: Callable[[], date]) -> None:
    @api.get("/me", summary="The employer this key belongs to")
    def me(actor: ApiEmployer, session: DbSession) -> dict[str, object]:
        employer = session.get(Employer, actor.employer_id)
        assert employer is not None
        return {"id": employer.id, "name": employer.name}

    @api.get(
        "/vacancies",
        response_model=list[VacancyOut],
        summary="Your vacancies (open, closed early, and past their closing date)",
    )
    def list_vacancies(actor: ApiEmployer, session: DbSession) -> list[VacancyOut]:
        day = today()
        return [VacancyOut.of(v, day) for v in access.list_vacancies(session, actor.employer_id)]

    @api.get("/vacancies/{vacancy_id}", response_model=VacancyOut, responses=NOT_FOUND)
    def get_vacancy(vacancy: OwnedVacancy) -> VacancyOut:
        return VacancyOut.of(vacancy, today())

    @api.post(
        "/vacancies",
        response_model=VacancyOut,
        status_code=201,
        responses=CONFLICT,
        summary="Post a vacancy",
    )
    def create_vacancy(body: VacancyIn, actor: ApiEmployer, session: DbSession) -> VacancyOut:
        vacancy = vacancies.create(session, actor, body.as_row(), today())
        session.commit()
        return VacancyOut.of(vacancy, today())

    @api.put(
        "/vacancies/{vacancy_id}",
        response_model=VacancyOut,
        responses={**NOT_FOUND, **CONFLICT},
        summary="Change a vacancy (every field, shifts and courses included)",
    )
    def update_vacancy(
        vacancy: OwnedVacancy, body: VacancyIn, actor: ApiEmployer, session: DbSession
    ) -> VacancyOut:
        vacancies.update(session, actor, vacancy, body.as_row(), today())
        session.commit()
        return VacancyOut.of(vacancy, today())

    @api.post(
        "/vacancies/{vacancy_id}/close",
        response_model=VacancyOut,
        responses=NOT_FOUND,
        summary="Close a vacancy early: workers stop seeing it at once",
    )
    def close_vacancy(vacancy: OwnedVacancy, actor: ApiEmployer, session: DbSession) -> VacancyOut:
        vacancies.close(session, actor, vacancy)
        session.commit()
        return VacancyOut.of(vacancy, today())

    @api.post(
        "/vacancies/{vacancy_id}/reopen",
        response_model=VacancyOut,
        responses=NOT_FOUND,
        summary="Reopen a vacancy closed early (its closing date must not have passed)",
    )
    def reopen_vacancy(vacancy: OwnedVacancy, actor: ApiEmployer, session: DbSession) -> VacancyOut:
        vacancies.reopen(session, actor, vacancy, today())
        session.commit()
        return VacancyOut.of(vacancy, today())

    @api.delete(
        "/vacancies/{vacancy_id}",
        status_code=204,
        responses=NOT_FOUND,
        summary="Delete a vacancy (workers who saved it keep their own copy)",
    )
    def delete_vacancy(vacancy: OwnedVacancy, actor: ApiEmployer, session: DbSession) -> Response:
        vacancies.delete_vacancy(session, actor, vacancy)
        session.commit()
        return Response(status_code=204)


def _add_pathway_routes(api: APIRouter, today: Callable[[], date]) -> None:
    @api.get("/pathways", response_model=list[PathwayOut], summary="Your career pathway steps")
    def list_pathways(actor: ApiEmployer, session: DbSession) -> list[PathwayOut]:
        return [PathwayOut.of(p) for p in access.list_pathways(session, actor.employer_id)]

    @api.get("/pathways/{pathway_id}", response_model=PathwayOut, responses=NOT_FOUND)
    def get_pathway(step: OwnedPathway) -> PathwayOut:
        return PathwayOut.of(step)

    @api.post(
        "/pathways",
        response_model=PathwayOut,
        status_code=201,
        responses=CONFLICT,
        summary="Publish a step of your job ladder (role -> next role)",
    )
    def create_pathway(body: PathwayIn, actor: ApiEmployer, session: DbSession) -> PathwayOut:
        step = pathways.create(session, actor, body.as_row(), today())
        session.commit()
        return PathwayOut.of(step)

    @api.put(
        "/pathways/{pathway_id}",
        response_model=PathwayOut,
        responses={**NOT_FOUND, **CONFLICT},
        summary="Change a pathway step",
    )
    def update_pathway(
        step: OwnedPathway, body: PathwayIn, actor: ApiEmployer, session: DbSession
    ) -> PathwayOut:
        pathways.update(session, actor, step, body.as_row(), today())
        session.commit()
        return PathwayOut.of(step)

    @api.delete("/pathways/{pathway_id}", status_code=204, responses=NOT_FOUND)
    def delete_pathway(step: OwnedPathway, actor: ApiEmployer, session: DbSession) -> Response:
        pathways.delete_step(session, actor, step)
        session.commit()
        return Response(status_code=204)


def _add_file_routes(api: APIRouter, today: Callable[[], date]) -> None:
    @api.post(
        "/import",
        response_model=ImportOut,
        responses=IMPORT_422,
        summary="Upload vacancy and pathway CSV files (all or nothing)",
    )
    def upload(
        actor: ApiEmployer,
        session: DbSession,
        vacancies_file: Annotated[
            UploadFile | None, File(alias="vacancies", description="vacancy CSV")
        ] = None,
        pathways_file: Annotated[
            UploadFile | None, File(alias="pathways", description="career pathway CSV")
        ] = None,
    ) -> JSONResponse:
        body, code = run_import(
            session, actor, read_upload(vacancies_file), read_upload(pathways_file), today()
        )
        return JSONResponse(body.model_dump(), status_code=code)

    @api.get(
        "/export/vacancies.csv",
        summary="Your vacancies as a CSV in the upload format",
        response_class=Response,
        responses=CSV,
    )
    def export_vacancy_csv(actor: ApiEmployer, session: DbSession) -> Response:
        return csv_response(export_vacancies(session, actor.employer_id, today()), "vacancies.csv")

    @api.get(
        "/export/pathways.csv",
        summary="Your career pathways as a CSV in the upload format",
        response_class=Response,
        responses=CSV,
    )
    def export_pathway_csv(actor: ApiEmployer, session: DbSession) -> Response:
        return csv_response(export_pathways(session, actor.employer_id), "pathways.csv")
