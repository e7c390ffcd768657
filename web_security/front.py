"""One front end (coach app, provider pages, provider API, employers...) as this layer sees it.

A `FrontEnd` names its audience (`kind`, the web_sessions kind), its database, its session
cookie (None for an API that signs every call with a key) and how it answers the layer's
refusals. Its routers use `front.route_class`, a FastAPI `APIRoute` that, around every route:

1. puts the front end where the dependencies find it (`front_of(request)`): the database for
   `DbSession`, the cookie and secret for sign-ins and CSRF;
2. loads the signed session cookie into `request.session` and writes it back afterwards, also
   when a refusal answered instead of the route, so nothing depends on app middleware and a
   router works the same in the assembled service and in a bare test app;
3. turns the layer's exceptions into the front end's own answers (`responders`): `NotSignedIn`
   (a login page or 401), `CsrfFailed` (403), `NotFound` (404). A path id that is not a number
   in 1..2**31-1 names nothing: it is a `NotFound` too, never a 422 or a database error.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from web_security import cookies

FRONT_KEY = "web_security.front"

Responder = Callable[[Request, Any], Response]


class NotFound(Exception):
    """Nothing the signed-in principal may see has this id (or it does not exist: the same)."""

    def __init__(self, principal: object = None) -> None:
        super().__init__("not found")
        self.principal = principal


def _json_not_found(request: Request, exc: NotFound) -> Response:
    return JSONResponse({"detail": "Not found"}, status_code=404)


@dataclass(frozen=True, eq=False)
class FrontEnd:
    kind: str
    session_factory: sessionmaker[Session]
    cookie: cookies.CookieSpec | None = None
    csrf_field: str = "csrf_token"
    responders: Mapping[type[Exception], Responder] = field(default_factory=dict)

    def responder_for(self, exc: Exception) -> Responder | None:
        for cls in type(exc).__mro__:
            if cls in self.responders:
                return self.responders[cls]
        return _json_not_found if isinstance(exc, NotFound) else None

    def router(self, **kwargs: Any) -> APIRouter:
        """An APIRouter whose routes run inside this front end's security."""
        return APIRouter(route_class=self.route_class, **kwargs)

    @cached_property
    def route_class(self) -> type[APIRoute]:
        return _route_class(self)


def front_of(request: Request) -> FrontEnd:
    """The front end serving this request (set by its route class)."""
    front = request.scope.get(FRONT_KEY)
    if not isinstance(front, FrontEnd):
        raise RuntimeError("this route is not on a web_security FrontEnd router")
    return front


def _names_nothing(exc: RequestValidationError) -> bool:
    """A path part failed validation: the URL names nothing, whatever else was wrong."""
    return any(tuple(e.get("loc", ()))[:1] == ("path",) for e in exc.errors())


def _route_class(front: FrontEnd) -> type[APIRoute]:
    class SecuredRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def secured(request: Request) -> Response:
                request.scope[FRONT_KEY] = front
                if front.cookie is not None:
                    request.scope["session"] = cookies.load(front.cookie, request)
                try:
                    response = await handler(request)
                except Exception as exc:
                    refusal: Exception = exc
                    if isinstance(exc, RequestValidationError) and _names_nothing(exc):
                        refusal = NotFound()  # /workers/abc or /courses/99999999999
                    responder = front.responder_for(refusal)
                    if responder is None:
                        raise
                    response = responder(request, refusal)
                if front.cookie is not None:
                    cookies.store(front.cookie, request, response, request.session)
                return response

            return secured

    SecuredRoute.__name__ = SecuredRoute.__qualname__ = f"{front.kind.title()}Route"
    return SecuredRoute
