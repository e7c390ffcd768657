"""Everything about who is asking, for the employer page and API, in one small module.

Until the shared web-security layer lands, this follows the provider pages exactly
(`course_catalogue/upload_page.py`, `api.py`): a signed session cookie (itsdangerous,
`SESSION_SECRET`, `SECURE_COOKIES`) limited to `/employer` and backed by a server-side
`web_sessions` row (kind "employer") that signing out deletes; a CSRF token derived from the
cookie on every form; API keys as `Authorization: Bearer sej_...` or `X-API-Key: sej_...`,
refused keys audited without their secret; wrong passwords throttled by
`jobs.employer_auth.authenticate_user`. At merge, swap this module for the shared layer:
nothing else in `jobs/api` knows how a session or a token works.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.responses import Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit, web_sessions
from db.models import EmployerApiKey, EmployerUser
from jobs.access import Actor
from jobs.employer_auth import (
    LockedOut,
    api_key_problem,
    authenticate_user,
    key_prefix,
    verify_api_key,
)

KIND = "employer"
COOKIE = "employer_session"
MAX_AGE = 8 * 3600
# One answer for every refused sign-in: it never tells which emails have logins, or which are
# locked.
LOGIN_FAILED = (
    "The email and password, or the API key, are not right, or the login is locked for a while "
    "after too many wrong tries. Check them and try again, or wait 15 minutes."
)

bearer_scheme = HTTPBearer(
    auto_error=False, description="Authorization: Bearer sej_<prefix>_<secret>"
)
key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="sej_<prefix>_<secret>")


def _ip(request: Request) -> str | None:
    return request.client.host if request.client else None


@dataclass(frozen=True)
class PageSecurity:
    """Sessions and CSRF for the employer pages, under `base` ("/employer")."""

    secret: str
    secure: bool

    @property
    def signer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt="employer-session")

    def csrf_for(self, request: Request) -> str:
        cookie = request.cookies.get(COOKIE, "")
        return hmac.new(self.secret.encode(), f"csrf:{cookie}".encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, request: Request, token: str) -> bool:
        cookie = request.cookies.get(COOKIE, "")
        return bool(cookie) and hmac.compare_digest(self.csrf_for(request), token)

    def _data(self, request: Request) -> dict[str, object]:
        try:
            data = self.signer.loads(request.cookies.get(COOKIE, ""), max_age=MAX_AGE)
        except BadSignature:
            return {}
        return data if isinstance(data, dict) else {}

    def signed_in(self, request: Request, session: Session) -> Actor | None:
        """The employer and who signed in, from a valid cookie whose live sign-in, and whose
        user or key, still exist."""
        data = self._data(request)
        actor_id, employer_id = str(data.get("a", "")), data.get("e")
        if not isinstance(employer_id, int) or not actor_id:
            return None
        if web_sessions.session_subject(session, KIND, data.get("s")) != actor_id:
            return None  # signed out (or expired): a copy of the cookie no longer works
        kind, _, ident = actor_id.partition(":")
        if kind == "user":
            user = session.get(EmployerUser, int(ident)) if ident.isdigit() else None
            if user is None or user.employer_id != employer_id:
                return None
        elif kind == "key":
            key = session.scalars(
                select(EmployerApiKey).where(EmployerApiKey.prefix == ident)
            ).first()
            if key is None or key.revoked_at is not None or key.employer_id != employer_id:
                return None
        else:
            return None
        return Actor(employer_id, actor_id)

    def sign_in(self, request: Request, session: Session, actor: Actor, response: Response) -> None:
        """Record the sign-in and set the cookie (commits)."""
        audit.record(
            session,
            actor_type="employer",
            actor_id=actor.actor_id,
            action="employer.login",
            entity_type="employer",
            entity_id=actor.employer_id,
        )
        token = web_sessions.open_session(session, KIND, actor.actor_id, timedelta(seconds=MAX_AGE))
        session.commit()
        cookie = self.signer.dumps({"e": actor.employer_id, "a": actor.actor_id, "s": token})
        response.set_cookie(
            COOKIE,
            cookie,
            max_age=MAX_AGE,
            path=base(request) or "/",
            httponly=True,
            secure=self.secure,
            samesite="lax",
        )

    def sign_out(self, request: Request, session: Session, response: Response) -> None:
        web_sessions.end_session(session, self._data(request).get("s"))
        session.commit()
        response.delete_cookie(COOKIE, path=base(request) or "/")


def base(request: Request) -> str:
    return f"{request.scope.get('root_path', '')}/employer"


def check_login(
    request: Request, session: Session, email: str, password: str, api_key: str
) -> Actor | None:
    """The actor for a page sign-in by email and password, or by API key; None (audited, and
    committed so failed-try counts are kept) when refused."""
    actor: Actor | None = None
    reason = "wrong email or password"
    if api_key.strip():
        key = verify_api_key(session, api_key)
        reason = "wrong api key"
        if key is not None:
            actor = Actor(key.employer_id, f"key:{key.prefix}")
    else:
        try:
            user = authenticate_user(session, email, password, ip=_ip(request))
        except LockedOut:
            user, reason = None, "locked"
        if user is not None:
            actor = Actor(user.employer_id, f"user:{user.id}")
    if actor is None:
        detail = {"reason": reason}
        if api_key.strip():
            detail["api_key_prefix"] = key_prefix(api_key)
        else:
            detail["email"] = email.strip().lower()[:254]
        audit.record(
            session,
            actor_type="employer",
            actor_id=None,
            action="employer.login_failed",
            entity_type="employer",
            entity_id=None,
            detail=detail,
        )
    session.commit()
    return actor


def api_actor(
    request: Request,
    session: Session,
    bearer: HTTPAuthorizationCredentials | None,
    header_key: str | None,
) -> Actor:
    """The employer an API key belongs to, or 401. A refused key is audited: the reason and
    the prefix it claims, never its secret. A call with no key at all is not recorded."""
    key = header_key or (bearer.credentials if bearer else None)
    row = verify_api_key(session, key) if key else None
    if row is None and key:
        reason, prefix = api_key_problem(session, key)
        audit.record(
            session,
            actor_type="employer",
            actor_id=f"key:{prefix}" if prefix else None,
            action="employer.api_key_refused",
            entity_type="employer_api",
            detail={
                "reason": reason,
                "method": request.method,
                "path": request.url.path,
                "ip": _ip(request),
            },
        )
        session.commit()
    if row is None:
        raise HTTPException(
            401,
            "Send a valid API key: Authorization: Bearer sej_...",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return Actor(row.employer_id, f"key:{row.prefix}")


BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
KeyHeaderDep = Annotated[str | None, Depends(key_header)]
