"""The employer JSON API at /employer/api (API key; documented in the service's /docs).

An employer sees and changes only its own vacancies and pathways: anyone else's is 404, the
same as one that does not exist. Every change is audited (actor type "employer").
"""

from collections.abc import Callable, Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Request, Response, UploadFile
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session, sessionmaker

from course_catalogue.csv_format import MAX_FILE_BYTES
from course_catalogue.validate import problems_message
from db.models import Employer
from jobs import access, pathways, vacancies
from jobs.access import Actor, Conflict, Invalid
from jobs.api.models import (
    FieldErrors,
    FileError,
    ImportOut,
    PathwayIn,
    PathwayOut,
    VacancyIn,
    VacancyOut,
)
from jobs.api.security import BearerDep, KeyHeaderDep, api_actor
from jobs.export import export_pathways, export_vacancies
from jobs.importer import import_files, refused_upload
from web_security.ids import PathId

Responses = dict[int | str, dict[str, Any]]  # FastAPI's `responses=` (OpenAPI extras)
ERRORS_422: Responses = {422: {"model": FieldErrors, "description": "The input broke a rule"}}
NOT_FOUND: Responses = {404: {"description": "Not found (or not yours)"}}
CONFLICT: Responses = {409: {"description": "Clashes with something you already have"}}
CSV: Responses = {200: {"content": {"text/csv": {}}}}


def read_upload(upload: UploadFile | None) -> bytes | None:
    """Read at most one byte over the limit, so the importer can say the file is too big."""
    if upload is None or not upload.filename:
        return None
    return upload.file.read(MAX_FILE_BYTES + 1)


def invalid(exc: Invalid) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"field": f, "message": m} for f, m in exc.errors]}, status_code=422
    )


