"""The employers' web pages at /employer: sign in, see, post, change and close vacancies,
publish career pathway steps, upload and download the CSV files.

A form that breaks a rule comes back with what was typed and the problems next to the fields,
so nothing is lost (an expired form too). Another employer's vacancy or step is "Not found".
Sign-ins, the session cookie (`employer_session`, limited to /employer), CSRF (every form, the
sign-in form too), login throttling and bounded ids are the web security layer's
(`web_security`); this module says what each page shows and how its refusals look.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session, sessionmaker

from course_catalogue.csv_format import MAX_FILE_LABEL
from course_catalogue.validate import RowError, problems_message
from db import audit
from db.models import Employer
from jobs import access, pathways, vacancies
from jobs.access import Actor, Conflict, Invalid
from jobs.api.routes import csv_response, read_upload
from jobs.csv_format import (
    CONTRACT_LABELS,
    MAX_ROWS,
    PATHWAY_HEADERS,
    SECTOR_KEYS,
    SECTOR_LABELS,
    VACANCY_HEADERS,
)
from jobs.employer_auth import LockedOut, authenticate_user, key_prefix, verify_api_key
from jobs.export import export_pathways, export_vacancies, pathway_row, vacancy_row
from jobs.importer import FILE_NAMES, ImportResult, import_files, refused_upload
from web_security import csrf, principals
from web_security.cookies import CookieSpec
from web_security.csrf import CsrfFailed
from web_security.deps import (
    CheckedForm,
    ClientIp,
    CurrentEmployer,
    DbSession,
    EmployerOrNone,
    EmployerPathway,
    EmployerVacancy,
)
from web_security.front import FrontEnd, NotFound
from web_security.principals import NotSignedIn

COOKIE = "employer_session"
MAX_AGE = 8 * 3600
# One answer for every refused sign-in: it never tells which emails have logins, or which are
# locked.
LOGIN_FAILED = (
    "The email and password, or the API key, are not right, or the login is locked for a while "
    "after too many wrong tries. Check them and try again, or wait 15 minutes."
)
FORM_EXPIRED = "This form has expired. Please sign in again."

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
NOTICES = {
    "vacancy-saved": "Vacancy saved. Workers whose goals fit will see it while it is open.",
    "vacancy-closed": "Vacancy closed. Workers no longer see it.",
    "vacancy-reopened": "Vacancy reopened.",
    "step-saved": "Pathway step saved.",
    "step-deleted": "Pathway step deleted.",
}
PROBLEMS = {
    "reopen-expired": "That vacancy's closing date has passed. Change the closing date first.",
    "form-expired": "That form had expired, so nothing was changed. Please try again.",
}
FORM_EXPIRED_KEPT = (
    "That form had expired, so nothing was changed. What you typed is below: check it and "
    "save again."
)


@dataclass(frozen=True)
class FormField:
    name: str  # the CSV column, lower case
    label: str
    kind: str = "text"  # text | textarea | select | date | email | tel | url
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()


YES_NO = (("No", "No"), ("Yes", "Yes"))
SECTORS = tuple((SECTOR_LABELS[k], SECTOR_LABELS[k]) for k in SECTOR_KEYS)
VACANCY_FORM = (
    FormField("job_title", "Job title"),
    FormField("sector", "Sector", "select", options=(("", "Choose a sector"), *SECTORS)),
    FormField("soc_2020", "SOC 2020 code (optional)", hint="4 digits, like 6135 for care workers"),
    FormField("summary", "About the job (optional)", "textarea"),
    FormField("pay_per_hour", "Pay an hour, in pounds", hint="like 12.80"),
    FormField(
        "pay_per_hour_max", "Top of the pay range (optional)", hint="leave empty for one rate"
    ),
    FormField(
        "contract_type",
        "Contract",
        "select",
        options=(("", "Choose a contract"), *((v, v) for v in CONTRACT_LABELS.values())),
    ),
    FormField(
        "guaranteed_hours",
        "Hours a week the contract guarantees",
        hint="0 or empty for zero hours",
    ),
    FormField(
        "shifts",
        "Weekly shifts",
        hint="like Mon 07:00-15:00; Tue 07:00-15:00. A shift may run overnight: Fri 22:00-06:00",
    ),
    FormField("shift_pattern", "Or describe the shift pattern", hint="like Days on a 4-week rota"),
    FormField("shifts_vary", "Do the shifts change week to week?", "select", options=YES_NO),
    FormField("postcode", "Postcode where the job is", hint="like LS6 2AB; we keep only LS6"),
    FormField("remote", "Is the work done from home?", "select", options=YES_NO),
    FormField("training", "Training offered (optional)", hint="like Level 2 Diploma in Care"),
    FormField(
        "training_course_ids",
        "Catalogue course ids (optional)",
        hint="course numbers separated by ;",
    ),
    FormField(
        "progression", "Where the job can lead (optional)", hint="like Team leader after 12 months"
    ),
    FormField(
        "closing_date", "Closing date", "date", hint="dd/mm/yyyy; open until the end of that day"
    ),
    FormField("apply_url", "Apply on this web page", "url"),
    FormField("apply_phone", "Or apply by phone", "tel"),
    FormField("apply_email", "Or apply by email", "email"),
    FormField(
        "your_reference", "Your reference (optional)", hint="to match rows when you upload a file"
    ),
)
PATHWAY_FORM = (
    FormField("sector", "Sector", "select", options=(("", "Choose a sector"), *SECTORS)),
    FormField("role", "From the role", hint="like Care assistant"),
    FormField("role_soc_2020", "Its SOC 2020 code (optional)"),
    FormField("next_role", "To the role", hint="like Senior care assistant"),
    FormField("next_soc_2020", "Its SOC 2020 code (optional)"),
    FormField("next_pay_per_hour", "Pay an hour in the next role (optional)", hint="like 14.10"),
    FormField("next_pay_per_hour_max", "Top of that pay range (optional)"),
    FormField(
        "what_is_needed", "What is needed to step up", "textarea", hint="like Level 3 Diploma"
    ),
    FormField("typical_months", "Typical months before the step (optional)", hint="1 to 120"),
    FormField("your_reference", "Your reference (optional)"),
)


@dataclass(frozen=True)
class FormSpec:
    """One kind of form: its fields, the validator's headings, the field a clash is shown at."""

    kind: str  # "vacancies" | "pathways": the URL part
    fields: tuple[FormField, ...]
    headers: tuple[str, ...]
    conflict_field: str
    new_heading: str
    edit_heading: str


