"""Provider access over HTTP: a JSON API (API key) and a web upload page (login or API key).

Mounted at /provider. A provider sees and changes only its own courses, runs and venues; asking
for anyone else's gives 404, the same as something that does not exist. Who is calling
(`ApiProvider`) and which rows are theirs (`OwnedCourse`, `OwnedRun`, `OwnedVenue`) are the web
security layer's dependencies (`web_security.deps`).
"""

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, Response, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from course_catalogue import edit
from course_catalogue.api_models import (
    CourseCreate,
    CourseIn,
    CourseOut,
    CourseSummary,
    FieldError,
    FieldErrors,
    FileError,
    ImportOut,
    RunIn,
    RunOut,
    VenueIn,
    VenueOut,
)
from course_catalogue.csv_format import MAX_FILE_BYTES
from course_catalogue.export import export_courses, export_venues
from course_catalogue.importer import import_files, record_export, refused_upload
from course_catalogue.upload_page import create_upload_pages
from course_catalogue.validate import problems_message
from db.models import Provider, Venue
from web_security.deps import ApiProvider, DbSession, OwnedCourse, OwnedRun, OwnedVenue
from web_security.front import FrontEnd, Responder
from web_security.uploads import read_bounded
from web_security.validation import field_errors

ERRORS_422: dict[int | str, dict[str, Any]] = {
    422: {
        "model": FieldErrors,
        "description": "The input broke a rule, or was not the right type (every 422 of this API "
        'has this shape: {"errors": [{"field": "runs[0].duration", "message": "..."}]})',
    }
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found, not yours, or not an id (a whole number from 1 to 2^31-1)"}
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "Clashes with something you already have"}
}
IMPORT_422: dict[int | str, dict[str, Any]] = {
    422: {
        "model": ImportOut | FieldErrors,
        "description": "The files broke a rule (ImportOut, nothing was changed), or the request "
        "was not a form with files (FieldErrors)",
    }
}


def read_upload(upload: UploadFile | None) -> bytes | None:
    """Read at most one byte over the limit, so the importer can say the file is too big."""
    return read_bounded(upload, MAX_FILE_BYTES)


def _field_errors_response(errors: list[tuple[str, str]]) -> JSONResponse:
    body = FieldErrors(errors=[FieldError(field=f, message=m) for f, m in errors])
    return JSONResponse(body.model_dump(), status_code=422)


