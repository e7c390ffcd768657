"""The provider's web upload page: sign in (email and password, or API key), upload the Course
Directory files, and see the first 100 problems in a table with their row and column.

Sign-ins, the session cookie (`provider_session`, limited to /provider), CSRF (every form, the
sign-in form too) and login throttling are the web security layer's (`web_security`); this module
says what each page shows.
"""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from course_catalogue.cli import FILE_NAMES
from course_catalogue.csv_format import MAX_FILE_BYTES, MAX_FILE_LABEL
from course_catalogue.edit import Actor
from course_catalogue.export import export_courses, export_venues
from course_catalogue.importer import import_files, record_export, refused_upload
from course_catalogue.provider_auth import LockedOut, authenticate_user, verify_api_key
from course_catalogue.validate import RowError
from db import audit
from db.models import Course, CourseRun, Provider, Venue
from web_security import csrf, principals
from web_security.cookies import CookieSpec
from web_security.csrf import CsrfFailed
from web_security.deps import CheckedForm, ClientIp, CurrentProvider, DbSession, ProviderOrNone
from web_security.front import FrontEnd
from web_security.principals import NotSignedIn
from web_security.uploads import read_bounded

COOKIE = "provider_session"
# One answer for every refused sign-in: it never tells which emails have logins, or which are
# locked.
LOGIN_FAILED = (
    "The email and password, or the API key, are not right, or the login is locked for a while "
    "after too many wrong tries. Check them and try again, or wait 15 minutes."
)
FORM_EXPIRED = "This form has expired. Please sign in again."
MAX_AGE = 8 * 3600

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)


def _settings() -> tuple[str, bool]:
    from config.settings import get_settings

    s = get_settings()
    return s.session_secret, s.secure_cookies