VACANCY_SPEC = FormSpec(
    "vacancies", VACANCY_FORM, VACANCY_HEADERS, "your_reference", "Post a vacancy", "Change: {}"
)
PATHWAY_SPEC = FormSpec(
    "pathways",
    PATHWAY_FORM,
    PATHWAY_HEADERS,
    "next_role",
    "Add a career pathway step",
    "Change a career pathway step",
)
EDIT_AGAIN = {"vacancies": "Change a vacancy", "pathways": "Change a career pathway step"}
SPECS = {spec.kind: spec for spec in (VACANCY_SPEC, PATHWAY_SPEC)}
FORM_PATH = re.compile(r"/employer/(vacancies|pathways)/(new|\d+)$")


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_templates.get_template(name).render(**context), status_code=status)


def as_row(values: dict[str, str], headers: tuple[str, ...]) -> dict[str, str]:
    """Form fields (lower case) to the validator's row; a date picker's 2026-12-31 becomes
    31/12/2026."""
    row = {h: values.get(h.lower(), "") for h in headers}
    if "CLOSING_DATE" in row and (m := ISO_DATE.match(row["CLOSING_DATE"].strip())):
        row["CLOSING_DATE"] = f"{m.group(3)}/{m.group(2)}/{m.group(1)}"
    return row


def _form_values(headers: tuple[str, ...], cells: list[object]) -> dict[str, str]:
    values = {h.lower(): str(c) for h, c in zip(headers, cells, strict=True)}
    if values.get("closing_date"):
        d, m, y = values["closing_date"].split("/")
        values["closing_date"] = f"{y}-{m}-{d}"  # what a date picker shows
    return values