def _csv_response(data: bytes, filename: str) -> Response:
    return Response(
        data,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _malformed(request: Request, exc: RequestValidationError) -> Response:
    """A body or query that is not even the right type: the same shape as a rule error."""
    return _field_errors_response(field_errors(exc))


def _invalid(request: Request, exc: edit.Invalid) -> Response:
    """Input that broke the catalogue's rules: each field with its message."""
    return _field_errors_response(exc.errors)


def _conflict(request: Request, exc: edit.Conflict) -> Response:
    """A change that clashes with something stored (a reference in use, a venue with runs)."""
    return JSONResponse({"detail": str(exc)}, status_code=409)


# How the API answers a refusal, wherever it is raised: no route catches these itself.
REFUSALS: dict[type[Exception], Responder] = {
    RequestValidationError: _malformed,
    edit.Invalid: _invalid,
    edit.Conflict: _conflict,
}


def create_provider_router(
    session_factory: sessionmaker[Session], *, today: Callable[[], date] = date.today
) -> APIRouter:
    """The provider API (API key on every call) and the upload pages, under /provider."""
    front = FrontEnd(  # no cookie: an API key on every call
        kind="provider",
        session_factory=session_factory,
        responders=REFUSALS,
    )
    # Every route documents the one 422 shape; a path id that is not an id is 404 (the layer).
    api = front.router(prefix="/api", tags=["provider API"], responses=ERRORS_422)
    _add_course_routes(api, today)
    _add_run_routes(api, today)
    _add_venue_routes(api)
    _add_file_routes(api, today)
    pages = create_upload_pages(session_factory, today=today)
    # Route names are global once the parts are assembled into one app (url_for searches every
    # mounted app), so each name says whose it is.
    _prefix_names(api, "provider_api_")
    _prefix_names(pages, "provider_")
    router = APIRouter(prefix="/provider")
    router.include_router(api)
    router.include_router(pages)
    return router


def _add_course_routes(api: APIRouter, today: Callable[[], date]) -> None:
    @api.get("/me", summary="The provider this key belongs to")
    def me(actor: ApiProvider, session: DbSession):  # no annotation: it would be the schema
        provider = session.get(Provider, actor.provider_id)
        assert provider is not None
        return {"ukprn": provider.ukprn, "name": provider.name}

    @api.get("/courses", response_model=list[CourseSummary], summary="List your courses")
    def list_courses(actor: ApiProvider, session: DbSession) -> list[CourseSummary]:
        return [
            CourseSummary(
                id=c.id,
                lars_qan=c.lars_qan,
                course_name=c.course_name,
                level=c.level,
                sector=c.sector,
                run_count=n,
            )
            for c, n in edit.list_courses(session, actor.provider_id)
        ]

    @api.get("/courses/{course_id}", response_model=CourseOut, responses=NOT_FOUND)
    def get_course(course: OwnedCourse) -> CourseOut:
        return CourseOut.of(course)

    @api.post(
        "/courses",
        response_model=CourseOut,
        status_code=201,
        responses={**ERRORS_422, **CONFLICT},
        summary="Add a course, with its runs",
    )
    def create_course(body: CourseCreate, actor: ApiProvider, session: DbSession) -> CourseOut:
        course = edit.create_course(
            session, actor, body.as_row(), [r.as_row() for r in body.runs], today()
        )
        session.commit()
        created = edit.get_course(session, actor.provider_id, course.id)  # with its runs loaded
        assert created is not None
        return CourseOut.of(created)

    @api.put(
        "/courses/{course_id}",
        response_model=CourseOut,
        responses={**ERRORS_422, **NOT_FOUND, **CONFLICT},
        summary="Change a course",
    )
    def update_course(
        course: OwnedCourse, body: CourseIn, actor: ApiProvider, session: DbSession
    ) -> CourseOut:
        edit.update_course(session, actor, course, body.as_row())
        session.commit()
        return CourseOut.of(course)

    @api.delete(
        "/courses/{course_id}",
        status_code=204,
        responses=NOT_FOUND,
        summary="Delete a course and all its runs",
    )
    def delete_course(course: OwnedCourse, actor: ApiProvider, session: DbSession) -> Response:
        edit.delete_course(session, actor, course)
        session.commit()
        return Response(status_code=204)


def _add_run_routes(api: APIRouter, today: Callable[[], date]) -> None:
    @api.post(
        "/courses/{course_id}/runs",
        response_model=RunOut,
        status_code=201,
        responses={**ERRORS_422, **NOT_FOUND, **CONFLICT},
        summary="Add a run to a course",
    )
    def create_run(
        course: OwnedCourse, body: RunIn, actor: ApiProvider, session: DbSession
    ) -> RunOut:
        run = edit.create_run(session, actor, course, body.as_row(), today())
        session.commit()
        return RunOut.of(run)

    @api.get("/runs/{run_id}", response_model=RunOut, responses=NOT_FOUND)
    def get_run(run: OwnedRun) -> RunOut:
        return RunOut.of(run)

    @api.put(
        "/runs/{run_id}",
        response_model=RunOut,
        responses={**ERRORS_422, **NOT_FOUND, **CONFLICT},
        summary="Replace a run (timetable included)",
    )
    def update_run(run: OwnedRun, body: RunIn, actor: ApiProvider, session: DbSession) -> RunOut:
        edit.update_run(session, actor, run, body.as_row(), today())
        session.commit()
        return RunOut.of(run)

    @api.delete("/runs/{run_id}", status_code=204, responses=NOT_FOUND)
    def delete_run(run: OwnedRun, actor: ApiProvider, session: DbSession) -> Response:
        edit.delete_run(session, actor, run)
        session.commit()
        return Response(status_code=204)


def _add_venue_routes(api: APIRouter) -> None:
    @api.get("/venues", response_model=list[VenueOut], summary="List your venues")
    def list_venues(actor: ApiProvider, session: DbSession) -> list[VenueOut]:
        venues = session.scalars(
            select(Venue).where(Venue.provider_id == actor.provider_id).order_by(Venue.id)
        )
        return [VenueOut.of(v) for v in venues]

    @api.get("/venues/{venue_id}", response_model=VenueOut, responses=NOT_FOUND)
    def get_venue(venue: OwnedVenue) -> VenueOut:
        return VenueOut.of(venue)

    @api.post(
        "/venues",
        response_model=VenueOut,
        status_code=201,
        responses={**ERRORS_422, **CONFLICT},
        summary="Add a venue",
    )
    def create_venue(body: VenueIn, actor: ApiProvider, session: DbSession) -> VenueOut:
        venue = edit.create_venue(session, actor, body.as_row())
        session.commit()
        return VenueOut.of(venue)

    @api.put(
        "/venues/{venue_id}",
        response_model=VenueOut,
        responses={**ERRORS_422, **NOT_FOUND, **CONFLICT},
        summary="Change a venue",
    )
    def update_venue(
        venue: OwnedVenue, body: VenueIn, actor: ApiProvider, session: DbSession
    ) -> VenueOut:
        edit.update_venue(session, actor, venue, body.as_row())
        session.commit()
        return VenueOut.of(venue)

    @api.delete("/venues/{venue_id}", status_code=204, responses={**NOT_FOUND, **CONFLICT})
    def delete_venue(venue: OwnedVenue, actor: ApiProvider, session: DbSession) -> Response:
        edit.delete_venue(session, actor, venue)
        session.commit()
        return Response(status_code=204)


def _add_file_routes(api: APIRouter, today: Callable[[], date]) -> None:
    @api.post(
        "/import",
        response_model=ImportOut,
        responses=IMPORT_422,
        summary="Upload Course Directory CSV files (all or nothing)",
    )
    def upload(
        actor: ApiProvider,
        session: DbSession,
        courses: Annotated[UploadFile | None, File(description="course CSV")] = None,
        venues: Annotated[UploadFile | None, File(description="venues CSV")] = None,
        timetable: Annotated[UploadFile | None, File(description="timetable CSV")] = None,
    ) -> JSONResponse:
        return run_upload(session, actor, courses, venues, timetable, today())

    @api.get(
        "/export/courses.csv",
        summary="Your courses as a Course Directory CSV",
        response_class=Response,
        responses={200: {"content": {"text/csv": {}}}},
    )
    def export_course_csv(actor: ApiProvider, session: DbSession, plain: bool = False) -> Response:
        provider = session.get(Provider, actor.provider_id)
        assert provider is not None
        data = export_courses(session, provider, extended=not plain)
        record_export(session, provider.id, actor.actor_id, "courses")
        return _csv_response(data, "courses.csv")

    @api.get(
        "/export/venues.csv",
        summary="Your venues as a Course Directory CSV",
        response_class=Response,
        responses={200: {"content": {"text/csv": {}}}},
    )
    def export_venue_csv(actor: ApiProvider, session: DbSession) -> Response:
        provider = session.get(Provider, actor.provider_id)
        assert provider is not None
        data = export_venues(session, provider)
        record_export(session, provider.id, actor.actor_id, "venues")
        return _csv_response(data, "venues.csv")


def _prefix_names(router: APIRouter, prefix: str) -> None:
    for route in router.routes:
        if isinstance(route, APIRoute) and not route.name.startswith(prefix):
            route.name = prefix + route.name


def run_upload(
    session: Session,
    actor: edit.Actor,
    courses: UploadFile | None,
    venues: UploadFile | None,
    timetable: UploadFile | None,
    today: date,
) -> JSONResponse:
    data = {
        n: read_upload(f)
        for n, f in (("courses", courses), ("venues", venues), ("timetable", timetable))
    }
    if all(v is None for v in data.values()):
        refused_upload(session, actor.provider_id, actor.actor_id, "no file chosen")
        body = ImportOut(
            ok=False,
            errors=[
                FileError(file="", row=0, column="", message="Choose at least one file to upload")
            ],
        )
        return JSONResponse(body.model_dump(), status_code=422)
    provider = session.get(Provider, actor.provider_id)
    assert provider is not None
    result = import_files(
        session,
        provider,
        courses=data["courses"],
        venues=data["venues"],
        timetable=data["timetable"],
        today=today,
        actor_type="provider",
        actor_id=actor.actor_id,
    )
    if not result.ok:
        session.rollback()
        refused_upload(session, actor.provider_id, actor.actor_id, "invalid files", result)
        errors = [
            FileError(file=f, row=e.row, column=e.column, message=e.message)
            for f, e in result.errors
        ]
        body = ImportOut(
            ok=False,
            errors=errors,
            more_errors=result.more_errors,
            message=problems_message(len(errors), result.more_errors),
        )
        return JSONResponse(body.model_dump(), status_code=422)
    session.commit()
    return JSONResponse(ImportOut(ok=True, summary=result.summary()).model_dump())
