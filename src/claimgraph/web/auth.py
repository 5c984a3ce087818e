"""The access token: required when the workbench listens on anything but loopback, checked on every request.

A client shows the token in an `Authorization: Bearer TOKEN` or `X-Claimgraph-Token` header, in the
`claimgraph_token` cookie, or once as `?token=TOKEN`, which sets the cookie and redirects to the same
page without it (so the token does not stay in the address bar or the history).
"""
from __future__ import annotations

import hmac
import ipaddress
import os
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from claimgraph.errors import InputError
from claimgraph.web.redirects import same_host_path

ENV_TOKEN = "CLAIMGRAPH_TOKEN"
COOKIE = "claimgraph_token"
HEADER = "x-claimgraph-token"


def is_loopback(host: str) -> bool:
    """Whether a listening address is reachable from this machine only."""
    if host.strip().lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def required_token(host: str, token: str | None) -> str | None:
    """The token to require for a host (`--token`, else $CLAIMGRAPH_TOKEN); an InputError where a
    non-loopback host has none."""
    token = token or os.environ.get(ENV_TOKEN) or None
    if token is not None and len(token) < 8:
        raise InputError("--token: use a token of at least 8 characters")
    if token is None and not is_loopback(host):
        raise InputError(f"--host {host} is reachable from other machines: give --token TOKEN "
                         f"(or set {ENV_TOKEN}), or serve on 127.0.0.1")
    return token


class TokenGate:
    """ASGI middleware: 401 for any request that does not show the token."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token.encode()

    def _ok(self, shown: str | None) -> bool:
        return shown is not None and hmac.compare_digest(shown.encode(), self.token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        auth = request.headers.get("authorization", "")
        bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        if self._ok(bearer) or self._ok(request.headers.get(HEADER)) or self._ok(request.cookies.get(COOKIE)):
            await self.app(scope, receive, send)
            return
        if self._ok(request.query_params.get("token")):
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            # the same page on this host: '//evil.example/x' is a path here, never another host
            response: Response = RedirectResponse(same_host_path(request.url.path, urlencode(rest)), 303)
            response.set_cookie(COOKIE, self.token.decode(), httponly=True, samesite="strict")
            await response(scope, receive, send)
            return
        reason = "this workbench needs its access token: open it with ?token=TOKEN or send an " \
                 "'Authorization: Bearer TOKEN' header"
        if request.url.path.startswith("/api/"):
            response = JSONResponse({"error": reason}, status_code=401)
        else:
            response = PlainTextResponse(f"401 Unauthorized: {reason}\n", status_code=401)
        response.headers["WWW-Authenticate"] = "Bearer"
        await response(scope, receive, send)