def summary_words(result: ImportResult) -> str:
    """'Vacancies: 1 added, 2 changed, 0 unchanged. Pathway steps: ...' for what was sent."""
    parts = []
    for label, made, changed, same in (
        (
            "Vacancies",
            result.vacancies_created,
            result.vacancies_updated,
            result.vacancies_unchanged,
        ),
        (
            "Pathway steps",
            result.pathways_created,
            result.pathways_updated,
            result.pathways_unchanged,
        ),
    ):
        if made or changed or same:
            parts.append(f"{label}: {made:,} added, {changed:,} changed, {same:,} unchanged.")
    return " ".join(parts)


def _pay(low: int | None, high: int | None) -> str:
    if low is None:
        return ""
    text = f"£{low // 100}.{low % 100:02d}"
    if high and high != low:
        text += f" to £{high // 100}.{high % 100:02d}"
    return text


def _settings() -> tuple[str, bool]:
    from config.settings import get_settings

    s = get_settings()
    return s.session_secret, s.secure_cookies


def _base(request: Request) -> str:
    return f"{request.scope.get('root_path', '')}/employer"


def _back(request: Request, done: str) -> RedirectResponse:
    return RedirectResponse(f"{_base(request)}/?done={done}", status_code=303)


# --- pages -------------------------------------------------------------------------------------
def _login_page(
    request: Request, message: str = "", email: str = "", status: int = 200
) -> HTMLResponse:
    return page(
        "employer_login.html",
        status,
        title="Sign in",
        base=_base(request),
        message=message,
        email=email,
        csrf=csrf.token(request),
    )


def _vacancy_rows(session: Session, employer_id: int, day: date) -> list[dict[str, Any]]:
    return [
        {
            "id": v.id,
            "title": v.job_title,
            "reference": v.your_reference,
            "where": "Remote" if v.remote else (v.postcode_district or ""),
            "pay": _pay(v.pay_min_pence, v.pay_max_pence),
            "hours": f"{v.guaranteed_weekly_hours.normalize():f}",
            "contract": CONTRACT_LABELS.get(v.contract_type, v.contract_type),
            "closes": v.closing_date.strftime("%d/%m/%Y"),
            "status": vacancies.status(v, day).capitalize(),
        }
        for v in access.list_vacancies(session, employer_id)
    ]


def _step_rows(session: Session, employer_id: int) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "sector": SECTOR_LABELS.get(p.sector, p.sector),
            "role": p.role,
            "next_role": p.next_role,
            "pay": _pay(p.next_pay_min_pence, p.next_pay_max_pence),
            "needed": p.requirements or "",
            "months": p.typical_months or "",
        }
        for p in access.list_pathways(session, employer_id)
    ]


def _home(
    request: Request, session: Session, actor: Actor, day: date, status: int = 200, **extra: Any
) -> HTMLResponse:
    done = request.query_params.get("done", "")
    context = {"result": None, "errors": [], "more_errors": 0, "summary": "", **extra}
    context["problems"] = problems_message(len(context["errors"]), context["more_errors"])
    return page(
        "employer_home.html",
        status,
        title="Your vacancies",
        base=_base(request),
        employer=session.get(Employer, actor.employer_id),
        vacancies=_vacancy_rows(session, actor.employer_id, day),
        steps=_step_rows(session, actor.employer_id),
        csrf=csrf.token(request),
        notice=NOTICES.get(done, ""),
        problem=PROBLEMS.get(done, ""),
        max_size=MAX_FILE_LABEL,
        max_rows=MAX_ROWS,
        file_names=FILE_NAMES,
        **context,
    )


def _form(
    request: Request,
    spec: FormSpec,
    heading: str,
    action: str,
    values: dict[str, str],
    errors: list[tuple[str, str]] | None = None,
    status: int = 200,
    problem: str = "",
) -> HTMLResponse:
    return page(
        "employer_form.html",
        status,
        title=heading,
        heading=heading,
        base=_base(request),
        action=action,
        fields=spec.fields,
        values=values,
        errors=errors or [],
        problem=problem,
        csrf=csrf.token(request),
    )


