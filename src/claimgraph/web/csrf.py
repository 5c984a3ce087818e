"""Forms protected against cross-site requests, without script: a signed token in every form, and a same-site check.

Each browser gets a random `claimgraph_csrf` cookie (SameSite=Strict, HttpOnly); each form holds
the HMAC of that cookie under the app's secret. A form post must carry both, match, and not come
from another site (`Sec-Fetch-Site`, `Origin`): a page elsewhere can make a browser post to the
workbench, but cannot read the token it would need. The access token (`web.auth`) is checked first
as for any request, so the same token rules hold for forms.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import parse_qsl, urlsplit

from fastapi import Request
from markupsafe import Markup, escape
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimgraph.errors import ClaimgraphError
from claimgraph.storable import storable

COOKIE = "claimgraph_csrf"
FIELD = "csrf"
MAX_FORM = 64 * 1024
"""The largest form body read (a note is at most 10,000 characters)."""
PLACEHOLDER = b"\x00csrf\x00"
"""Where a page kept for every browser (`web.answers`) holds the token; no page holds a NUL otherwise (stored text
and request parameters have theirs replaced)."""
PLACEHOLDER_STATE = "csrf_placeholder"
"""Set in a request's state, its page is rendered with the placeholder instead of this browser's token."""


class CrossSiteRequest(ClaimgraphError):
    """A form post that did not come from a page of this workbench."""


def _sign(secret: bytes, browser: str) -> str:
    return hmac.new(secret, browser.encode(), hashlib.sha256).hexdigest()


def browser_id(request: Request) -> str:
    """This browser's random id: its cookie, or the one the response is about to set."""
    known = request.cookies.get(COOKIE)
    if known and 16 <= len(known) <= 64 and known.isalnum():
        return known
    fresh = getattr(request.state, "csrf_browser", None)
    if fresh is None:
        fresh = secrets.token_hex(16)
        request.state.csrf_browser = fresh
    return str(fresh)


def token(request: Request) -> str:
    """The token a form of this page carries."""
    return _sign(request.app.state.csrf_secret, browser_id(request))


def field(request: Request) -> Markup:
    """The hidden form field holding the token (or the placeholder where the page is to be kept for every
    browser)."""
    if request.scope.get("state", {}).get(PLACEHOLDER_STATE):
        return Markup(f'<input type="hidden" name="{FIELD}" value="{PLACEHOLDER.decode()}">')
    return Markup(f'<input type="hidden" name="{FIELD}" value="{escape(token(request))}">')


def _same_site(request: Request) -> bool:
    """Whether the browser says the post comes from this site. Browsers send `Sec-Fetch-Site`; `Origin` is
    `null` under our `Referrer-Policy: no-referrer`, so it counts only where it names a host."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc == request.headers.get("host", "")
    return True


async def form(request: Request) -> dict[str, str]:
    """The posted form's fields, once the post is shown to come from this workbench; else CrossSiteRequest."""
    body = await request.body()
    if len(body) > MAX_FORM:
        raise CrossSiteRequest(f"the form is larger than {MAX_FORM // 1024} KiB")
    # what an analyst writes is stored like article text: a NUL (PostgreSQL refuses it) becomes U+FFFD
    fields = {k: storable(v)[0] for k, v in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)}
    cookie = request.cookies.get(COOKIE)
    sent = fields.pop(FIELD, "")
    if not cookie or not _same_site(request) or not hmac.compare_digest(sent, _sign(request.app.state.csrf_secret,
                                                                                       cookie)):
        raise CrossSiteRequest("this form was not sent from a page of this workbench (or the page is old): "
                               "open the page again and send the form from there")
    return fields


class BrowserCookie:
    """ASGI middleware: gives a browser its `claimgraph_csrf` cookie on the first page it is served."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})

        async def send_with_cookie(message: Message) -> None:
            fresh = state.get("csrf_browser")
            if message["type"] == "http.response.start" and fresh:
                headers = list(message.get("headers", []))
                headers.append((b"set-cookie", f"{COOKIE}={fresh}; HttpOnly; Path=/; SameSite=Strict".encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookie)
