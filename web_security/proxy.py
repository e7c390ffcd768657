"""Behind a reverse proxy: a warning when the proxy's headers are being ignored.

Which proxies are believed is uvicorn's job (FORWARDED_ALLOW_IPS, passed by bot.service). When
none is set and requests arrive with X-Forwarded-For anyway, the service is most likely behind a
proxy nobody told it about: every visitor then has the proxy's address, so the per-address login
throttle counts them all as one (a stranger's wrong guesses would lock the coaches out). This
says so in the log, once; it changes nothing about the request.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger("escalator.web")

WARNING = (
    "A request came with an X-Forwarded-For header, which is ignored because "
    "FORWARDED_ALLOW_IPS is not set. If this service is behind a reverse proxy, set "
    "FORWARDED_ALLOW_IPS to the proxy's address: until then every visitor has the proxy's "
    "address, and the login throttle counts them all as one."
)


class ForwardedHeaderWarning:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.warned = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            not self.warned
            and scope["type"] == "http"
            and any(name == b"x-forwarded-for" for name, _ in scope.get("headers", []))
        ):
            self.warned = True
            log.warning(WARNING)
        await self.app(scope, receive, send)
