"""The coach web app: login, caseload, worker pages, impact report (server-rendered Jinja2).

`create_coach_app` builds a FastAPI app that the service mounts at /coach; every URL is made with
`request.url_for`, so the app works under any mount path. Sign-ins, the session cookie, CSRF,
login throttling and security headers are the web security layer's (`web_security`): each route
says what it needs in its signature (`CurrentCoach`, `VisibleWorker`, `CheckedForm`,
`DbSession`), and the layer's refusals become this app's pages (login, 403 form expired, 404).
The routes come in groups (`ROUTE_GROUPS`): each is a function that adds its routes to the front
end's router with what they share (`CoachPages`: templates, time zone, database, Telegram sender).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from coach_web import auth, queries, review, summaries
from coach_web.benchmarks import (
    LONDON_POSTCODE_AREAS,
    REAL_LIVING_WAGE_LONDON_PENCE,
    REAL_LIVING_WAGE_SOURCE,
    REAL_LIVING_WAGE_UK_PENCE,
    STEP_UP,
    STEP_UP_SOURCE,
    real_living_wage_pence,
)
from coach_web.caseload import (
    FLAG_LABELS,
    JOB_FILTERS,
    SORTS,
    STAGES,
    canonical_flag_kind,
    flag_label,
    pounds,
)
from coach_web.chart import line_chart
from coach_web.jobs_view import worker_jobs
from coach_web.outcomes import CONTRACT_LABELS, GOAL_KIND_LABELS
from db import audit, web_sessions
from db.ids import valid_id
from db.models import Coach, CoachNote, ConversationMessage, HelpOffer, ProviderUser, Worker
from db.types import utcnow
from db.unavailable import install_database_down_handler
from support import ALL_FACTS as SUPPORT_FACTS
from web_security import csrf, principals
from web_security.cookies import CookieSpec
from web_security.csrf import CsrfFailed
from web_security.csv_safe import iter_csv
from web_security.deps import (
    CheckedForm,
    ClientIp,
    CurrentCoach,
    DbSession,
    PathId,
    VisibleWorker,
)
from web_security.front import FrontEnd, NotFound
from web_security.headers import SecurityHeaders
from web_security.principals import NotSignedIn

log = logging.getLogger("escalator.coach_web")

SendToWorker = Callable[[Worker, str], Awaitable[None]]
TEMPLATES = Path(__file__).parent / "templates"
SESSION_COOKIE = "coach_session"
SESSION_MAX_AGE = 8 * 60 * 60  # one working day
MAX_MESSAGE_CHARS = 4096  # Telegram's limit for one text message
MAX_NOTE_CHARS = 5000
TRANSCRIPT_WINDOW = 200  # latest messages shown; ?all=1 shows the whole conversation
TRANSCRIPT_ALL_CAP = 5000  # ... up to this many (years of chat), so a page stays bounded
CANNOT_SEND_STATUSES = frozenset({"stopped", "inactive"})
# what a coach can mark a help item offered by the bot as (help_offers.status)
HELP_MARKS = {
    "taken_up": "Taken up",
    "not_wanted": "Not wanted",
    "offered": "Offered (not marked)",
}
HELP_BUTTONS = {"taken_up": "Taken up", "not_wanted": "Not wanted", "offered": "Clear the mark"}
# help item id -> the text the bot showed, from every year's support data
HELP_TEXTS = {item.id: item.text for facts in SUPPORT_FACTS.values() for item in facts.items}
LOGIN_FAILED = (
    "That email and password do not match, or the account is locked for a while after too many "
    "wrong tries. Check them and try again, or wait 15 minutes."
)


def _pct(value: float | None, signed: bool = True) -> str:
    if value is None:
        return "-"
    return f"{value:+.1f}%" if signed else f"{value:.1f}%"


def _signed_pounds(pence: float) -> str:
    """+£1.25 / -£0.40 / £0.00, for a change in hourly pay (a mean may have a fraction)."""
    whole = round(pence)
    sign = "+" if whole > 0 else "-" if whole < 0 else ""
    return f"{sign}£{abs(whole) // 100}.{abs(whole) % 100:02d}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _environment(tz_name: str) -> Environment:
    """Jinja2 with autoescape always on: worker text is never trusted as HTML."""
    tz = ZoneInfo(tz_name)

    def when(value: datetime | None) -> str:  # coaches read UK local time
        return "-" if value is None else value.astimezone(tz).strftime("%d %b %Y %H:%M")

    def day(value: datetime | None) -> str:
        return "-" if value is None else value.astimezone(tz).strftime("%d %b %Y")

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
    )
    env.filters.update(
        when=when, day=day, pounds=pounds, pct=_pct, share=_share, signed_pounds=_signed_pounds
    )
    return env


def _url(request: Request, name: str, **params: Any) -> str:
    """A path made by route name, so the app works under any mount path."""
    return request.url_for(name, **params).path


def _signed_out(request: Request, exc: NotSignedIn) -> Response:
    return RedirectResponse(_url(request, "coach_login"), status_code=303)


def _pay_charts(worker: Worker) -> tuple[str, str]:
    """The worker page's two charts: hourly pay against the Real Living Wage where they live,
    and weekly earnings (records with both the pay and the hours)."""
    hourly_points = [
        (e.recorded_at, e.hourly_pay_pence) for e in worker.earnings if e.hourly_pay_pence
    ]
    weekly_points = []
    for e in worker.earnings:
        if e.hourly_pay_pence and e.weekly_hours is not None:
            weekly_points.append((e.recorded_at, round(e.hourly_pay_pence * e.weekly_hours)))
    rlw = real_living_wage_pence(worker.postcode_district)
    hourly_chart = line_chart(
        hourly_points,
        title="Hourly pay",
        fmt=lambda v: pounds(v),
        reference=(rlw, f"Real Living Wage {pounds(rlw)}"),
    )
    weekly_chart = line_chart(
        weekly_points, title="Weekly earnings", fmt=lambda v: f"£{v / 100:,.0f}"
    )
    return hourly_chart, weekly_chart


@dataclass(frozen=True)
class CoachPages:
    """What the routes share: the templates, the coaches' time zone, the database (for work
    outside a request's session: the summaries' refresh, streamed CSV files) and the Telegram
    sender. One per app, handed to each group of routes below."""

    env: Environment
    tz: ZoneInfo
    session_factory: sessionmaker[Session]
    send_to_worker: SendToWorker | None

    def render(
        self,
        request: Request,
        template: str,
        status_code: int = 200,
        coach: Coach | None = None,
        **context: Any,
    ) -> HTMLResponse:
        flash = request.session.pop("flash", None)
        body = self.env.get_template(template).render(
            request=request,
            url=lambda name, **p: _url(request, name, **p),
            csrf_token=csrf.token(request),
            coach=coach,
            flash=flash,
            **context,
        )
        return HTMLResponse(body, status_code=status_code)

    # --- the layer's refusals, as this app's pages -------------------------------------------
    def form_expired(self, request: Request, exc: CsrfFailed) -> Response:
        # an expired form loses nothing: what the coach wrote is shown to copy (as text)
        draft = exc.form.get("text", "")[:MAX_NOTE_CHARS]
        return self.render(request, "csrf.html", status_code=403, draft=draft)

    def not_found(self, request: Request, exc: NotFound) -> Response:
        coach = exc.principal if isinstance(exc.principal, Coach) else None
        return self.render(request, "not_found.html", status_code=404, coach=coach)

    def worker_page(
        self,
        request: Request,
        s: Session,
        coach: Coach,
        worker: Worker,
        *,
        status_code: int = 200,
        error: str | None = None,
        draft: str = "",
        note_draft: str = "",
    ) -> HTMLResponse:
        # bounded: the latest TRANSCRIPT_WINDOW messages (?all=1: up to TRANSCRIPT_ALL_CAP),
        # a count, and look-ups for the few older messages that facts link to
        show_all = request.query_params.get("all") == "1"
        shown = queries.transcript(
            s, worker, limit=TRANSCRIPT_ALL_CAP if show_all else TRANSCRIPT_WINDOW
        )
        total_messages, last_in = queries.message_count_and_last_in(s, worker)
        summary, plan = queries.build_summary(s, worker, shown)
        shown_ids = {m.id for m in shown}
        linked = {p.message_id for p in summary if p.message_id is not None}
        linked |= {f.message_id for f in worker.flags if f.message_id is not None}
        older_ids = queries.own_message_ids(s, worker, linked - shown_ids)
        page_url = _url(request, "coach_worker", worker_id=worker.id)

        def msg_link(message_id: int | None) -> str | None:
            """Anchor of a fact's message; older messages open the full transcript."""
            if message_id in shown_ids:
                return f"#msg-{message_id}"
            if message_id in older_ids:
                return f"{page_url}?all=1#msg-{message_id}"
            return None

        contacts = [t for t in (worker.last_contact_at, last_in) if t]
        hourly_chart, weekly_chart = _pay_charts(worker)
        notes = sorted(worker.notes, key=lambda n: n.created_at, reverse=True)
        note_authors = {
            c.id: c.name
            for c in s.scalars(
                select(Coach).where(Coach.id.in_({n.coach_id for n in notes if n.coach_id}))
            )
        }
        jobs = worker_jobs(s, worker, utcnow().astimezone(self.tz).date())
        audit.record(
            s,
            actor_type="coach",
            actor_id=coach.id,
            action="view_worker",
            entity_type="worker",
            entity_id=worker.id,
        )
        s.commit()
        return self.render(
            request,
            "worker.html",
            status_code=status_code,
            coach=coach,
            worker=worker,
            name=queries.display_name(worker),
            stage=queries.worker_stage(worker),
            flags=queries.worker_flags(worker),
            next_checkin=queries.next_checkin(worker),
            summary=summary,
            plan=plan,
            msg_link=msg_link,
            messages=shown,
            hidden_messages=total_messages - len(shown),
            last_contact=max(contacts, default=None),
            notes=notes,
            note_authors=note_authors,
            hourly_chart=hourly_chart,
            weekly_chart=weekly_chart,
            send_block=self.send_block(worker),
            help_offered=queries.help_lines(worker, HELP_TEXTS),
            help_marks=HELP_MARKS,
            help_buttons=HELP_BUTTONS,
            all_coaches=(
                s.scalars(select(Coach).order_by(Coach.name)).all() if coach.role == "admin" else []
            ),
            jobs=jobs,
            error=error,
            draft=draft,
            note_draft=note_draft,
        )

    def send_block(self, worker: Worker) -> str | None:
        """Why the coach cannot message this worker now, or None when they can."""
        name = queries.display_name(worker)
        if self.send_to_worker is None:
            return "Sending is off: no Telegram bot token is configured for this service."
        if worker.channel == "demo":
            return f"{name} is a fictional demo worker: there is no chat to send to."
        if worker.channel != "telegram":
            return f"{name} chats through the {worker.channel} demo, not Telegram."
        if worker.status in CANNOT_SEND_STATUSES:
            return f"{name} has stopped the chat, so the bot cannot send messages to them."
        return None

    def why_not_send(self, worker: Worker, text: str) -> tuple[str, int] | None:
        """Why this message cannot go, and the status to answer with, before Telegram is
        asked: sending is blocked (409), or the text is empty or over Telegram's limit (400)."""
        blocked = self.send_block(worker)
        if blocked:
            return blocked, 409
        if not text:
            return "The message is empty. Write something first.", 400
        if len(text) > MAX_MESSAGE_CHARS:
            return (
                f"That message is too long: Telegram takes up to {MAX_MESSAGE_CHARS} "
                "characters. Split it in two.",
                400,
            )
        return None

    async def deliver(self, worker: Worker, text: str) -> tuple[str, int] | None:
        """Hand the message to the Telegram sender; None when it took it, else the 502 answer
        (the sender's errors vary: network, blocked bot, ...)."""
        assert self.send_to_worker is not None
        try:
            sending = self.send_to_worker(worker, text)
            if inspect.isawaitable(sending):
                await sending
        except Exception as exc:
            log.warning("Coach message to worker %s failed: %s", worker.id, exc)
            return (
                "The message could not be sent just now (Telegram did not take it). "
                "Your text is still in the box below: try again in a minute.",
                502,
            )
        return None


