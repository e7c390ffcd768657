"""The employers' web pages at /employer: sign in, see, post, change and close vacancies,
publish career pathway steps, upload and download the CSV files.

A form that breaks a rule comes back with what was typed and the problems next to the fields,
so nothing is lost. Another employer's vacancy or step is "Not found". Sessions and CSRF are
`jobs/api/security.py`'s.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session, sessionmaker

from course_catalogue.csv_format import MAX_FILE_LABEL
from course_catalogue.validate import RowError, problems_message
from db.models import Employer
from jobs import access, pathways, vacancies
from jobs.access import Actor, Conflict, Invalid
from jobs.api.routes import csv_response, read_upload
from jobs.api.security import LOGIN_FAILED, PageSecurity, base, check_login
from jobs.csv_format import (
    CONTRACT_LABELS,
    MAX_ROWS,
    PATHWAY_HEADERS,
    SECTOR_KEYS,
    SECTOR_LABELS,
    VACANCY_HEADERS,
)
from jobs.export import export_pathways, export_vacancies, pathway_row, vacancy_row
from jobs.importer import FILE_NAMES, ImportResult, import_files, refused_upload
from web_security.ids import PathId

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


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_templates.get_template(name).render(**context), status_code=status)


async def form_values(request: Request) -> dict[str, str]:
    """The posted form's text fields (read here, so the page handlers can stay plain
    functions run in the thread pool)."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


FormDep = Annotated[dict[str, str], Depends(form_values)]


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


