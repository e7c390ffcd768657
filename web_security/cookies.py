"""The browser half of a sign-in: one signed cookie per front end holding a small dict.

The dict holds the server-side session's token (`sid`), the CSRF token, a binding fingerprint and
a one-off flash message; nothing in it is trusted without the server-side row its token names
(db.web_sessions). Signed with SESSION_SECRET (itsdangerous, the same format as Starlette's
SessionMiddleware), HttpOnly, SameSite=Lax, Secure when SECURE_COOKIES, and limited to the front
end's own path, so the coach cookie never goes to the provider pages and back.
"""

from __future__ import annotations

import json
from base64 import b64decode, b64encode
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, TimestampSigner
from starlette.requests import Request
from starlette.responses import Response


@dataclass(frozen=True)
class CookieSpec:
    """How one front end's session cookie is named, signed and scoped."""

    name: str
    secret: str
    secure: bool
    max_age: int  # seconds; the server-side session ends at the same time
    path: str = ""  # below the app's root path: "" for a mounted app's root, "/provider", ...
    signer: TimestampSigner = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "signer", TimestampSigner(self.secret))

    def path_for(self, request: Request) -> str:
        """The cookie's Path: the front end's path under wherever the app is mounted."""
        return (str(request.scope.get("root_path", "")) + self.path) or "/"


def load(spec: CookieSpec, request: Request) -> dict[str, Any]:
    """The cookie's dict, or an empty one when it is missing, forged, expired or unreadable."""
    raw = request.cookies.get(spec.name)
    if not raw:
        return {}
    try:
        data = json.loads(b64decode(spec.signer.unsign(raw.encode(), max_age=spec.max_age)))
    except (BadSignature, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def store(spec: CookieSpec, request: Request, response: Response, data: dict[str, Any]) -> None:
    """Write the dict back on the response (or delete the cookie once the dict is empty)."""
    path = spec.path_for(request)
    if data:
        value = spec.signer.sign(b64encode(json.dumps(data).encode())).decode()
        response.set_cookie(
            spec.name,
            value,
            max_age=spec.max_age,
            path=path,
            secure=spec.secure,
            httponly=True,
            samesite="lax",
        )
    elif spec.name in request.cookies:
        response.delete_cookie(
            spec.name, path=path, secure=spec.secure, httponly=True, samesite="lax"
        )