def _record_sent(db: Session, coach: Coach, worker: Worker, text: str) -> None:
    """The message the coach sent, in the worker's transcript, and its audit row."""
    msg = ConversationMessage(worker_id=worker.id, direction="out", text=text, sender="coach")
    db.add(msg)
    db.flush()
    audit.record(
        db,
        actor_type="coach",
        actor_id=coach.id,
        action="send_message",
        entity_type="worker",
        entity_id=worker.id,
        detail={"message_id": msg.id},
    )
    db.commit()


def create_coach_app(
    session_factory: sessionmaker[Session],
    settings: Any,
    send_to_worker: SendToWorker | None,
) -> FastAPI:
    """The coach app: the web security layer's front end for coaches, with each group of
    routes added by a function below."""
    app = FastAPI(
        title="Skills Escalator: coaches", docs_url=None, redoc_url=None, openapi_url=None
    )
    app.add_middleware(SecurityHeaders)
    install_database_down_handler(app)
    tz_name = getattr(settings, "timezone", None) or "Europe/London"
    pages = CoachPages(_environment(tz_name), ZoneInfo(tz_name), session_factory, send_to_worker)
    if settings.session_secret == "change-me-in-production":
        log.warning("SESSION_SECRET is the default: set your own before real coaches log in.")
    front = FrontEnd(
        kind="coach",
        session_factory=session_factory,
        cookie=CookieSpec(
            name=SESSION_COOKIE,
            secret=str(settings.session_secret),
            secure=bool(settings.secure_cookies),
            max_age=SESSION_MAX_AGE,
        ),
        csrf_field="csrf_token",
        responders={
            NotSignedIn: _signed_out,
            CsrfFailed: pages.form_expired,
            NotFound: pages.not_found,
        },
    )
    router = front.router()
    for add_routes in ROUTE_GROUPS:
        add_routes(router, pages)
    app.include_router(router)
    return app


