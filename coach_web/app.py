"""The coach web app: login, caseload, worker pages, impact report (server-rendered Jinja2).

`create_coach_app` builds a FastAPI app that the service mounts at /coach; every URL is made with
`request.url_for`, so the app works under any mount path. Sessions are signed cookies
(itsdangerous, via Starlette's SessionMiddleware): HttpOnly, SameSite=Lax, Secure when
settings.secure_cookies. Every POST carries the session's CSRF token.
"""

from __future__ import annotations

import hashlib
import hmac
import inspect
import logging
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from coach_web import auth, queries, review
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
    SORTS,
    STAGES,
    canonical_flag_kind,
    filter_rows,
    flag_label,
    pounds,
    sort_rows,
)
from coach_web.chart import line_chart
from coach_web.csv_safe import iter_csv, to_csv
from coach_web.impact import compute_impact
from coach_web.outcomes import CONTRACT_LABELS, GOAL_KIND_LABELS
from db import audit, web_sessions
from db.ids import valid_id
from db.models import Coach, CoachNote, ConversationMessage, HelpOffer, ProviderUser, Worker
from db.types import utcnow
from db.unavailable import install_database_down_handler
from support import ALL_FACTS as SUPPORT_FACTS

log = logging.getLogger("escalator.coach_web")

SendToWorker = Callable[[Worker, str], Awaitable[None]]
TEMPLATES = Path(__file__).parent / "templates"
SESSION_COOKIE = "coach_session"
SESSION_MAX_AGE = 8 * 60 * 60  # one working day
SESSION_LIFETIME = timedelta(seconds=SESSION_MAX_AGE)
MAX_MESSAGE_CHARS = 4096  # Telegram's limit for one text message
MAX_NOTE_CHARS = 5000
TRANSCRIPT_WINDOW = 200  # latest messages shown; ?all=1 shows the whole conversation
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

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class NotLoggedIn(Exception):
    pass


class CsrfFailed(Exception):
    def __init__(self, draft: str = "") -> None:
        super().__init__("CSRF token missing or wrong")
        self.draft = draft


def _pct(value: float | None, signed: bool = True) -> str:
    if value is None:
        return "-"
    return f"{value:+.1f}%" if signed else f"{value:.1f}%"


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
    env.filters.update(when=when, day=day, pounds=pounds, pct=_pct, share=_share)
    return env


