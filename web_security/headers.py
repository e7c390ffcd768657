"""Security headers on every answer of every front end, as one pure ASGI middleware.

Pages get a strict Content-Security-Policy: no scripts at all, styles only inline (the templates
carry their own), forms only to this site, and no framing (clickjacking), said twice for older
browsers (`X-Frame-Options: DENY`). The OpenAPI pages (/docs, /redoc) are FastAPI's: they load
Swagger UI or ReDoc from the jsDelivr CDN and run an inline start-up script, so those two paths
(and only those) get a policy that allows exactly that. Nothing is cached (`no-store`: pages and
API answers carry worker and provider data). A header a route set itself is left as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_CDN = "https://cdn.jsdelivr.net"
SWAGGER_CSP = (
    f"default-src 'none'; script-src 'unsafe-inline' {_CDN}; style-src 'unsafe-inline' {_CDN}; "
    "img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
REDOC_CSP = (
    f"default-src 'none'; script-src {_CDN}; worker-src blob:; "
    "style-src 'unsafe-inline' https://fonts.googleapis.com; font-src https://fonts.gstatic.com; "
    "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
DOCS_POLICIES = {"/docs": SWAGGER_CSP, "/docs/oauth2-redirect": SWAGGER_CSP, "/redoc": REDOC_CSP}


class SecurityHeaders:
    """Adds the headers to each response's start. `policies` maps an exact path to its own
    Content-Security-Policy (the docs pages); every other path gets PAGE_CSP."""

    def __init__(self, app: ASGIApp, *, policies: Mapping[str, str] | None = None) -> None:
        self.app = app
        self.policies = dict(policies or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = self.policies.get(scope["path"], PAGE_CSP)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", csp)
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)