def _add_login_routes(router: APIRouter, pages: CoachPages) -> None:
    """Sign in and out."""

    @router.get("/login", name="coach_login", response_class=HTMLResponse)
    def login_form(request: Request) -> HTMLResponse:
        return pages.render(request, "login.html")

    @router.post("/login", name="coach_login_submit", response_class=HTMLResponse)
    def login_submit(request: Request, form: CheckedForm, db: DbSession, ip: ClientIp) -> Response:
        email = form.get("email", "").strip()[:254]
        password = form.get("password", "")[:1024]
        result = auth.authenticate(db, email, password, ip=ip)
        coach = result.coach
        if coach is not None:  # a fresh session at login: no fixation, a new CSRF token
            principals.sign_in(request, db, str(coach.id), bind=coach.password_hash)
        audit.record(
            db,
            actor_type="coach",
            actor_id=coach.id if coach else None,
            action="login" if coach else "login_failed",
            entity_type="coach",
            entity_id=coach.id if coach else None,
            detail=None if coach else {"email": auth.normalise_email(email)},
        )
        db.commit()
        if coach is None:
            # One answer for a wrong email, a wrong password and a locked account, so the page
            # never tells anyone which emails have accounts.
            return pages.render(
                request, "login.html", status_code=401, error=LOGIN_FAILED, email=email
            )
        return RedirectResponse(_url(request, "coach_caseload"), status_code=303)

    @router.post("/logout", name="coach_logout")
    def logout(request: Request, form: CheckedForm, db: DbSession) -> Response:
        principals.sign_out(request, db)  # the cookie, even a copy of it, signs nobody in
        db.commit()
        return RedirectResponse(_url(request, "coach_login"), status_code=303)