def create_coach_app(
    session_factory: sessionmaker[Session],
    settings: Any,
    send_to_worker: SendToWorker | None,
) -> FastAPI:
    app = FastAPI(
        title="Skills Escalator: coaches", docs_url=None, redoc_url=None, openapi_url=None
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=bool(settings.secure_cookies),
    )
    install_database_down_handler(app)
    env = _environment(getattr(settings, "timezone", None) or "Europe/London")
    if settings.session_secret == "change-me-in-production":
        log.warning("SESSION_SECRET is the default: set your own before real coaches log in.")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    # --- helpers ---------------------------------------------------------------------------
    def url(request: Request, name: str, **params: Any) -> str:
        return request.url_for(name, **params).path

    def csrf_token(request: Request) -> str:
        token = request.session.get("csrf")
        if not token:
            token = secrets.token_urlsafe(32)
            request.session["csrf"] = token
        return str(token)

    def render(
        request: Request,
        template: str,
        status_code: int = 200,
        coach: Coach | None = None,
        **context: Any,
    ) -> HTMLResponse:
        flash = request.session.pop("flash", None)
        body = env.get_template(template).render(
            request=request,
            url=lambda name, **p: url(request, name, **p),
            csrf_token=csrf_token(request),
            coach=coach,
            flash=flash,
            **context,
        )
        return HTMLResponse(body, status_code=status_code)

    secret = str(settings.session_secret).encode()

    def client_ip(request: Request) -> str:
        return request.client.host if request.client else "unknown"

    def fingerprint(coach: Coach) -> str:
        """Ties a session to the password it was opened with: a new password ends old sessions."""
        return hmac.new(secret, coach.password_hash.encode(), hashlib.sha256).hexdigest()[:32]

    def current_coach(request: Request, session: Session) -> Coach:
        coach_id = request.session.get("coach_id")
        coach = session.get(Coach, coach_id) if isinstance(coach_id, int) else None
        live = web_sessions.session_subject(session, "coach", request.session.get("sid"))
        if (
            coach is None
            or live != str(coach.id)
            or not hmac.compare_digest(str(request.session.get("fp", "")), fingerprint(coach))
        ):
            request.session.pop("coach_id", None)
            request.session.pop("fp", None)
            request.session.pop("sid", None)
            raise NotLoggedIn()
        return coach

    async def checked_form(request: Request) -> dict[str, str]:
        form = await request.form()
        sent = str(form.get("csrf_token", ""))
        expected = str(request.session.get("csrf", ""))
        if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
            raise CsrfFailed(str(form.get("text", ""))[:MAX_NOTE_CHARS])
        return {k: str(v) for k, v in form.items() if isinstance(v, str)}

    def not_found(request: Request, coach: Coach) -> HTMLResponse:
        return render(request, "not_found.html", status_code=404, coach=coach)

    @app.exception_handler(NotLoggedIn)
    async def _not_logged_in(request: Request, exc: NotLoggedIn) -> Response:
        return RedirectResponse(url(request, "coach_login"), status_code=303)

    @app.exception_handler(CsrfFailed)
    async def _csrf_failed(request: Request, exc: CsrfFailed) -> Response:
        # an expired form loses nothing: what the coach wrote is shown to copy (as text)
        return render(request, "csrf.html", status_code=403, draft=exc.draft)

    # --- login -------------------------------------------------------------------------------
    @app.get("/login", name="coach_login", response_class=HTMLResponse)
    def login_form(request: Request) -> HTMLResponse:
        return render(request, "login.html")

    @app.post("/login", name="coach_login_submit", response_class=HTMLResponse)
    async def login_submit(request: Request) -> Response:
        form = await checked_form(request)
        email = form.get("email", "").strip()[:254]
        password = form.get("password", "")[:1024]

        def attempt() -> tuple[int | None, str, str]:
            with session_factory() as s:
                result = auth.authenticate(s, email, password, ip=client_ip(request))
                target = result.coach.id if result.coach else None
                fp = fingerprint(result.coach) if result.coach else ""
                sid = (
                    web_sessions.open_session(s, "coach", str(target), SESSION_LIFETIME)
                    if target is not None
                    else ""
                )
                audit.record(
                    s,
                    actor_type="coach",
                    actor_id=target,
                    action="login" if result.ok else "login_failed",
                    entity_type="coach",
                    entity_id=target,
                    detail=None if result.ok else {"email": auth.normalise_email(email)},
                )
                s.commit()
                return target, fp, sid

        coach_id, fp, sid = await run_in_threadpool(attempt)
        if coach_id is None:
            # One answer for a wrong email, a wrong password and a locked account, so the page
            # never tells anyone which emails have accounts.
            return render(request, "login.html", status_code=401, error=LOGIN_FAILED, email=email)
        request.session.clear()  # a fresh session at login: no fixation
        request.session["coach_id"] = coach_id
        request.session["fp"] = fp
        request.session["sid"] = sid
        request.session["csrf"] = secrets.token_urlsafe(32)
        return RedirectResponse(url(request, "coach_caseload"), status_code=303)

    @app.post("/logout", name="coach_logout")
    async def logout(request: Request) -> Response:
        await checked_form(request)
        sid = request.session.get("sid")

        def end() -> None:
            with session_factory() as s:
                web_sessions.end_session(s, sid)
                s.commit()

        await run_in_threadpool(end)  # the cookie, even a copy of it, no longer signs anyone in
        request.session.clear()
        return RedirectResponse(url(request, "coach_login"), status_code=303)

    # --- caseload ----------------------------------------------------------------------------
    @app.get("/", name="coach_caseload", response_class=HTMLResponse)
    def caseload(
        request: Request, q: str = "", stage: str = "", flag: str = "", sort: str = "attention"
    ) -> HTMLResponse:
        with session_factory() as s:
            coach = current_coach(request, s)
            all_rows = queries.load_caseload(s, coach)
            rows = sort_rows(
                filter_rows(
                    all_rows,
                    q=q[:100],
                    stage=stage if stage in STAGES else "",
                    flag=flag if flag in FLAG_LABELS or flag == "any" else "",
                ),
                sort if sort in SORTS else "attention",
            )
            audit.record(
                s,
                actor_type="coach",
                actor_id=coach.id,
                action="view_caseload",
                entity_type="worker",
                detail={"worker_ids": [r.worker_id for r in rows]},
            )
            s.commit()
            return render(
                request,
                "caseload.html",
                coach=coach,
                rows=rows,
                total=len(all_rows),
                needing=sum(1 for r in all_rows if r.attention),
                q=q,
                stage=stage,
                flag=flag,
                sort=sort,
                stages=STAGES,
                flag_labels=FLAG_LABELS,
                sorts=SORTS,
            )

    # --- worker page -------------------------------------------------------------------------
    def worker_page(
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
        messages = queries.transcript(s, worker)
        summary, plan = queries.build_summary(s, worker, messages)
        show_all = request.query_params.get("all") == "1"
        shown = messages if show_all else messages[-TRANSCRIPT_WINDOW:]
        shown_ids = {m.id for m in shown}
        all_ids = {m.id for m in messages}
        page_url = url(request, "coach_worker", worker_id=worker.id)

        def msg_link(message_id: int | None) -> str | None:
            """Anchor of a fact's message; older messages open the full transcript."""
            if message_id in shown_ids:
                return f"#msg-{message_id}"
            if message_id in all_ids:
                return f"{page_url}?all=1#msg-{message_id}"
            return None

        inbound = [m.created_at for m in messages if m.direction == "in"]
        contacts = [t for t in (worker.last_contact_at, max(inbound, default=None)) if t]
        hourly_points = [
            (e.recorded_at, e.hourly_pay_pence) for e in worker.earnings if e.hourly_pay_pence
        ]
        weekly_points = []
        for e in worker.earnings:
            if e.hourly_pay_pence and e.weekly_hours is not None:
                weekly_points.append((e.recorded_at, round(e.hourly_pay_pence * e.weekly_hours)))
        rlw = real_living_wage_pence(worker.postcode_district)
        notes = sorted(worker.notes, key=lambda n: n.created_at, reverse=True)
        note_authors = {
            c.id: c.name
            for c in s.scalars(
                select(Coach).where(Coach.id.in_({n.coach_id for n in notes if n.coach_id}))
            )
        }
        audit.record(
            s,
            actor_type="coach",
            actor_id=coach.id,
            action="view_worker",
            entity_type="worker",
            entity_id=worker.id,
        )
        s.commit()
        return render(
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
            hidden_messages=len(messages) - len(shown),
            last_contact=max(contacts, default=None),
            notes=notes,
            note_authors=note_authors,
            hourly_chart=line_chart(
                hourly_points,
                title="Hourly pay",
                fmt=lambda v: pounds(v),
                reference=(rlw, f"Real Living Wage {pounds(rlw)}"),
            ),
            weekly_chart=line_chart(
                weekly_points, title="Weekly earnings", fmt=lambda v: f"£{v / 100:,.0f}"
            ),
            send_block=_send_block(worker),
            help_offered=queries.help_lines(worker, HELP_TEXTS),
            help_marks=HELP_MARKS,
            help_buttons=HELP_BUTTONS,
            all_coaches=(
                s.scalars(select(Coach).order_by(Coach.name)).all() if coach.role == "admin" else []
            ),
            error=error,
            draft=draft,
            note_draft=note_draft,
        )

    def _send_block(worker: Worker) -> str | None:
        """Why the coach cannot message this worker now, or None when they can."""
        name = queries.display_name(worker)
        if send_to_worker is None:
            return "Sending is off: no Telegram bot token is configured for this service."
        if worker.channel == "demo":
            return f"{name} is a fictional demo worker: there is no chat to send to."
        if worker.channel != "telegram":
            return f"{name} chats through the {worker.channel} demo, not Telegram."
        if worker.status in CANNOT_SEND_STATUSES:
            return f"{name} has stopped the chat, so the bot cannot send messages to them."
        return None

    def _load_worker(request: Request, s: Session, worker_id: int) -> tuple[Coach, Worker | None]:
        coach = current_coach(request, s)
        worker = queries.get_visible_worker(s, coach, worker_id)
        if worker is None:
            audit.record(
                s,
                actor_type="coach",
                actor_id=coach.id,
                action="view_worker_denied",
                entity_type="worker",
                entity_id=worker_id,
            )
            s.commit()
        return coach, worker

    @app.get("/workers/{worker_id}", name="coach_worker", response_class=HTMLResponse)
    def worker_view(request: Request, worker_id: int) -> HTMLResponse:
        with session_factory() as s:
            coach, worker = _load_worker(request, s, worker_id)
            if worker is None:
                return not_found(request, coach)
            return worker_page(request, s, coach, worker)

    @app.post("/workers/{worker_id}/coach", name="coach_assign_coach", response_class=HTMLResponse)
    async def assign_coach(request: Request, worker_id: int) -> Response:
        """Admins move a worker to another coach's caseload (or to nobody's)."""
        form = await checked_form(request)
        choice = form.get("coach_id", "")

        def save() -> Response:
            with session_factory() as s:
                coach, worker = _load_worker(request, s, worker_id)
                if worker is None:
                    return not_found(request, coach)
                if coach.role != "admin":
                    return render(request, "forbidden.html", status_code=403, coach=coach)
                new_id = int(choice) if choice.isdigit() else None
                if new_id is not None and (not valid_id(new_id) or s.get(Coach, new_id) is None):
                    return worker_page(
                        request,
                        s,
                        coach,
                        worker,
                        status_code=400,
                        error="That coach no longer exists. Pick another.",
                    )
                before = worker.coach_id
                worker.coach_id = new_id
                audit.record(
                    s,
                    actor_type="coach",
                    actor_id=coach.id,
                    action="assign_coach",
                    entity_type="worker",
                    entity_id=worker.id,
                    detail={"from": before, "to": new_id},
                )
                s.commit()
            request.session["flash"] = "Coach changed."
            return RedirectResponse(
                url(request, "coach_worker", worker_id=worker_id), status_code=303
            )

        return await run_in_threadpool(save)

    @app.post(
        "/workers/{worker_id}/flags/resolve", name="coach_resolve_flag", response_class=HTMLResponse
    )
    async def resolve_flag(request: Request, worker_id: int) -> Response:
        """Mark a stored flag (e.g. "asked for a human") as dealt with. Derived flags clear
        themselves when the facts change."""
        form = await checked_form(request)
        kind = form.get("kind", "")

        def save() -> Response:
            with session_factory() as s:
                coach, worker = _load_worker(request, s, worker_id)
                if worker is None:
                    return not_found(request, coach)
                now = utcnow()
                resolved = []
                for flag in worker.flags:
                    if flag.resolved_at is None and canonical_flag_kind(flag.kind) == kind:
                        flag.resolved_at = now
                        resolved.append(flag.id)
                if resolved:
                    audit.record(
                        s,
                        actor_type="coach",
                        actor_id=coach.id,
                        action="resolve_flag",
                        entity_type="worker",
                        entity_id=worker.id,
                        detail={"flag_ids": resolved},
                    )
                    s.commit()
                    request.session["flash"] = f"Marked as dealt with: {flag_label(kind)}."
            return RedirectResponse(
                url(request, "coach_worker", worker_id=worker_id), status_code=303
            )

        return await run_in_threadpool(save)

    @app.post(
        "/workers/{worker_id}/help/{offer_id}", name="coach_mark_help", response_class=HTMLResponse
    )
    async def mark_help(request: Request, worker_id: int, offer_id: int) -> Response:
        """Mark a help item the bot offered as taken up or not wanted (or back to offered)."""
        form = await checked_form(request)
        status = form.get("status", "")

        def save() -> Response:
            with session_factory() as s:
                coach, worker = _load_worker(request, s, worker_id)
                if worker is None:
                    return not_found(request, coach)
                offer = s.get(HelpOffer, offer_id) if valid_id(offer_id) else None
                if offer is None or offer.worker_id != worker.id:
                    return not_found(request, coach)
                if status not in HELP_MARKS:
                    return worker_page(
                        request,
                        s,
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
                    s,
                    actor_type="coach",
                    actor_id=coach.id,
                    action="mark_help",
                    entity_type="worker",
                    entity_id=worker.id,
                    detail={
                        "help_offer_id": offer.id,
                        "item": offer.item_id,
                        "from": before,
                        "to": status,
                    },
                )
                s.commit()
            request.session["flash"] = f"Marked as {HELP_MARKS[status].lower()}."
            return RedirectResponse(
                url(request, "coach_worker", worker_id=worker_id) + "#help", status_code=303
            )

        return await run_in_threadpool(save)

    @app.post("/workers/{worker_id}/notes", name="coach_add_note", response_class=HTMLResponse)
    async def add_note(request: Request, worker_id: int) -> Response:
        form = await checked_form(request)
        text = form.get("text", "").strip()

        def save() -> Response:
            with session_factory() as s:
                coach, worker = _load_worker(request, s, worker_id)
                if worker is None:
                    return not_found(request, coach)
                if not text:
                    return worker_page(
                        request,
                        s,
                        coach,
                        worker,
                        status_code=400,
                        error="The note is empty. Write something first.",
                    )
                if len(text) > MAX_NOTE_CHARS:
                    return worker_page(
                        request,
                        s,
                        coach,
                        worker,
                        status_code=400,
                        note_draft=text,
                        error=f"That note is too long: keep it under {MAX_NOTE_CHARS} characters.",
                    )
                note = CoachNote(worker_id=worker.id, coach_id=coach.id, text=text)
                s.add(note)
                s.flush()
                audit.record(
                    s,
                    actor_type="coach",
                    actor_id=coach.id,
                    action="add_note",
                    entity_type="worker",
                    entity_id=worker.id,
                    detail={"note_id": note.id},
                )
                s.commit()
            request.session["flash"] = "Note saved."
            return RedirectResponse(
                url(request, "coach_worker", worker_id=worker_id) + "#notes", status_code=303
            )

        return await run_in_threadpool(save)

    @app.post(
        "/workers/{worker_id}/messages", name="coach_send_message", response_class=HTMLResponse
    )
    async def send_message(request: Request, worker_id: int) -> Response:
        form = await checked_form(request)
        text = form.get("text", "").strip()

        def load() -> tuple[Coach, Worker | None]:
            with session_factory() as s:
                return _load_worker(request, s, worker_id)

        def page(error: str, status_code: int) -> Response:
            with session_factory() as s:
                coach, worker = _load_worker(request, s, worker_id)
                assert worker is not None
                return worker_page(
                    request, s, coach, worker, status_code=status_code, error=error, draft=text
                )

        coach, worker = await run_in_threadpool(load)
        if worker is None:
            with session_factory() as s:
                return not_found(request, current_coach(request, s))
        blocked = _send_block(worker)
        if blocked:
            return await run_in_threadpool(page, blocked, 409)
        if not text:
            return await run_in_threadpool(
                page, "The message is empty. Write something first.", 400
            )
        if len(text) > MAX_MESSAGE_CHARS:
            return await run_in_threadpool(
                page,
                f"That message is too long: Telegram takes up to {MAX_MESSAGE_CHARS} "
                "characters. Split it in two.",
                400,
            )
        assert send_to_worker is not None
        try:
            sending = send_to_worker(worker, text)
            if inspect.isawaitable(sending):
                await sending
        except Exception as exc:  # the sender's errors vary (network, blocked bot, ...)
            log.warning("Coach message to worker %s failed: %s", worker.id, exc)
            return await run_in_threadpool(
                page,
                "The message could not be sent just now (Telegram did not take it). "
                "Your text is still in the box below: try again in a minute.",
                502,
            )

        def record() -> None:
            with session_factory() as s:
                msg = ConversationMessage(
                    worker_id=worker.id, direction="out", text=text, sender="coach"
                )
                s.add(msg)
                s.flush()
                audit.record(
                    s,
                    actor_type="coach",
                    actor_id=coach.id,
                    action="send_message",
                    entity_type="worker",
                    entity_id=worker.id,
                    detail={"message_id": msg.id},
                )
                s.commit()

        await run_in_threadpool(record)
        request.session["flash"] = "Message sent."
        return RedirectResponse(
            url(request, "coach_worker", worker_id=worker_id) + "#transcript-end", status_code=303
        )

    # --- admin: signed-in browsers ------------------------------------------------------------
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

    @app.get("/admin/sessions", name="coach_admin_sessions", response_class=HTMLResponse)
    def admin_sessions(request: Request) -> HTMLResponse:
        with session_factory() as s:
            coach = current_coach(request, s)
            if coach.role != "admin":
                return not_found(request, coach)
            current = web_sessions.session_id(s, request.session.get("sid"))
            rows = [
                {
                    "id": r.id,
                    "kind": r.kind,
                    "who": _who(s, r),
                    "created_at": r.created_at,
                    "expires_at": r.expires_at,
                    "yours": r.id == current,
                }
                for r in web_sessions.live_sessions(s)
            ]
            audit.record(
                s,
                actor_type="coach",
                actor_id=coach.id,
                action="view_sessions",
                entity_type="web_session",
                detail={"sessions": len(rows)},
            )
            s.commit()
            return render(request, "sessions.html", coach=coach, rows=rows)

    @app.post(
        "/admin/sessions/{session_id}/revoke",
        name="coach_revoke_session",
        response_class=HTMLResponse,
    )
    async def revoke_session(request: Request, session_id: int) -> Response:
        await checked_form(request)

        def save() -> Response:
            with session_factory() as s:
                coach = current_coach(request, s)
                if coach.role != "admin":
                    return not_found(request, coach)
                row = web_sessions.revoke(s, session_id) if valid_id(session_id) else None
                if row is not None:
                    audit.record(
                        s,
                        actor_type="coach",
                        actor_id=coach.id,
                        action="revoke_session",
                        entity_type="web_session",
                        entity_id=row.id,
                        detail={"kind": row.kind, "subject": row.subject},
                    )
                    s.commit()
                    request.session["flash"] = "Signed out: that browser has to log in again."
                else:
                    request.session["flash"] = "That sign-in had already ended."
            return RedirectResponse(url(request, "coach_admin_sessions"), status_code=303)

        return await run_in_threadpool(save)

    # --- impact ------------------------------------------------------------------------------
    @app.get("/impact", name="coach_impact", response_class=HTMLResponse)
    def impact(request: Request) -> HTMLResponse:
        with session_factory() as s:
            coach = current_coach(request, s)
            report = compute_impact(queries.impact_records(s, coach))
            audit.record(
                s,
                actor_type="coach",
                actor_id=coach.id,
                action="view_impact",
                entity_type="impact",
                detail={"workers": report.workers},
            )
            s.commit()
            return render(
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

    @app.get("/impact.csv", name="coach_impact_csv")
    def impact_csv(request: Request) -> Response:
        with session_factory() as s:
            coach = current_coach(request, s)
            report = compute_impact(queries.impact_records(s, coach))
            audit.record(
                s,
                actor_type="coach",
                actor_id=coach.id,
                action="export_impact_csv",
                entity_type="worker",
                detail={"worker_ids": [o.worker_id for o in report.outcomes]},
            )
            s.commit()
        # a byte order mark first, so Excel reads names such as Zoë right
        body = "\ufeff" + to_csv(IMPACT_CSV_HEADER, [_csv_row(o) for o in report.outcomes])
        stamp = utcnow().strftime("%Y%m%d")
        return Response(
            body,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="impact-{stamp}.csv"'},
        )

    # --- review queue ------------------------------------------------------------------------
    tz = ZoneInfo(getattr(settings, "timezone", None) or "Europe/London")

    @app.get("/review", name="coach_review", response_class=HTMLResponse)
    def review_queue(request: Request) -> HTMLResponse:
        """Typed messages the bot did not understand or was unsure about (coach_web.review)."""
        params = dict(request.query_params)
        filters = review.parse_filters(params)
        raw_page = params.get("page", "1")
        page = int(raw_page) if raw_page.isdigit() and 0 < int(raw_page) < 100_000 else 1
        with session_factory() as s:
            coach = current_coach(request, s)
            rows, total = review.review_page(s, coach, filters, tz, page)
            intents, steps = review.filter_choices(s, coach)
            audit.record(
                s,
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
            s.commit()
            base = url(request, "coach_review")
            qs = filters.query_params()
            pages = max(1, -(-total // review.PAGE_SIZE))

            def page_link(n: int) -> str:
                return base + "?" + urlencode({**qs, "page": str(n)})

            return render(
                request,
                "review.html",
                coach=coach,
                rows=rows,
                total=total,
                page=page,
                pages=pages,
                prev_link=page_link(page - 1) if page > 1 else None,
                next_link=page_link(page + 1) if page < pages else None,
                csv_link=url(request, "coach_review_csv") + ("?" + urlencode(qs) if qs else ""),
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

    @app.get("/review.csv", name="coach_review_csv")
    def review_csv(request: Request) -> Response:
        """The queue as CSV for adding training data: same filters, streamed, at most
        review.CSV_ROW_CAP rows. The audit row is written before the file streams."""
        filters = review.parse_filters(dict(request.query_params))
        with session_factory() as s:
            coach = current_coach(request, s)
            worker_ids, rows = review.export_worker_ids(s, coach, filters, tz)
            audit.record(
                s,
                actor_type="coach",
                actor_id=coach.id,
                action="export_review_csv",
                entity_type="worker",
                detail={"worker_ids": worker_ids, "rows": rows, "filters": filters.audit_detail()},
            )
            s.commit()
            coach_id = coach.id

        def stream() -> Any:
            yield "\ufeff"  # a byte order mark first, so Excel reads the text right
            with session_factory() as s:
                viewer = s.get(Coach, coach_id)
                assert viewer is not None
                yield from iter_csv(review.CSV_HEADER, review.csv_rows(s, viewer, filters, tz))

        stamp = utcnow().strftime("%Y%m%d")
        return StreamingResponse(
            stream(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="review-{stamp}.csv"'},
        )

    return app


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
