"""What every answer of the workbench holds to, whatever route, error or gate produced it.

- The same security headers on every response: pages, the API, static files, the 404, 400 and
  500 pages and the token gate's 401 (`SecurityHeaders` wraps the whole ASGI stack, Starlette's
  own error middleware included, which runs outside any middleware an app adds).
- Ids from a path or query parsed as bounded integers (`claimgraph.store.ids.record_id`): a huge or odd one names
  nothing (a 404), instead of overflowing a database integer (a 500).
- Redirects only to a path on the same host (`claimgraph.web.redirects.same_host_path`): `//evil.example/x` and
  `/\\evil.example` are paths here, never addresses of another host.
- No NUL from a request reaches the store (`StorableRequest`): PostgreSQL refuses one even as a
  query parameter, so `?name=%00` was a 500 there and an empty answer on SQLite; it becomes U+FFFD
  in the path and query, as it does in every stored text (`claimgraph.storable`).

    harden(app, token)      # the last step of create_app: gate, then headers around everything
"""
from __future__ import annotations

import re
from typing import Any, cast

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimgraph.web.auth import TokenGate

SECURITY_HEADERS = {
    # Defence in depth: the pages run no script at all, and article text is escaped anyway.
    "Content-Security-Policy": "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

_NUL = re.compile(rb"%00")
_REPLACEMENT = b"%EF%BF%BD"
"""U+FFFD, percent-encoded in UTF-8."""


class SecurityHeaders:
    """ASGI middleware: the security headers on every HTTP response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in SECURITY_HEADERS.items():
                    headers.setdefault(k, v)
            await send(message)

        await self.app(scope, receive, with_headers)


class StorableRequest:
    """ASGI middleware: a NUL in the path or query string of a request becomes U+FFFD."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (_NUL.search(scope.get("query_string", b"")) or "\x00" in scope["path"]
                                        or _NUL.search(scope.get("raw_path") or b"")):
            scope = {**scope, "query_string": _NUL.sub(_REPLACEMENT, scope.get("query_string", b"")),
                     "path": scope["path"].replace("\x00", "\ufffd")}
            if scope.get("raw_path"):
                scope["raw_path"] = _NUL.sub(_REPLACEMENT, scope["raw_path"])
        await self.app(scope, receive, send)


def harden(app: FastAPI, token: str | None = None) -> None:
    """Gate every request behind the token (where given) and put the security headers on every response.

    No NUL of a request's path or query reaches the app (`StorableRequest`). Call it last in building the app:
    middleware added later would run before the gate.
    """
    if token:
        app.add_middleware(TokenGate, token=token)
    build = app.build_middleware_stack

    def build_with_headers() -> ASGIApp:
        return SecurityHeaders(StorableRequest(build()))

    # Starlette builds the stack on the first request, its ServerErrorMiddleware outermost: wrap that too
    cast(Any, app).build_middleware_stack = build_with_headers