def create_upload_pages(
    session_factory: sessionmaker[Session], *, today: Callable[[], date] = date.today
) -> APIRouter:
    """The sign-in, upload and export pages under /provider/; each route says what it needs,
    and the work is done by the functions below."""
    secret, secure = _settings()
    front = FrontEnd(
        kind="provider",
        session_factory=session_factory,
        cookie=CookieSpec(
            name=COOKIE, secret=secret, secure=secure, max_age=MAX_AGE, path="/provider"
        ),
        csrf_field="csrf",
        responders={NotSignedIn: _signed_out, CsrfFailed: _form_expired},
    )
    router = front.router(include_in_schema=False)

    @router.get("/", response_class=HTMLResponse)
    def home(request: Request, actor: ProviderOrNone, db: DbSession) -> Response:
        if actor is None:
            return _login_page(request)
        return _upload_page(request, db, actor)

    @router.post("/login")
    def login(request: Request, form: CheckedForm, db: DbSession, ip: ClientIp) -> Response:
        return _sign_in(request, form, db, ip)

    @router.post("/logout")
    def logout(
        request: Request, db: DbSession, token: Annotated[str, Form(alias="csrf")] = ""
    ) -> Response:
        if csrf.valid(request, token):
            principals.sign_out(request, db)  # a copy of the cookie no longer works either
            db.commit()
        return RedirectResponse(f"{_base(request)}/", status_code=303)

    @router.post("/upload")
    def upload(
        request: Request,
        actor: ProviderOrNone,
        db: DbSession,
        token: Annotated[str, Form(alias="csrf")] = "",
        courses: Annotated[UploadFile | None, File()] = None,
        venues: Annotated[UploadFile | None, File()] = None,
        timetable: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        if actor is None:
            refused_upload(db, None, None, "not signed in")
            return _login_page(request, "Please sign in again", status=401)
        if not csrf.valid(request, token):
            refused_upload(db, actor.provider_id, actor.actor_id, "form expired (CSRF)")
            return Response(
                "This form has expired. Go back, reload the page and try again.", status_code=403
            )
        files = {"courses": courses, "venues": venues, "timetable": timetable}
        return _import_upload(request, db, actor, files, today())

    @router.get("/export/{name}.csv")
    def export(name: str, actor: CurrentProvider, db: DbSession) -> Response:
        return _export(db, actor, name)

    return router


# --- pages -------------------------------------------------------------------------------------
def _base(request: Request) -> str:
    return f"{request.scope.get('root_path', '')}/provider"


def _page(name: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(_templates.get_template(name).render(**context))


def _login_page(
    request: Request, message: str = "", email: str = "", status: int = 200
) -> HTMLResponse:
    response = _page(
        "provider_login.html",
        title="Sign in",
        base=_base(request),
        message=message,
        email=email,
        csrf=csrf.token(request),
    )
    response.status_code = status
    return response


def _upload_page(request: Request, session: Session, actor: Actor, **extra: Any) -> HTMLResponse:
    provider = session.get(Provider, actor.provider_id)
    assert provider is not None  # the sign-in is only live while the provider exists
    counts = {
        "courses": session.scalar(
            select(func.count()).select_from(Course).where(Course.provider_id == provider.id)
        ),
        "runs": session.scalar(
            select(func.count()).select_from(CourseRun).where(CourseRun.provider_id == provider.id)
        ),
        "venues": session.scalar(
            select(func.count()).select_from(Venue).where(Venue.provider_id == provider.id)
        ),
    }
    context = {"result": None, "errors": [], "more_errors": 0, **extra}
    return _page(
        "provider_upload.html",
        title="Upload",
        base=_base(request),
        provider=provider,
        counts=counts,
        csrf=csrf.token(request),
        max_size=MAX_FILE_LABEL,
        file_names=FILE_NAMES,
        **context,
    )


# --- the layer's refusals, as these pages' answers ---------------------------------------------
def _signed_out(request: Request, exc: NotSignedIn) -> Response:
    return RedirectResponse(f"{_base(request)}/", status_code=303)


def _form_expired(request: Request, exc: CsrfFailed) -> Response:
    email = exc.form.get("email", "").strip()[:254]
    return _login_page(request, FORM_EXPIRED, email, 403)


# --- signing in --------------------------------------------------------------------------------
def _sign_in(request: Request, form: dict[str, str], db: Session, ip: str | None) -> Response:
    """Email and password, or an API key. Every refusal gets the same answer (it never says
    which emails have logins, or which are locked) and is audited."""
    email = form.get("email", "")[:254]
    password = form.get("password", "")[:1024]
    api_key = form.get("api_key", "")[:256]
    if not api_key.strip() and not (email.strip() and password):
        return _login_page(request, "Enter your email and password, or your API key", email, 400)
    try:
        actor, provider_id = _who_signs_in(db, email, password, api_key, ip)
    except LockedOut:
        _audit_refused_sign_in(db, email, api_key, "locked")
        return _login_page(request, LOGIN_FAILED, email, 401)
    if actor is None:
        reason = "wrong api key" if api_key.strip() else "wrong email or password"
        _audit_refused_sign_in(db, email, api_key, reason)
        return _login_page(request, LOGIN_FAILED, email, 401)
    audit.record(
        db,
        actor_type="provider",
        actor_id=actor,
        action="provider.login",
        entity_type="provider",
        entity_id=provider_id,
    )
    principals.sign_in(request, db, actor)  # a fresh cookie and CSRF token: no fixation
    db.commit()
    return RedirectResponse(f"{_base(request)}/", status_code=303)


def _who_signs_in(
    db: Session, email: str, password: str, api_key: str, ip: str | None
) -> tuple[str | None, int | None]:
    """("key:<prefix>" or "user:<id>", provider id), or (None, None) for a wrong key or
    password. Raises LockedOut while a login is locked."""
    if api_key.strip():
        key = verify_api_key(db, api_key)
        return (f"key:{key.prefix}", key.provider_id) if key is not None else (None, None)
    user = authenticate_user(db, email, password, ip=ip)
    db.commit()  # keep the failed-login count
    return (f"user:{user.id}", user.provider_id) if user is not None else (None, None)


def _audit_refused_sign_in(db: Session, email: str, api_key: str, reason: str) -> None:
    """Every refused sign-in is audited: who it claimed to be, never the secret."""
    detail: dict[str, str] = {"reason": reason}
    if api_key.strip():
        detail["api_key_prefix"] = _key_prefix(api_key)
    else:
        detail["email"] = email.strip().lower()
    audit.record(
        db,
        actor_type="provider",
        actor_id=None,
        action="provider.login_failed",
        entity_type="provider",
        entity_id=None,
        detail=detail,
    )
    db.commit()


# --- files -------------------------------------------------------------------------------------
def _import_upload(
    request: Request,
    db: Session,
    actor: Actor,
    files: dict[str, UploadFile | None],
    today: date,
) -> Response:
    """Import the chosen files, all or nothing, and show the page with the result (422 and the
    problems, row by row, when anything is wrong)."""
    provider = db.get(Provider, actor.provider_id)
    assert provider is not None
    data = {name: read_bounded(f, MAX_FILE_BYTES) for name, f in files.items()}
    if all(v is None for v in data.values()):
        refused_upload(db, provider.id, actor.actor_id, "no file chosen")
        return _upload_page(
            request,
            db,
            actor,
            result=_Failed(),
            errors=[("", RowError(0, "", "Choose at least one file"))],
        )
    result = import_files(
        db,
        provider,
        courses=data["courses"],
        venues=data["venues"],
        timetable=data["timetable"],
        today=today,
        actor_type="provider",
        actor_id=actor.actor_id,
    )
    if result.ok:
        db.commit()
    else:
        db.rollback()
        refused_upload(db, provider.id, actor.actor_id, "invalid files", result)
    response = _upload_page(
        request,
        db,
        actor,
        result=result,
        errors=result.errors,
        more_errors=result.more_errors,
    )
    response.status_code = 200 if result.ok else 422
    return response


_EXPORTS: dict[str, Callable[[Session, Provider], bytes]] = {
    "courses": export_courses,
    "venues": export_venues,
}


def _export(db: Session, actor: Actor, name: str) -> Response:
    """courses.csv or venues.csv, in the Course Directory's format; the export is audited."""
    provider = db.get(Provider, actor.provider_id)
    assert provider is not None
    exporter = _EXPORTS.get(name)
    if exporter is None:
        return Response("Not found", status_code=404)
    data = exporter(db, provider)
    record_export(db, provider.id, actor.actor_id, name)
    return Response(
        data,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _key_prefix(api_key: str) -> str:
    """The public part of a key as typed ('se_<prefix>_...'), for the audit log; never more."""
    scheme, _, rest = api_key.strip().partition("_")
    prefix = rest.partition("_")[0]
    return prefix[:16] if scheme == "se" and prefix.isalnum() else "(not a key)"


class _Failed:
    ok = False