def conflict(exc: Conflict) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=409)


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
    api = APIRouter(prefix="/api", tags=["employer API"])

    def get_session() -> Iterator[Session]:
        with session_factory() as session:
            yield session

    SessionDep = Annotated[Session, Depends(get_session)]

    def current_employer(
        request: Request, session: SessionDep, bearer: BearerDep, header_key: KeyHeaderDep
    ) -> Actor:
        return api_actor(request, session, bearer, header_key)

    ActorDep = Annotated[Actor, Depends(current_employer)]

    def not_found() -> HTTPException:
        return HTTPException(404, "Not found")

    @api.get("/me", summary="The employer this key belongs to")
    def me(actor: ActorDep, session: SessionDep) -> dict[str, object]:
        employer = session.get(Employer, actor.employer_id)
        assert employer is not None
        return {"id": employer.id, "name": employer.name}

    # --- vacancies -------------------------------------------------------------------------
    @api.get(
        "/vacancies",
        response_model=list[VacancyOut],
        summary="Your vacancies (open, closed early, and past their closing date)",
    )
    def list_vacancies(actor: ActorDep, session: SessionDep) -> list[VacancyOut]:
        day = today()
        return [VacancyOut.of(v, day) for v in access.list_vacancies(session, actor.employer_id)]

    @api.get("/vacancies/{vacancy_id}", response_model=VacancyOut, responses=NOT_FOUND)
    def get_vacancy(vacancy_id: PathId, actor: ActorDep, session: SessionDep) -> VacancyOut:
        vacancy = access.get_vacancy(session, actor.employer_id, vacancy_id)
        if vacancy is None:
            raise not_found()
        return VacancyOut.of(vacancy, today())

    @api.post(
        "/vacancies",
        response_model=VacancyOut,
        status_code=201,
        responses={**ERRORS_422, **CONFLICT},
        summary="Post a vacancy",
    )
    def create_vacancy(
        body: VacancyIn, actor: ActorDep, session: SessionDep
    ) -> VacancyOut | JSONResponse:
        try:
            vacancy = vacancies.create(session, actor, body.as_row(), today())
        except Invalid as exc:
            return invalid(exc)
        except Conflict as exc:
            return conflict(exc)
        session.commit()
        return VacancyOut.of(vacancy, today())

    @api.put(
        "/vacancies/{vacancy_id}",
        response_model=VacancyOut,
        responses={**ERRORS_422, **NOT_FOUND, **CONFLICT},
        summary="Change a vacancy (every field, shifts and courses included)",
    )
    def update_vacancy(
        vacancy_id: PathId, body: VacancyIn, actor: ActorDep, session: SessionDep
    ) -> VacancyOut | JSONResponse:
        vacancy = access.get_vacancy(session, actor.employer_id, vacancy_id)
        if vacancy is None:
            raise not_found()
        try:
            vacancies.update(session, actor, vacancy, body.as_row(), today())
        except Invalid as exc:
            return invalid(exc)
        except Conflict as exc:
            return conflict(exc)
        session.commit()
        return VacancyOut.of(vacancy, today())

    @api.post(
        "/vacancies/{vacancy_id}/close",
        response_model=VacancyOut,
        responses=NOT_FOUND,
        summary="Close a vacancy early: workers stop seeing it at once",
    )
    def close_vacancy(vacancy_id: PathId, actor: ActorDep, session: SessionDep) -> VacancyOut:
        vacancy = access.get_vacancy(session, actor.employer_id, vacancy_id)
        if vacancy is None:
            raise not_found()
        vacancies.close(session, actor, vacancy)
        session.commit()
        return VacancyOut.of(vacancy, today())

    @api.post(
        "/vacancies/{vacancy_id}/reopen",
        response_model=VacancyOut,
        responses={**ERRORS_422, **NOT_FOUND},
        summary="Reopen a vacancy closed early (its closing date must not have passed)",
    )
    def reopen_vacancy(
        vacancy_id: PathId, actor: ActorDep, session: SessionDep
    ) -> VacancyOut | JSONResponse:
        vacancy = access.get_vacancy(session, actor.employer_id, vacancy_id)
        if vacancy is None:
            raise not_found()
        try:
            vacancies.reopen(session, actor, vacancy, today())
        except Invalid as exc:
            return invalid(exc)
        session.commit()
        return VacancyOut.of(vacancy, today())

    @api.delete(
        "/vacancies/{vacancy_id}",
        status_code=204,
        responses=NOT_FOUND,
        summary="Delete a vacancy (workers who saved it keep their own copy)",
    )
    def delete_vacancy(vacancy_id: PathId, actor: ActorDep, session: SessionDep) -> Response:
        vacancy = access.get_vacancy(session, actor.employer_id, vacancy_id)
        if vacancy is None:
            raise not_found()
        vacancies.delete_vacancy(session, actor, vacancy)
        session.commit()
        return Response(status_code=204)

    # --- career pathways -------------------------------------------------------------------
    @api.get("/pathways", response_model=list[PathwayOut], summary="Your career pathway steps")
    def list_pathways(actor: ActorDep, session: SessionDep) -> list[PathwayOut]:
        return [PathwayOut.of(p) for p in access.list_pathways(session, actor.employer_id)]

    @api.get("/pathways/{pathway_id}", response_model=PathwayOut, responses=NOT_FOUND)
    def get_pathway(pathway_id: PathId, actor: ActorDep, session: SessionDep) -> PathwayOut:
        step = access.get_pathway(session, actor.employer_id, pathway_id)
        if step is None:
            raise not_found()
        return PathwayOut.of(step)

    @api.post(
        "/pathways",
        response_model=PathwayOut,
        status_code=201,
        responses={**ERRORS_422, **CONFLICT},
        summary="Publish a step of your job ladder (role -> next role)",
    )
    def create_pathway(
        body: PathwayIn, actor: ActorDep, session: SessionDep
    ) -> PathwayOut | JSONResponse:
        try:
            step = pathways.create(session, actor, body.as_row(), today())
        except Invalid as exc:
            return invalid(exc)
        except Conflict as exc:
            return conflict(exc)
        session.commit()
        return PathwayOut.of(step)

    @api.put(
        "/pathways/{pathway_id}",
        response_model=PathwayOut,
        responses={**ERRORS_422, **NOT_FOUND, **CONFLICT},
        summary="Change a pathway step",
    )
    def update_pathway(
        pathway_id: PathId, body: PathwayIn, actor: ActorDep, session: SessionDep
    ) -> PathwayOut | JSONResponse:
        step = access.get_pathway(session, actor.employer_id, pathway_id)
        if step is None:
            raise not_found()
        try:
            pathways.update(session, actor, step, body.as_row(), today())
        except Invalid as exc:
            return invalid(exc)
        except Conflict as exc:
            return conflict(exc)
        session.commit()
        return PathwayOut.of(step)

    @api.delete("/pathways/{pathway_id}", status_code=204, responses=NOT_FOUND)
    def delete_pathway(pathway_id: PathId, actor: ActorDep, session: SessionDep) -> Response:
        step = access.get_pathway(session, actor.employer_id, pathway_id)
        if step is None:
            raise not_found()
        pathways.delete_step(session, actor, step)
        session.commit()
        return Response(status_code=204)

    # --- files -----------------------------------------------------------------------------
    @api.post(
        "/import",
        response_model=ImportOut,
        responses={422: {"model": ImportOut}},
        summary="Upload vacancy and pathway CSV files (all or nothing)",
    )
    def upload(
        actor: ActorDep,
        session: SessionDep,
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
    def export_vacancy_csv(actor: ActorDep, session: SessionDep) -> Response:
        return csv_response(export_vacancies(session, actor.employer_id, today()), "vacancies.csv")

    @api.get(
        "/export/pathways.csv",
        summary="Your career pathways as a CSV in the upload format",
        response_class=Response,
        responses=CSV,
    )
    def export_pathway_csv(actor: ActorDep, session: SessionDep) -> Response:
        return csv_response(export_pathways(session, actor.employer_id), "pathways.csv")

    return api