def _save(
    request: Request,
    session: Session,
    spec: FormSpec,
    values: dict[str, str],
    heading: str,
    write: Callable[[dict[str, str]], object],
    done: str,
) -> Response:
    """Write a form through the rules; on a broken rule, the form again with what was typed
    and the problems next to the fields (422)."""
    try:
        write(as_row(values, spec.headers))
    except (Invalid, Conflict) as exc:
        session.rollback()
        errors = exc.errors if isinstance(exc, Invalid) else [(spec.conflict_field, str(exc))]
        return _form(request, spec, heading, str(request.url.path), values, errors, 422)
    session.commit()
    return _back(request, done)


# --- the layer's refusals, as these pages' answers ---------------------------------------------
def _signed_out(request: Request, exc: NotSignedIn) -> Response:
    return RedirectResponse(f"{_base(request)}/", status_code=303)


def _form_expired(request: Request, exc: CsrfFailed) -> Response:
    """A form whose token is wrong: the sign-in form again; a vacancy or step form again with
    what was typed (nothing lost); any other button back to the home page with a note."""
    path = request.url.path
    if path.endswith("/login"):
        return _login_page(request, FORM_EXPIRED, exc.form.get("email", "").strip()[:254], 403)
    match = FORM_PATH.search(path)
    if match is None:
        return _back(request, "form-expired")
    spec = SPECS[match.group(1)]
    values = {f.name: exc.form.get(f.name, "")[:5000] for f in spec.fields}
    heading = spec.new_heading if match.group(2) == "new" else EDIT_AGAIN[spec.kind]
    return _form(request, spec, heading, path, values, status=403, problem=FORM_EXPIRED_KEPT)


def _not_found(request: Request, exc: NotFound) -> Response:
    return page("employer_not_found.html", 404, title="Not found", base=_base(request))


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
        actor = _who_signs_in(db, email, password, api_key, ip)
        reason = "wrong api key" if api_key.strip() else "wrong email or password"
    except LockedOut:
        actor, reason = None, "locked"
    if actor is None:
        _audit_refused_sign_in(db, email, api_key, reason)
        return _login_page(request, LOGIN_FAILED, email, 401)
    audit.record(
        db,
        actor_type="employer",
        actor_id=actor.actor_id,
        action="employer.login",
        entity_type="employer",
        entity_id=actor.employer_id,
    )
    principals.sign_in(request, db, actor.actor_id)  # a fresh cookie and CSRF token
    db.commit()
    return RedirectResponse(f"{_base(request)}/", status_code=303)


def _who_signs_in(
    db: Session, email: str, password: str, api_key: str, ip: str | None
) -> Actor | None:
    """The actor for a right key or password, else None. Raises LockedOut while locked."""
    if api_key.strip():
        key = verify_api_key(db, api_key)
        return Actor(key.employer_id, f"key:{key.prefix}") if key is not None else None
    user = authenticate_user(db, email, password, ip=ip)
    db.commit()  # keep the failed-login count
    return Actor(user.employer_id, f"user:{user.id}") if user is not None else None


def _audit_refused_sign_in(db: Session, email: str, api_key: str, reason: str) -> None:
    """Every refused sign-in is audited: who it claimed to be, never the secret."""
    detail: dict[str, str] = {"reason": reason}
    if api_key.strip():
        detail["api_key_prefix"] = key_prefix(api_key)
    else:
        detail["email"] = email.strip().lower()[:254]
    audit.record(
        db,
        actor_type="employer",
        actor_id=None,
        action="employer.login_failed",
        entity_type="employer",
        entity_id=None,
        detail=detail,
    )
    db.commit()