def _add_caseload_route(router: APIRouter, pages: CoachPages) -> None:
    """The caseload: one page of the coach's workers."""

    @router.get("/", name="coach_caseload", response_class=HTMLResponse)
    def caseload(
        request: Request,
        coach: CurrentCoach,
        db: DbSession,
        q: str = "",
        stage: str = "",
        flag: str = "",
        jobs: str = "",
        sort: str = "attention",
        page: str = "1",
    ) -> HTMLResponse:
        """One page of the caseload: search, filters, sort and paging in SQL over the worker
        summaries (coach_web.summaries), which are brought up to date for this coach first."""
        stage = stage if stage in STAGES else ""
        flag = flag if flag in FLAG_LABELS or flag == "any" else ""
        jobs = jobs if jobs in JOB_FILTERS else ""
        sort = sort if sort in SORTS else "attention"
        number = int(page) if page.isdigit() and 0 < int(page) <= queries.MAX_PAGE else 1
        summaries.refresh_dirty(
            pages.session_factory, limit=summaries.PAGE_REFRESH_LIMIT, coach=coach
        )
        found = queries.caseload_page(
            db, coach, q=q[:100], stage=stage, flag=flag, jobs=jobs, sort=sort, page=number
        )
        audit.record(
            db,
            actor_type="coach",
            actor_id=coach.id,
            action="view_caseload",
            entity_type="worker",
            detail={"worker_ids": [r.worker_id for r in found.rows]},
        )
        db.commit()
        base = _url(request, "coach_caseload")
        qs = {
            k: v for k, v in {"q": q[:100], "stage": stage, "flag": flag, "jobs": jobs}.items() if v
        }
        if sort != "attention":
            qs["sort"] = sort

        def page_link(n: int) -> str:
            return base + "?" + urlencode({**qs, "page": str(n)})

        first = (found.page - 1) * queries.PAGE_SIZE + 1
        return pages.render(
            request,
            "caseload.html",
            coach=coach,
            rows=found.rows,
            total=found.total,
            needing=found.needing,
            matching=found.matching,
            preparing=found.preparing,
            page=found.page,
            pages=found.pages,
            shown_from=first,
            shown_to=first + len(found.rows) - 1,
            prev_link=page_link(found.page - 1) if found.page > 1 else None,
            next_link=page_link(found.page + 1) if found.page < found.pages else None,
            q=q,
            stage=stage,
            flag=flag,
            jobs=jobs,
            job_filters=JOB_FILTERS,
            sort=sort,
            stages=STAGES,
            flag_labels=FLAG_LABELS,
            sorts=SORTS,
        )


