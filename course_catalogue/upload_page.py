"""The provider's web upload page: sign in (email and password, or API key), upload the Course
Directory files, and see the first 100 problems in a table with their row and column.

The session is a signed cookie (itsdangerous) that names the provider and who signed in; forms
carry a CSRF token derived from that cookie.
"""

import hashlib
import hmac
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from course_catalogue.cli import FILE_NAMES
from course_catalogue.csv_format import MAX_FILE_LABEL
from course_catalogue.export import export_courses, export_venues
from course_catalogue.importer import import_files, record_export, refused_upload
from course_catalogue.provider_auth import LockedOut, authenticate_user, verify_api_key
from db import audit, web_sessions
from db.models import Course, CourseRun, Provider, ProviderApiKey, ProviderUser, Venue

COOKIE = "provider_session"
# One answer for every refused sign-in: it never tells which emails have logins, or which are
# locked.
LOGIN_FAILED = (
    "The email and password, or the API key, are not right, or the login is locked for a while "
    "after too many wrong tries. Check them and try again, or wait 15 minutes."
)
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
    router = APIRouter(include_in_schema=False)
    secret, secure = _settings()
    signer = URLSafeTimedSerializer(secret, salt="provider-session")

    def get_session() -> Iterator[Session]:
        with session_factory() as session:
            yield session

    SessionDep = Annotated[Session, Depends(get_session)]

    def base(request: Request) -> str:
        return f"{request.scope.get('root_path', '')}/provider"

    def csrf_for(cookie: str) -> str:
        return hmac.new(secret.encode(), f"csrf:{cookie}".encode(), hashlib.sha256).hexdigest()

    def signed_in(request: Request, session: Session) -> tuple[Provider, str] | None:
        """(provider, actor id) from a valid cookie whose user or key still exists."""
        cookie = request.cookies.get(COOKIE)
        if not cookie:
            return None
        try:
            data = signer.loads(cookie, max_age=MAX_AGE)
        except BadSignature:
            return None
        kind, _, ident = str(data.get("a", "")).partition(":")
        provider_id = data.get("p")
        if web_sessions.session_subject(session, "provider", data.get("s")) != data.get("a"):
            return None  # logged out (or expired): a copy of the cookie no longer works
        if kind == "user":
            user = session.get(ProviderUser, int(ident)) if ident.isdigit() else None
            if user is None or user.provider_id != provider_id:
                return None
        elif kind == "key":
            key = session.scalars(
                select(ProviderApiKey).where(ProviderApiKey.prefix == ident)
            ).first()
            if key is None or key.revoked_at is not None or key.provider_id != provider_id:
                return None
        else:
            return None
        provider = session.get(Provider, provider_id)
        return None if provider is None else (provider, f"{kind}:{ident}")

    def page(name: str, **context: Any) -> HTMLResponse:
        return HTMLResponse(_templates.get_template(name).render(**context))

    def login_page(request: Request, message: str = "", email: str = "", status: int = 200):
        response = page(
            "provider_login.html", title="Sign in", base=base(request), message=message, email=email
        )
        response.status_code = status
        return response

    def upload_page(request: Request, session: Session, provider: Provider, **extra: Any):
        counts = {
            "courses": session.scalar(
                select(func.count()).select_from(Course).where(Course.provider_id == provider.id)
            ),
            "runs": session.scalar(
                select(func.count())
                .select_from(CourseRun)
                .where(CourseRun.provider_id == provider.id)
            ),
            "venues": session.scalar(
                select(func.count()).select_from(Venue).where(Venue.provider_id == provider.id)
            ),
        }
        context = {"result": None, "errors": [], "more_errors": 0, **extra}
        return page(
            "provider_upload.html",
            title="Upload",
            base=base(request),
            provider=provider,
            counts=counts,
            csrf=csrf_for(request.cookies.get(COOKIE, "")),
            max_size=MAX_FILE_LABEL,
            file_names=FILE_NAMES,
            **context,
        )

    def csrf_ok(request: Request, token: str) -> bool:
        cookie = request.cookies.get(COOKIE, "")
        return bool(cookie) and hmac.compare_digest(csrf_for(cookie), token)

    @router.get("/", response_class=HTMLResponse)
    def home(request: Request, session: SessionDep) -> Response:
        who = signed_in(request, session)
        if who is None:
            return login_page(request)
        return upload_page(request, session, who[0])

    @router.post("/login")
    def login(
        request: Request,
        session: SessionDep,
        email: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        api_key: Annotated[str, Form()] = "",
    ) -> Response:
        actor: str | None = None
        provider_id: int | None = None
        email_key = email.strip().lower()[:254]

        def failed(reason: str) -> None:
            """Every refused sign-in is audited: who it claimed to be, never the secret."""
            detail: dict[str, str] = {"reason": reason}
            if api_key.strip():
                detail["api_key_prefix"] = _key_prefix(api_key)
            else:
                detail["email"] = email_key
            audit.record(
                session,
                actor_type="provider",
                actor_id=None,
                action="provider.login_failed",
                entity_type="provider",
                entity_id=None,
                detail=detail,
            )
            session.commit()

        if api_key.strip():
            key = verify_api_key(session, api_key)
            if key is not None:
                actor, provider_id = f"key:{key.prefix}", key.provider_id
        elif email.strip() and password:
            try:
                ip = request.client.host if request.client else None
                user = authenticate_user(session, email, password, ip=ip)
            except LockedOut:
                failed("locked")
                return login_page(request, LOGIN_FAILED, email, 401)
            session.commit()  # keep the failed-login count
            if user is not None:
                actor, provider_id = f"user:{user.id}", user.provider_id
        else:
            return login_page(request, "Enter your email and password, or your API key", email, 400)
        if actor is None:
            failed("wrong api key" if api_key.strip() else "wrong email or password")
            return login_page(request, LOGIN_FAILED, email, 401)
        audit.record(
            session,
            actor_type="provider",
            actor_id=actor,
            action="provider.login",
            entity_type="provider",
            entity_id=provider_id,
        )
        token = web_sessions.open_session(session, "provider", actor, timedelta(seconds=MAX_AGE))
        session.commit()
        cookie = signer.dumps({"p": provider_id, "a": actor, "s": token})
        response = RedirectResponse(f"{base(request)}/", status_code=303)
        response.set_cookie(
            COOKIE,
            cookie,
            max_age=MAX_AGE,
            path=base(request) or "/",
            httponly=True,
            secure=secure,
            samesite="lax",
        )
        return response

    @router.post("/logout")
    def logout(
        request: Request, session: SessionDep, csrf: Annotated[str, Form()] = ""
    ) -> Response:
        response = RedirectResponse(f"{base(request)}/", status_code=303)
        if csrf_ok(request, csrf):
            try:
                data = signer.loads(request.cookies.get(COOKIE, ""), max_age=MAX_AGE)
            except BadSignature:
                data = {}
            web_sessions.end_session(session, data.get("s"))
            session.commit()
            response.delete_cookie(COOKIE, path=base(request) or "/")
        return response

    @router.post("/upload")
    def upload(
        request: Request,
        session: SessionDep,
        csrf: Annotated[str, Form()] = "",
        courses: Annotated[UploadFile | None, File()] = None,
        venues: Annotated[UploadFile | None, File()] = None,
        timetable: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        from course_catalogue.api import read_upload
        from course_catalogue.validate import RowError

        who = signed_in(request, session)
        if who is None:
            refused_upload(session, None, None, "not signed in")
            return login_page(request, "Please sign in again", status=401)
        if not csrf_ok(request, csrf):
            refused_upload(session, who[0].id, who[1], "form expired (CSRF)")
            return Response(
                "This form has expired. Go back, reload the page and try again.", status_code=403
            )
        provider, actor = who
        data = {
            n: read_upload(f)
            for n, f in (("courses", courses), ("venues", venues), ("timetable", timetable))
        }
        if all(v is None for v in data.values()):
            refused_upload(session, provider.id, actor, "no file chosen")
            return upload_page(
                request,
                session,
                provider,
                result=_Failed(),
                errors=[("", RowError(0, "", "Choose at least one file"))],
            )
        result = import_files(
            session, provider, **data, today=today(), actor_type="provider", actor_id=actor
        )
        if result.ok:
            session.commit()
        else:
            session.rollback()
            refused_upload(session, provider.id, actor, "invalid files", result)
        status = 200 if result.ok else 422
        response = upload_page(
            request,
            session,
            provider,
            result=result,
            errors=result.errors,
            more_errors=result.more_errors,
        )
        response.status_code = status
        return response

    @router.get("/export/{name}.csv")
    def export(name: str, request: Request, session: SessionDep) -> Response:
        who = signed_in(request, session)
        if who is None:
            return RedirectResponse(f"{base(request)}/", status_code=303)
        if name == "courses":
            data = export_courses(session, who[0])
        elif name == "venues":
            data = export_venues(session, who[0])
        else:
            return Response("Not found", status_code=404)
        record_export(session, who[0].id, who[1], name)
        return Response(
            data,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )

    return router


def _key_prefix(api_key: str) -> str:
    """The public part of a key as typed ('se_<prefix>_...'), for the audit log; never more."""
    scheme, _, rest = api_key.strip().partition("_")
    prefix = rest.partition("_")[0]
    return prefix[:16] if scheme == "se" and prefix.isalnum() else "(not a key)"


class _Failed:
    ok = False