# --- files -------------------------------------------------------------------------------------
def _import_upload(
    request: Request,
    db: Session,
    actor: Actor,
    files: dict[str, bytes | None],
    day: date,
) -> Response:
    """Import the chosen files, all or nothing, and show the page with the result (422 and the
    problems, row by row, when anything is wrong)."""
    if all(v is None for v in files.values()):
        refused_upload(db, actor.employer_id, actor.actor_id, "no file chosen")
        problem = RowError(0, "", "Choose at least one file")
        failed = ImportResult(errors=[("", problem)])
        return _home(request, db, actor, day, 422, result=failed, errors=failed.errors)
    employer = db.get(Employer, actor.employer_id)
    assert employer is not None
    result = import_files(
        db,
        employer,
        vacancy_file=files["vacancies"],
        pathway_file=files["pathways"],
        today=day,
        actor_id=actor.actor_id,
    )
    if result.ok:
        db.commit()
    else:
        db.rollback()
        refused_upload(db, actor.employer_id, actor.actor_id, "invalid files", result)
    return _home(
        request,
        db,
        actor,
        day,
        200 if result.ok else 422,
        result=result,
        errors=result.errors,
        more_errors=result.more_errors,
        summary=summary_words(result),
    )


def _export(db: Session, actor: Actor, name: str, day: date) -> Response:
    if name == "vacancies":
        return csv_response(export_vacancies(db, actor.employer_id, day), "vacancies.csv")
    if name == "pathways":
        return csv_response(export_pathways(db, actor.employer_id), "pathways.csv")
    raise NotFound(actor)


# --- the router ----------------------------------------------------------------------------------
def create_pages(
    session_factory: sessionmaker[Session],
    today: Callable[[], date],
    *,
    session_secret: str | None = None,
    secure_cookies: bool | None = None,
) -> APIRouter:
    """The sign-in, vacancy, pathway, upload and export pages; each route says what it needs
    and the work is done by the functions above."""
    secret, secure = _settings()
    front = FrontEnd(
        kind="employer",
        session_factory=session_factory,
        cookie=CookieSpec(
            name=COOKIE,
            secret=session_secret if session_secret is not None else secret,
            secure=secure if secure_cookies is None else secure_cookies,
            max_age=MAX_AGE,
            path="/employer",
        ),
        csrf_field="csrf",
        responders={NotSignedIn: _signed_out, CsrfFailed: _form_expired, NotFound: _not_found},
    )
    router = front.router(include_in_schema=False)
    _add_session_routes(router, today)
    _add_vacancy_routes(router, today)
    _add_vacancy_buttons(router, today)
    _add_pathway_routes(router, today)
    _add_file_routes(router, today)
    return router


def _add_session_routes(router: APIRouter, today: Callable[[], date]) -> None:
    @router.get("/", response_class=HTMLResponse)
    def index(request: Request, actor: EmployerOrNone, db: DbSession) -> Response:
        if actor is None:
            return _login_page(request)
        return _home(request, db, actor, today())

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


def _add_vacancy_routes(router: APIRouter, today: Callable[[], date]) -> None:
    spec = VACANCY_SPEC

    @router.get("/vacancies/new", response_class=HTMLResponse)
    def new_vacancy(request: Request, actor: CurrentEmployer) -> Response:
        return _form(request, spec, spec.new_heading, str(request.url.path), {})

    @router.post("/vacancies/new")
    def create_vacancy(
        request: Request, form: CheckedForm, actor: CurrentEmployer, db: DbSession
    ) -> Response:
        def write(row: dict[str, str]) -> object:
            return vacancies.create(db, actor, row, today())

        return _save(request, db, spec, form, spec.new_heading, write, "vacancy-saved")

    @router.get("/vacancies/{vacancy_id}", response_class=HTMLResponse)
    def edit_vacancy(request: Request, vacancy: EmployerVacancy) -> Response:
        values = _form_values(VACANCY_HEADERS, vacancy_row(vacancy))
        heading = spec.edit_heading.format(vacancy.job_title)
        return _form(request, spec, heading, str(request.url.path), values)

    @router.post("/vacancies/{vacancy_id}")
    def update_vacancy(
        request: Request,
        form: CheckedForm,
        actor: CurrentEmployer,
        vacancy: EmployerVacancy,
        db: DbSession,
    ) -> Response:
        heading = spec.edit_heading.format(vacancy.job_title)

        def write(row: dict[str, str]) -> object:
            return vacancies.update(db, actor, vacancy, row, today())

        return _save(request, db, spec, form, heading, write, "vacancy-saved")