def _add_worker_routes(router: APIRouter, pages: CoachPages) -> None:
    """The worker page, and the admin's and the coach's changes to the worker's record: who
    their coach is, flags dealt with."""

    @router.get("/workers/{worker_id}", name="coach_worker", response_class=HTMLResponse)
    def worker_view(
        request: Request, worker: VisibleWorker, coach: CurrentCoach, db: DbSession
    ) -> HTMLResponse:
        return pages.worker_page(request, db, coach, worker)

    @router.post(
        "/workers/{worker_id}/coach", name="coach_assign_coach", response_class=HTMLResponse
    )
    def assign_coach(
        request: Request,
        form: CheckedForm,
        worker: VisibleWorker,
        coach: CurrentCoach,
        db: DbSession,
    ) -> Response:
        """Admins move a worker to another coach's caseload (or to nobody's)."""
        if coach.role != "admin":
            return pages.render(request, "forbidden.html", status_code=403, coach=coach)
        choice = form.get("coach_id", "")
        new_id = int(choice) if choice.isdigit() else None
        if new_id is not None and (not valid_id(new_id) or db.get(Coach, new_id) is None):
            return pages.worker_page(
                request,
                db,
                coach,
                worker,
                status_code=400,
                error="That coach no longer exists. Pick another.",
            )
        before = worker.coach_id
        worker.coach_id = new_id
        audit.record(
            db,
            actor_type="coach",
            actor_id=coach.id,
            action="assign_coach",
            entity_type="worker",
            entity_id=worker.id,
            detail={"from": before, "to": new_id},
        )
        db.commit()
        request.session["flash"] = "Coach changed."
        return RedirectResponse(_url(request, "coach_worker", worker_id=worker.id), status_code=303)

    @router.post(
        "/workers/{worker_id}/flags/resolve", name="coach_resolve_flag", response_class=HTMLResponse
    )
    def resolve_flag(
        request: Request,
        form: CheckedForm,
        worker: VisibleWorker,
        coach: CurrentCoach,
        db: DbSession,
    ) -> Response:
        """Mark a stored flag (e.g. "asked for a human") as dealt with. Derived flags clear
        themselves when the facts change."""
        kind = form.get("kind", "")
        now = utcnow()
        resolved = []
        for flag in worker.flags:
            if flag.resolved_at is None and canonical_flag_kind(flag.kind) == kind:
                flag.resolved_at = now
                resolved.append(flag.id)
        if resolved:
            audit.record(
                db,
                actor_type="coach",
                actor_id=coach.id,
                action="resolve_flag",
                entity_type="worker",
                entity_id=worker.id,
                detail={"flag_ids": resolved},
            )
            db.commit()
            request.session["flash"] = f"Marked as dealt with: {flag_label(kind)}."
        return RedirectResponse(_url(request, "coach_worker", worker_id=worker.id), status_code=303)


def _add_worker_record_routes(router: APIRouter, pages: CoachPages) -> None:
    """What a coach records on the worker page: help taken up or not wanted, private notes."""

    @router.post(
        "/workers/{worker_id}/help/{offer_id}", name="coach_mark_help", response_class=HTMLResponse
    )
    def mark_help(
        request: Request,
        form: CheckedForm,
        worker: VisibleWorker,
        coach: CurrentCoach,
        db: DbSession,
        offer_id: PathId,
    ) -> Response:
        """Mark a help item the bot offered as taken up or not wanted (or back to offered)."""
        status = form.get("status", "")
        offer = db.get(HelpOffer, offer_id)
        if offer is None or offer.worker_id != worker.id:
            raise NotFound(coach)
        if status not in HELP_MARKS:
            return pages.worker_page(
                request,
                db,
                coach,
                worker,
                status_code=400,
                error="Pick taken up, not wanted or offered.",
            )
        before = offer.status
        offer.status = status
        offer.status_at = utcnow()
        offer.status_by = coach.id
        audit.record(
            db,
            actor_type="coach",
            actor_id=coach.id,
            action="mark_help",
            entity_type="worker",
            entity_id=worker.id,
            detail={"help_offer_id": offer.id, "item": offer.item_id, "from": before, "to": status},
        )
        db.commit()
        request.session["flash"] = f"Marked as {HELP_MARKS[status].lower()}."
        return RedirectResponse(
            _url(request, "coach_worker", worker_id=worker.id) + "#help", status_code=303
        )

    @router.post("/workers/{worker_id}/notes", name="coach_add_note", response_class=HTMLResponse)
    def add_note(
        request: Request,
        form: CheckedForm,
        worker: VisibleWorker,
        coach: CurrentCoach,
        db: DbSession,
    ) -> Response:
        text = form.get("text", "").strip()
        if not text:
            return pages.worker_page(
                request,
                db,
                coach,
                worker,
                status_code=400,
                error="The note is empty. Write something first.",
            )
        if len(text) > MAX_NOTE_CHARS:
            return pages.worker_page(
                request,
                db,
                coach,
                worker,
                status_code=400,
                note_draft=text,
                error=f"That note is too long: keep it under {MAX_NOTE_CHARS} characters.",
            )
        note = CoachNote(worker_id=worker.id, coach_id=coach.id, text=text)
        db.add(note)
        db.flush()
        audit.record(
            db,
            actor_type="coach",
            actor_id=coach.id,
            action="add_note",
            entity_type="worker",
            entity_id=worker.id,
            detail={"note_id": note.id},
        )
        db.commit()
        request.session["flash"] = "Note saved."
        return RedirectResponse(
            _url(request, "coach_worker", worker_id=worker.id) + "#notes", status_code=303
        )


