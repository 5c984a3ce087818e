"""Whole answers the workbench keeps (a page, its JSON) until the store or the notebook changes.

An answer kept is keyed by its path and query string (the access token left out: the gate has checked
it before, and no page shows it) and by everything a page may show that can change: the store's version
(`web.cache.version`: documents, entity links and merges, stories, source grades) and the notebook's
(`store.notebook.version`: notes, tags, saved searches). Both are read in a transaction of their own
before the view runs in its own, later one, so an answer is never older than its key, and the next
request after any change finds a new key. On SQLite both are read again only once something was committed
since they were last read (`store.changes.ChangeWatch`, checked on every request without a query), so a
kept answer is sent without touching the tables. A form's CSRF token belongs to one browser: a page is kept
with a placeholder where its token goes, and each answer carries the token of the browser it goes to.
Answers of status 200 are kept, downloads too (a ledger's CSV is sent as it is read, and kept once it is
whole), within LARGEST bytes each and SIZE bytes in all.

    app.add_middleware(KeptAnswers, store=store)   # inside BrowserCookie, which gives new browsers their cookie
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimgraph.store import Store, notebook
from claimgraph.store.changes import ChangeWatch
from claimgraph.web import cache, csrf

SIZE = 64 * 1024 * 1024
"""Bytes of answers kept per app (least recently used go first)."""
LARGEST = 4 * 1024 * 1024
"""An answer larger than this is not kept."""
KEPT_TYPES = ("text/html", "application/json", "text/csv", "application/stix+json", "application/x-ndjson",
              "application/graphml+xml")
PASSED = ("/static/", "/favicon.ico")
"""Paths whose answers are not kept: static files carry their own caching."""
_DROPPED = {b"content-length", b"set-cookie", b"transfer-encoding"}
"""Headers not kept with an answer: the length is set again for each browser's token, a cookie is one browser's."""


def marker(store: Store) -> tuple[Any, ...]:
    """What every kept answer depends on: the store's version and the notebook's."""
    with store.begin() as conn:
        return cache.version(conn), notebook.version(conn)


class _Marker:
    """`marker(store)`, read again only once something was committed since it was last read (on SQLite)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.watch = ChangeWatch(store)
        self._lock = threading.Lock()
        self._known: tuple[int, tuple[Any, ...]] | None = None

    def unchanged(self) -> tuple[Any, ...] | None:
        """The marker last read where nothing was committed since (a PRAGMA, no table read), else None."""
        mark = self.watch.mark()
        with self._lock:
            known = self._known
        return known[1] if known is not None and mark is not None and known[0] == mark else None

    def read(self) -> tuple[Any, ...]:
        """The marker read from the tables (the change number first: what is read is at least that new)."""
        mark = self.watch.mark()
        now = marker(self.store)
        if mark is not None:
            with self._lock:
                self._known = (mark, now)
        return now


def _without_token(query: bytes) -> str:
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    return urlencode([(k, v) for k, v in pairs if k != "token"])


class KeptAnswers:
    """ASGI middleware: GET answers kept until the store or the notebook changes."""

    def __init__(self, app: ASGIApp, store: Store, size: int = SIZE) -> None:
        self.app = app
        self.store = store
        self.size = size
        self._kept: OrderedDict[tuple[Any, ...], tuple[int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._seen: tuple[Any, ...] | None = None
        self._marker = _Marker(store)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(PASSED):
            await self.app(scope, receive, send)
            return
        now = self._marker.unchanged()
        if now is None:
            now = await run_in_threadpool(self._marker.read)
        key = (scope["path"], _without_token(scope.get("query_string", b"")), now)
        hit = self._get(key, now)
        if hit is not None:
            status, headers, body = hit
            await self._send(scope, send, status, headers, body)
            return
        scope.setdefault("state", {})[csrf.PLACEHOLDER_STATE] = True
        answer = _Answer(send)
        await self.app(scope, receive, answer.take)
        if answer.start is None:
            return
        status, raw = answer.start["status"], answer.start.get("headers", [])
        kept = [(k, v) for k, v in raw if k.lower() not in _DROPPED]
        whole = answer.whole()
        if whole is not None and self._keepable(status, kept, whole):
            self._put(key, (status, kept, whole))
        if not answer.streamed:
            await self._send(scope, send, status, raw, answer.body)

    @staticmethod
    def _keepable(status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> bool:
        if status != 200 or len(body) > LARGEST:
            return False
        found = dict((k.lower(), v) for k, v in headers)
        kind = found.get(b"content-type", b"").decode("latin-1")
        return kind.startswith(KEPT_TYPES)

    async def _send(self, scope: Scope, send: Send, status: int, headers: list[tuple[bytes, bytes]],
                    body: bytes) -> None:
        """The answer with this browser's form token where the page holds the placeholder."""
        if csrf.PLACEHOLDER in body:
            body = body.replace(csrf.PLACEHOLDER, csrf.token(Request(scope)).encode())
        out = MutableHeaders(raw=list(headers))
        out["content-length"] = str(len(body))
        await send({"type": "http.response.start", "status": status, "headers": out.raw})
        await send({"type": "http.response.body", "body": body})

    def _get(self, key: tuple[Any, ...], now: tuple[Any, ...]) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
        with self._lock:
            if now != self._seen:  # the store or the notebook changed: what was kept answers nothing any more
                self._kept.clear()
                self._bytes = 0
                self._seen = now
                return None
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def _put(self, key: tuple[Any, ...], value: tuple[int, list[tuple[bytes, bytes]], bytes]) -> None:
        with self._lock:
            if key[-1] != self._seen or key in self._kept:
                return
            self._kept[key] = value
            self._bytes += len(value[2])
            while self._bytes > self.size and self._kept:
                _, (_, _, dropped) = self._kept.popitem(last=False)
                self._bytes -= len(dropped)


class _Answer:
    """What the app sends: held while it is one whole body (to be kept and given its token), passed on at once
    from the moment it turns out to be a stream, whose pieces are gathered too while they stay within LARGEST."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.start: Message | None = None
        self.body = b""
        self.streamed = False
        self._pieces = 0
        self._gathered: list[bytes] | None = []
        self._size = 0
        self._ended = False

    def whole(self) -> bytes | None:
        """The whole body sent, where it was sent to its end within LARGEST bytes; else None."""
        if not self._ended or self._gathered is None:
            return None
        return self.body if not self.streamed else b"".join(self._gathered)

    async def take(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.start = message
            return
        if message["type"] != "http.response.body" or self.start is None:
            await self.send(message)
            return
        more = message.get("more_body", False)
        if not self._pieces and not more and not self.streamed:
            self.body = message.get("body", b"")
            self._pieces = 1
            self._ended = True
            return
        if not self.streamed:
            self.streamed = True
            await self.send(self.start)
            if self._pieces:
                self._gather(self.body)
                await self.send({"type": "http.response.body", "body": self.body, "more_body": True})
        self._pieces += 1
        self._gather(message.get("body", b""))
        await self.send(message)
        self._ended = not more

    def _gather(self, piece: bytes) -> None:
        if self._gathered is None:
            return
        self._size += len(piece)
        if self._size > LARGEST:
            self._gathered = None
        else:
            self._gathered.append(piece)