def create_pages(
    session_factory: sessionmaker[Session],
    today: Callable[[], date],
    security: PageSecurity,
) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def get_session() -> Iterator[Session]:
        with session_factory() as session:
            yield session

    SessionDep = Annotated[Session, Depends(get_session)]

    def login_page(request: Request, message: str = "", email: str = "", status: int = 200):
        return page(
            "employer_login.html",
            status,
            title="Sign in",
            base=base(request),
            message=message,
            email=email,
        )

    def home(request: Request, session: Session, actor: Actor, status: int = 200, **extra: Any):
        employer = session.get(Employer, actor.employer_id)
        day = today()
        rows = [
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
            for v in access.list_vacancies(session, actor.employer_id)
        ]
        steps = [
            {
                "id": p.id,
                "sector": SECTOR_LABELS.get(p.sector, p.sector),
                "role": p.role,
                "next_role": p.next_role,
                "pay": _pay(p.next_pay_min_pence, p.next_pay_max_pence),
                "needed": p.requirements or "",
                "months": p.typical_months or "",
            }
            for p in access.list_pathways(session, actor.employer_id)
        ]
        done = request.query_params.get("done", "")
        context = {"result": None, "errors": [], "more_errors": 0, "summary": "", **extra}
        context["problems"] = problems_message(len(context["errors"]), context["more_errors"])
        return page(
            "employer_home.html",
            status,
            title="Your vacancies",
            base=base(request),
            employer=employer,
            vacancies=rows,
            steps=steps,
            csrf=security.csrf_for(request),
            notice=NOTICES.get(done, ""),
            problem=PROBLEMS.get(done, ""),
            max_size=MAX_FILE_LABEL,
            max_rows=MAX_ROWS,
            file_names=FILE_NAMES,
            **context,
        )

    def back(request: Request, done: str) -> RedirectResponse:
        return RedirectResponse(f"{base(request)}/?done={done}", status_code=303)

    def not_found() -> HTMLResponse:
        return HTMLResponse("Not found", status_code=404)

    def form(
        request: Request,
        heading: str,
        action: str,
        fields: tuple[FormField, ...],
        values: dict[str, str],
        errors: list[tuple[str, str]] | None = None,
        status: int = 200,
    ) -> HTMLResponse:
        return page(
            "employer_form.html",
            status,
            title=heading,
            heading=heading,
            base=base(request),
            action=action,
            fields=fields,
            values=values,
            errors=errors or [],
            csrf=security.csrf_for(request),
        )

    def guard(request: Request, session: Session, values: dict[str, str]) -> Actor | Response:
        """The signed-in actor for a form post, or the answer to send instead."""
        actor = security.signed_in(request, session)
        if actor is None:
            return RedirectResponse(f"{base(request)}/", status_code=303)
        if not security.csrf_ok(request, values.get("csrf", "")):
            return back(request, "form-expired")
        return actor

    # --- sign in and out -------------------------------------------------------------------
    @router.get("/", response_class=HTMLResponse)
    def index(request: Request, session: SessionDep) -> Response:
        actor = security.signed_in(request, session)
        if actor is None:
            return login_page(request)
        return home(request, session, actor)

    @router.post("/login")
    def login(
        request: Request,
        session: SessionDep,
        email: Annotated[str, Form(max_length=1000)] = "",
        password: Annotated[str, Form(max_length=1000)] = "",
        api_key: Annotated[str, Form(max_length=1000)] = "",
    ) -> Response:
        if not api_key.strip() and not (email.strip() and password):
            return login_page(request, "Enter your email and password, or your API key", email, 400)
        actor = check_login(request, session, email, password, api_key)
        if actor is None:
            return login_page(request, LOGIN_FAILED, email, 401)
        response = RedirectResponse(f"{base(request)}/", status_code=303)
        security.sign_in(request, session, actor, response)
        return response

    @router.post("/logout")
    def logout(request: Request, session: SessionDep, values: FormDep) -> Response:
        response = RedirectResponse(f"{base(request)}/", status_code=303)
        if security.csrf_ok(request, values.get("csrf", "")):
            security.sign_out(request, session, response)
        return response

    # --- vacancies -------------------------------------------------------------------------
    @router.get("/vacancies/new", response_class=HTMLResponse)
    def new_vacancy(request: Request, session: SessionDep) -> Response:
        if security.signed_in(request, session) is None:
            return RedirectResponse(f"{base(request)}/", status_code=303)
        return form(request, "Post a vacancy", f"{base(request)}/vacancies/new", VACANCY_FORM, {})

    @router.post("/vacancies/new")
    def create_vacancy(request: Request, session: SessionDep, values: FormDep) -> Response:
        actor = guard(request, session, values)
        if not isinstance(actor, Actor):
            return actor
        try:
            vacancies.create(session, actor, as_row(values, VACANCY_HEADERS), today())
        except (Invalid, Conflict) as exc:
            session.rollback()
            errors = exc.errors if isinstance(exc, Invalid) else [("your_reference", str(exc))]
            action = f"{base(request)}/vacancies/new"
            return form(request, "Post a vacancy", action, VACANCY_FORM, values, errors, 422)
        session.commit()
        return back(request, "vacancy-saved")

    @router.get("/vacancies/{vacancy_id}", response_class=HTMLResponse)
    def edit_vacancy(vacancy_id: PathId, request: Request, session: SessionDep) -> Response:
        actor = security.signed_in(request, session)
        if actor is None:
            return RedirectResponse(f"{base(request)}/", status_code=303)
        vacancy = access.get_vacancy(session, actor.employer_id, vacancy_id)
        if vacancy is None:
            return not_found()
        values = _form_values(VACANCY_HEADERS, vacancy_row(vacancy))
        action = f"{base(request)}/vacancies/{vacancy.id}"
        return form(request, f"Change: {vacancy.job_title}", action, VACANCY_FORM, values)

    @router.post("/vacancies/{vacancy_id}")
    def update_vacancy(
        vacancy_id: PathId, request: Request, session: SessionDep, values: FormDep
    ) -> Response:
        actor = guard(request, session, values)
        if not isinstance(actor, Actor):
            return actor
        vacancy = access.get_vacancy(session, actor.employer_id, vacancy_id)
        if vacancy is None:
            return not_found()
        title = vacancy.job_title
        try:
            vacancies.update(session, actor, vacancy, as_row(values, VACANCY_HEADERS), today())
        except (Invalid, Conflict) as exc:
            session.rollback()
            errors = exc.errors if isinstance(exc, Invalid) else [("your_reference", str(exc))]
            action = f"{base(request)}/vacancies/{vacancy_id}"
            return form(request, f"Change: {title}", action, VACANCY_FORM, values, errors, 422)
        session.commit()
        return back(request, "vacancy-saved")

    @router.post("/vacancies/{vacancy_id}/close")
    def close_vacancy(
        vacancy_id: PathId, request: Request, session: SessionDep, values: FormDep
    ) -> Response:
        actor = guard(request, session, values)
        if not isinstance(actor, Actor):
            return actor
        vacancy = access.get_vacancy(session, actor.employer_id, vacancy_id)
        if vacancy is None:
            return not_found()
        vacancies.close(session, actor, vacancy)
        session.commit()
        return back(request, "vacancy-closed")

    @router.post("/vacancies/{vacancy_id}/reopen")
    def reopen_vacancy(
        vacancy_id: PathId, request: Request, session: SessionDep, values: FormDep
    ) -> Response:
        actor = guard(request, session, values)
        if not isinstance(actor, Actor):
            return actor
        vacancy = access.get_vacancy(session, actor.employer_id, vacancy_id)
        if vacancy is None:
            return not_found()
        try:
            vacancies.reopen(session, actor, vacancy, today())
        except Invalid:
            return back(request, "reopen-expired")
        session.commit()
        return back(request, "vacancy-reopened")

    # --- career pathways -------------------------------------------------------------------
    @router.get("/pathways/new", response_class=HTMLResponse)
    def new_step(request: Request, session: SessionDep) -> Response:
        if security.signed_in(request, session) is None:
            return RedirectResponse(f"{base(request)}/", status_code=303)
        action = f"{base(request)}/pathways/new"
        return form(request, "Add a career pathway step", action, PATHWAY_FORM, {})

    @router.post("/pathways/new")
    def create_step(request: Request, session: SessionDep, values: FormDep) -> Response:
        actor = guard(request, session, values)
        if not isinstance(actor, Actor):
            return actor
        try:
            pathways.create(session, actor, as_row(values, PATHWAY_HEADERS), today())
        except (Invalid, Conflict) as exc:
            session.rollback()
            errors = exc.errors if isinstance(exc, Invalid) else [("next_role", str(exc))]
            action = f"{base(request)}/pathways/new"
            heading = "Add a career pathway step"
            return form(request, heading, action, PATHWAY_FORM, values, errors, 422)
        session.commit()
        return back(request, "step-saved")

    @router.get("/pathways/{step_id}", response_class=HTMLResponse)
    def edit_step(step_id: PathId, request: Request, session: SessionDep) -> Response:
        actor = security.signed_in(request, session)
        if actor is None:
            return RedirectResponse(f"{base(request)}/", status_code=303)
        step = access.get_pathway(session, actor.employer_id, step_id)
        if step is None:
            return not_found()
        values = _form_values(PATHWAY_HEADERS, pathway_row(step))
        action = f"{base(request)}/pathways/{step.id}"
        return form(request, "Change a career pathway step", action, PATHWAY_FORM, values)

    @router.post("/pathways/{step_id}")
    def update_step(
        step_id: PathId, request: Request, session: SessionDep, values: FormDep
    ) -> Response:
        actor = guard(request, session, values)
        if not isinstance(actor, Actor):
            return actor
        step = access.get_pathway(session, actor.employer_id, step_id)
        if step is None:
            return not_found()
        try:
            pathways.update(session, actor, step, as_row(values, PATHWAY_HEADERS), today())
        except (Invalid, Conflict) as exc:
            session.rollback()
            errors = exc.errors if isinstance(exc, Invalid) else [("next_role", str(exc))]
            action = f"{base(request)}/pathways/{step_id}"
            heading = "Change a career pathway step"
            return form(request, heading, action, PATHWAY_FORM, values, errors, 422)
        session.commit()
        return back(request, "step-saved")

    @router.post("/pathways/{step_id}/delete")
    def delete_step(
        step_id: PathId, request: Request, session: SessionDep, values: FormDep
    ) -> Response:
        actor = guard(request, session, values)
        if not isinstance(actor, Actor):
            return actor
        step = access.get_pathway(session, actor.employer_id, step_id)
        if step is None:
            return not_found()
        pathways.delete_step(session, actor, step)
        session.commit()
        return back(request, "step-deleted")

    # --- files -----------------------------------------------------------------------------
    @router.post("/upload")
    def upload(
        request: Request,
        session: SessionDep,
        csrf: Annotated[str, Form(max_length=200)] = "",
        vacancies_file: Annotated[UploadFile | None, File(alias="vacancies")] = None,
        pathways_file: Annotated[UploadFile | None, File(alias="pathways")] = None,
    ) -> Response:
        actor = security.signed_in(request, session)
        if actor is None:
            refused_upload(session, None, None, "not signed in")
            return login_page(request, "Please sign in again", status=401)
        if not security.csrf_ok(request, csrf):
            refused_upload(session, actor.employer_id, actor.actor_id, "form expired (CSRF)")
            return HTMLResponse(
                "This form has expired. Go back, reload the page and try again.", status_code=403
            )
        data = {
            "vacancy_file": read_upload(vacancies_file),
            "pathway_file": read_upload(pathways_file),
        }
        if all(v is None for v in data.values()):
            refused_upload(session, actor.employer_id, actor.actor_id, "no file chosen")
            problem = RowError(0, "", "Choose at least one file")
            return home(
                request,
                session,
                actor,
                422,
                result=ImportResult(errors=[("", problem)]),
                errors=[("", problem)],
            )
        employer = session.get(Employer, actor.employer_id)
        assert employer is not None
        result = import_files(
            session,
            employer,
            vacancy_file=data.get("vacancy_file"),
            pathway_file=data.get("pathway_file"),
            today=today(),
            actor_id=actor.actor_id,
        )
        if result.ok:
            session.commit()
        else:
            session.rollback()
            refused_upload(session, actor.employer_id, actor.actor_id, "invalid files", result)
        return home(
            request,
            session,
            actor,
            200 if result.ok else 422,
            result=result,
            errors=result.errors,
            more_errors=result.more_errors,
            summary=summary_words(result),
        )

    @router.get("/export/{name}.csv")
    def export(name: str, request: Request, session: SessionDep) -> Response:
        actor = security.signed_in(request, session)
        if actor is None:
            return RedirectResponse(f"{base(request)}/", status_code=303)
        if name == "vacancies":
            data = export_vacancies(session, actor.employer_id, today())
        elif name == "pathways":
            data = export_pathways(session, actor.employer_id)
        else:
            return not_found()
        return csv_response(data, f"{name}.csv")

    return router