def _add_send_route(router: APIRouter, pages: CoachPages) -> None:
    """A message to the worker through the bot."""

    @router.post(
        "/workers/{worker_id}/messages", name="coach_send_message", response_class=HTMLResponse
    )
    async def send_message(
        request: Request,
        form: CheckedForm,
        worker: VisibleWorker,
        coach: CurrentCoach,
        db: DbSession,
    ) -> Response:
        """Async because sending waits on Telegram; the database work runs in the threadpool."""
        text = form.get("text", "").strip()
        refused = pages.why_not_send(worker, text)
        if refused is None:
            refused = await pages.deliver(worker, text)
        if refused is not None:  # the page again, with the text kept in the box
            error, status_code = refused
            return await run_in_threadpool(
                pages.worker_page,
                request,
                db,
                coach,
                worker,
                status_code=status_code,
                error=error,
                draft=text,
            )
        await run_in_threadpool(_record_sent, db, coach, worker, text)
        request.session["flash"] = "Message sent."
        return RedirectResponse(
            _url(request, "coach_worker", worker_id=worker.id) + "#transcript-end", status_code=303
        )


def _add_admin_routes(router: APIRouter, pages: CoachPages) -> None:
    """Admins: every live sign-in, and ending one."""

    @router.get("/admin/sessions", name="coach_admin_sessions", response_class=HTMLResponse)
    def admin_sessions(request: Request, coach: CurrentCoach, db: DbSession) -> HTMLResponse:
        if coach.role != "admin":
            raise NotFound(coach)
        current = principals.session_row_id(request, db)
        rows = [
            {
                "id": r.id,
                "kind": r.kind,
                "who": _who(db, r),
                "created_at": r.created_at,
                "expires_at": r.expires_at,
                "yours": r.id == current,
            }
            for r in web_sessions.live_sessions(db)
        ]
        audit.record(
            db,
            actor_type="coach",
            actor_id=coach.id,
            action="view_sessions",
            entity_type="web_session",
            detail={"sessions": len(rows)},
        )
        db.commit()
        return pages.render(request, "sessions.html", coach=coach, rows=rows)

    @router.post(
        "/admin/sessions/{session_id}/revoke",
        name="coach_revoke_session",
        response_class=HTMLResponse,
    )
    def revoke_session(
        request: Request, form: CheckedForm, coach: CurrentCoach, db: DbSession, session_id: PathId
    ) -> Response:
        if coach.role != "admin":
            raise NotFound(coach)
        row = web_sessions.revoke(db, session_id)
        if row is not None:
            audit.record(
                db,
                actor_type="coach",
                actor_id=coach.id,
                action="revoke_session",
                entity_type="web_session",
                entity_id=row.id,
                detail={"kind": row.kind, "subject": row.subject},
            )
            db.commit()
            request.session["flash"] = "Signed out: that browser has to log in again."
        else:
            request.session["flash"] = "That sign-in had already ended."
        return RedirectResponse(_url(request, "coach_admin_sessions"), status_code=303)


