"""One CSRF mechanism for every form, the two logins included.

A random token lives in the front end's signed session cookie (`web_security.cookies`) from the
first page a browser sees, before anyone signs in; every form carries it in a hidden field and
every POST is checked against it (constant-time). Another site cannot read the cookie or the
page, so it cannot make a browser post a form on its own behalf, nor sign a browser in to the
attacker's account (login CSRF). Signing in starts a new token, so a token seen before the login
is worth nothing after it.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from typing import Annotated

from fastapi import Depends
from starlette.requests import Request

from web_security.front import front_of

SESSION_KEY = "csrf"


class CsrfFailed(Exception):
    """A POST whose token is missing or wrong. Carries the form, so a front end can show the
    person what they wrote (an expired form loses nothing)."""

    def __init__(self, form: Mapping[str, str] | None = None) -> None:
        super().__init__("CSRF token missing or wrong")
        self.form: dict[str, str] = dict(form or {})


def token(request: Request) -> str:
    """This browser's token, made on first use (for the hidden field of a form)."""
    value = request.session.get(SESSION_KEY)
    if not isinstance(value, str) or not value:
        value = rotate(request)
    return value


def rotate(request: Request) -> str:
    value = secrets.token_urlsafe(32)
    request.session[SESSION_KEY] = value
    return value


def valid(request: Request, sent: object) -> bool:
    expected = request.session.get(SESSION_KEY)
    return (
        isinstance(sent, str)
        and isinstance(expected, str)
        and bool(expected)
        and hmac.compare_digest(sent.encode(), expected.encode())
    )


async def checked_form(request: Request) -> dict[str, str]:
    """The posted form's text fields, once its token is right; raises CsrfFailed otherwise."""
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    if not valid(request, fields.get(front_of(request).csrf_field)):
        raise CsrfFailed(fields)
    return fields


CheckedForm = Annotated[dict[str, str], Depends(checked_form)]