def _add_vacancy_buttons(router: APIRouter, today: Callable[[], date]) -> None:
    @router.post("/vacancies/{vacancy_id}/close")
    def close_vacancy(
        request: Request,
        form: CheckedForm,
        actor: CurrentEmployer,
        vacancy: EmployerVacancy,
        db: DbSession,
    ) -> Response:
        vacancies.close(db, actor, vacancy)
        db.commit()
        return _back(request, "vacancy-closed")

    @router.post("/vacancies/{vacancy_id}/reopen")
    def reopen_vacancy(
        request: Request,
        form: CheckedForm,
        actor: CurrentEmployer,
        vacancy: EmployerVacancy,
        db: DbSession,
    ) -> Response:
        try:
            vacancies.reopen(db, actor, vacancy, today())
        except Invalid:
            return _back(request, "reopen-expired")
        db.commit()
        return _back(request, "vacancy-reopened")


def _add_pathway_routes(router: APIRouter, today: Callable[[], date]) -> None:
    spec = PATHWAY_SPEC

    @router.get("/pathways/new", response_class=HTMLResponse)
    def new_step(request: Request, actor: CurrentEmployer) -> Response:
        return _form(request, spec, spec.new_heading, str(request.url.path), {})

    @router.post("/pathways/new")
    def create_step(
        request: Request, form: CheckedForm, actor: CurrentEmployer, db: DbSession
    ) -> Response:
        def write(row: dict[str, str]) -> object:
            return pathways.create(db, actor, row, today())

        return _save(request, db, spec, form, spec.new_heading, write, "step-saved")

    @router.get("/pathways/{step_id}", response_class=HTMLResponse)
    def edit_step(request: Request, step: EmployerPathway) -> Response:
        values = _form_values(PATHWAY_HEADERS, pathway_row(step))
        return _form(request, spec, spec.edit_heading, str(request.url.path), values)

    @router.post("/pathways/{step_id}")
    def update_step(
        request: Request,
        form: CheckedForm,
        actor: CurrentEmployer,
        step: EmployerPathway,
        db: DbSession,
    ) -> Response:
        def write(row: dict[str, str]) -> object:
            return pathways.update(db, actor, step, row, today())

        return _save(request, db, spec, form, spec.edit_heading, write, "step-saved")

    @router.post("/pathways/{step_id}/delete")
    def delete_step(
        request: Request,
        form: CheckedForm,
        actor: CurrentEmployer,
        step: EmployerPathway,
        db: DbSession,
    ) -> Response:
        pathways.delete_step(db, actor, step)
        db.commit()
        return _back(request, "step-deleted")


def _add_file_routes(router: APIRouter, today: Callable[[], date]) -> None:
    @router.post("/upload")
    def upload(
        request: Request,
        actor: EmployerOrNone,
        db: DbSession,
        token: Annotated[str, Form(alias="csrf", max_length=200)] = "",
        vacancies_file: Annotated[UploadFile | None, File(alias="vacancies")] = None,
        pathways_file: Annotated[UploadFile | None, File(alias="pathways")] = None,
    ) -> Response:
        if actor is None:
            refused_upload(db, None, None, "not signed in")
            return _login_page(request, "Please sign in again", status=401)
        if not csrf.valid(request, token):
            refused_upload(db, actor.employer_id, actor.actor_id, "form expired (CSRF)")
            return Response(
                "This form has expired. Go back, reload the page and try again.", status_code=403
            )
        files = {"vacancies": read_upload(vacancies_file), "pathways": read_upload(pathways_file)}
        return _import_upload(request, db, actor, files, today())

    @router.get("/export/{name}.csv")
    def export(name: str, actor: CurrentEmployer, db: DbSession) -> Response:
        return _export(db, actor, name, today())