def _add_impact_routes(router: APIRouter, pages: CoachPages) -> None:
    """The impact report and its CSV file."""

    @router.get("/impact", name="coach_impact", response_class=HTMLResponse)
    def impact(request: Request, coach: CurrentCoach, db: DbSession) -> HTMLResponse:
        summaries.refresh_dirty(
            pages.session_factory, limit=summaries.PAGE_REFRESH_LIMIT, coach=coach
        )
        report = queries.impact_report(db, coach, summaries.SUMMARY_VERSION)
        audit.record(
            db,
            actor_type="coach",
            actor_id=coach.id,
            action="view_impact",
            entity_type="impact",
            detail={"workers": report.workers},
        )
        db.commit()
        return pages.render(
            request,
            "impact.html",
            coach=coach,
            report=report,
            step_up=STEP_UP,
            step_up_source=STEP_UP_SOURCE,
            rlw_uk=REAL_LIVING_WAGE_UK_PENCE,
            rlw_london=REAL_LIVING_WAGE_LONDON_PENCE,
            rlw_source=REAL_LIVING_WAGE_SOURCE,
            london_areas=", ".join(sorted(LONDON_POSTCODE_AREAS)),
            goal_kind_labels=GOAL_KIND_LABELS,
            scope="the whole service" if coach.role == "admin" else "your caseload",
        )

    @router.get("/impact.csv", name="coach_impact_csv")
    def impact_csv(coach: CurrentCoach, db: DbSession) -> Response:
        """Every visible worker's outcome, streamed from a server-side cursor (one batch of
        rows in memory at a time, whatever the size). The audit row is written first."""
        summaries.refresh_dirty(
            pages.session_factory, limit=summaries.PAGE_REFRESH_LIMIT, coach=coach
        )
        audit.record(
            db,
            actor_type="coach",
            actor_id=coach.id,
            action="export_impact_csv",
            entity_type="worker",
            detail={"worker_ids": queries.visible_worker_ids(db, coach)},
        )
        db.commit()
        coach_id = coach.id

        def stream() -> Iterator[str]:
            yield "\ufeff"  # a byte order mark first, so Excel reads names such as Zoë right
            with pages.session_factory() as s:  # its own session: the file streams after the route
                viewer = s.get(Coach, coach_id)
                assert viewer is not None
                outcomes = queries.iter_impact_outcomes(s, viewer, summaries.SUMMARY_VERSION)
                yield from iter_csv(IMPACT_CSV_HEADER, (_csv_row(o) for o in outcomes))

        stamp = utcnow().strftime("%Y%m%d")
        return StreamingResponse(
            stream(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="impact-{stamp}.csv"'},
        )


def _add_review_routes(router: APIRouter, pages: CoachPages) -> None:
    """Messages to review, and their CSV file."""

    @router.get("/review", name="coach_review", response_class=HTMLResponse)
    def review_queue(request: Request, coach: CurrentCoach, db: DbSession) -> HTMLResponse:
        """Typed messages the bot did not understand or was unsure about (coach_web.review)."""
        params = dict(request.query_params)
        filters = review.parse_filters(params)
        raw_page = params.get("page", "1")
        page = int(raw_page) if raw_page.isdigit() and 0 < int(raw_page) < 100_000 else 1
        rows, total = review.review_page(db, coach, filters, pages.tz, page)
        intents, steps = review.filter_choices(db, coach)
        audit.record(
            db,
            actor_type="coach",
            actor_id=coach.id,
            action="view_review",
            entity_type="worker",
            detail={
                "worker_ids": sorted({r.worker_id for r in rows}),
                "message_ids": [r.message_id for r in rows],
                "filters": filters.audit_detail(),
                "page": page,
            },
        )
        db.commit()
        base = _url(request, "coach_review")
        qs = filters.query_params()
        last_page = max(1, -(-total // review.PAGE_SIZE))

        def page_link(n: int) -> str:
            return base + "?" + urlencode({**qs, "page": str(n)})

        return pages.render(
            request,
            "review.html",
            coach=coach,
            rows=rows,
            total=total,
            page=page,
            pages=last_page,
            prev_link=page_link(page - 1) if page > 1 else None,
            next_link=page_link(page + 1) if page < last_page else None,
            csv_link=_url(request, "coach_review_csv") + ("?" + urlencode(qs) if qs else ""),
            f=filters,
            selected_step=qs.get("step", ""),
            intents=intents,
            steps=steps,
            no_intent=review.NO_INTENT,
            low_confidence=review.LOW_CONFIDENCE,
            page_size=review.PAGE_SIZE,
            row_cap=review.CSV_ROW_CAP,
            scope="the whole service" if coach.role == "admin" else "your caseload",
        )

    @router.get("/review.csv", name="coach_review_csv")
    def review_csv(request: Request, coach: CurrentCoach, db: DbSession) -> Response:
        """The queue as CSV for adding training data: same filters, streamed, at most
        review.CSV_ROW_CAP rows. The audit row is written before the file streams."""
        filters = review.parse_filters(dict(request.query_params))
        worker_ids, rows = review.export_worker_ids(db, coach, filters, pages.tz)
        audit.record(
            db,
            actor_type="coach",
            actor_id=coach.id,
            action="export_review_csv",
            entity_type="worker",
            detail={"worker_ids": worker_ids, "rows": rows, "filters": filters.audit_detail()},
        )
        db.commit()
        coach_id = coach.id

        def stream() -> Iterator[str]:
            yield "\ufeff"  # a byte order mark first, so Excel reads the text right
            with pages.session_factory() as s:  # its own session: the file streams after the route
                viewer = s.get(Coach, coach_id)
                assert viewer is not None
                yield from iter_csv(
                    review.CSV_HEADER, review.csv_rows(s, viewer, filters, pages.tz)
                )

        stamp = utcnow().strftime("%Y%m%d")
        return StreamingResponse(
            stream(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="review-{stamp}.csv"'},
        )


def _who(s: Session, row: Any) -> str:
    """A readable name for a web session's subject (coach id, provider user or API key)."""
    if row.kind == "coach":
        c = s.get(Coach, int(row.subject)) if row.subject.isdigit() else None
        return f"{c.name} <{c.email}>" if c else f"coach {row.subject}"
    if row.subject.startswith("user:") and row.subject[5:].isdigit():
        user = s.get(ProviderUser, int(row.subject[5:]))
        if user is not None:
            return f"{user.email} (provider login)"
    if row.subject.startswith("key:"):
        return f"API key {row.subject[4:]} (provider)"
    return row.subject


# in the order they were always added (paths are matched in this order)
ROUTE_GROUPS: tuple[Callable[[APIRouter, CoachPages], None], ...] = (
    _add_login_routes,
    _add_caseload_route,
    _add_worker_routes,
    _add_worker_record_routes,
    _add_send_route,
    _add_admin_routes,
    _add_impact_routes,
    _add_review_routes,
)


IMPACT_CSV_HEADER = (
    "worker_id",
    "first_name",
    "postcode_district",
    "baseline_hourly_gbp",
    "latest_hourly_gbp",
    "hourly_change_pct",
    "baseline_weekly_gbp",
    "latest_weekly_gbp",
    "weekly_change_pct",
    "rise_over_10pct",
    "real_living_wage_gbp",
    "at_or_above_real_living_wage",
    "courses_started",
    "courses_completed",
    "goal_kinds",
    "hours_at_start",
    "hours_now",
    "more_hours",
    "contract_at_start",
    "contract_now",
    "moved_off_zero_hours_or_agency",
    "shifts_answer",
    "new_job",
    "improved_job_situation",
    "help_offered",
    "help_taken_up",
    "moved_job",
    "job_move_pay_before",
    "job_move_pay_after",
)


def _gbp(pence: int | None) -> str | float:
    return "" if pence is None else round(pence / 100, 2)


def _csv_row(o: Any) -> list[object]:
    return [
        o.worker_id,
        o.first_name or "",
        o.postcode_district or "",
        _gbp(o.baseline_hourly_pence),
        _gbp(o.latest_hourly_pence),
        "" if o.hourly_change_pct is None else round(o.hourly_change_pct, 1),
        _gbp(o.baseline_weekly_pence),
        _gbp(o.latest_weekly_pence),
        "" if o.weekly_change_pct is None else round(o.weekly_change_pct, 1),
        "yes" if o.rise_over_10pct else "no",
        _gbp(o.living_wage_pence),
        "" if o.at_or_above_living_wage is None else ("yes" if o.at_or_above_living_wage else "no"),
        o.courses_started,
        o.courses_completed,
        *_goal_cells(o.goal),
        "yes" if o.new_job else "no",
        "yes" if o.improved else "no",
        o.help_offered,
        o.help_taken_up,
        "yes" if o.moved_job else "no",
        _gbp(o.job_move_before_pence),
        _gbp(o.job_move_after_pence),
    ]


def _goal_cells(g: Any) -> list[object]:
    if g is None:
        return ["", "", "", "", "", "", "", ""]
    return [
        " ".join(g.kinds),
        "" if g.hours_start is None else float(g.hours_start),
        "" if g.hours_now is None else float(g.hours_now),
        ("yes" if g.more_hours else "no") if g.wanted_more_hours else "",
        CONTRACT_LABELS.get(g.contract_start or "", ""),
        CONTRACT_LABELS.get(g.contract_now or "", ""),
        ("yes" if g.moved_off_insecure else "no") if g.started_insecure else "",
        g.shifts_answer or "",
    ]
