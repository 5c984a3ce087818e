"""Fetching a page or feed over http(s) within one deadline and a size limit; failures as one-line InputErrors.

One deadline covers everything a URL costs: the name lookup, connecting, the TLS handshake, the
headers, every redirect and the body. Per-read socket timeouts do not bound a server that sends a
byte a second, so a timer shuts every socket of the fetch when the deadline passes, whatever is
blocked on it, and the fetch then fails as a timeout. Redirects are followed to http(s) only, at
most MAX_REDIRECTS of them; gzip and deflate bodies are decoded, within the same size limit.
"""
from __future__ import annotations

import contextlib
import functools
import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from claimgraph.errors import InputError

USER_AGENT = "claimgraph/0.1 (+https://example.org/claimgraph)"
MAX_REDIRECTS = 10
MAX_TIMEOUT = 86_400.0
"""A day: longer than any fetch should take, and within what a timer can wait."""
CHUNK = 65536


@dataclass(frozen=True)
class FetchOptions:
    """Limits on what one URL may cost."""

    timeout: float = 20.0
    """Seconds for the whole fetch of one URL: lookup, connecting, redirects, headers and body together."""
    max_bytes: int = 10 * 1024 * 1024
    """Largest body read (and, for a compressed one, largest once decoded); a larger page is refused, not cut."""


DEFAULT_OPTIONS = FetchOptions()


@dataclass(frozen=True)
class Page:
    """A fetched body (decoded where it was sent compressed) and what the server said it is."""

    url: str
    content_type: str
    body: bytes


class _Expired(Exception):
    """The deadline of the fetch passed."""


class Deadline:
    """The time one URL may take. When it passes, every socket opened for the URL is shut down, which ends
    any read or handshake blocked on it; `expired` then tells a cut-short answer from a whole one."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True
        self._timer.name = "claimgraph-fetch-deadline"
        self._timer.start()

    def left(self) -> float:
        """Seconds left; _Expired where none are."""
        left = self.at - time.monotonic()
        if self.expired or left <= 0:
            raise _Expired
        return left

    def watch(self, sock: socket.socket) -> None:
        """Shut this socket down when the deadline passes (a duplicate is kept: TLS takes over the original)."""
        with self._lock:
            copy = sock.dup()
            self._sockets.append(copy)
            if self.expired:
                _shut(copy)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for s in self._sockets:
                _shut(s)

    def close(self) -> None:
        """Stop the timer and let go of the sockets."""
        self._timer.cancel()
        self._timer.join()  # at once: a cancelled timer wakes and ends; none is left behind
        with self._lock:
            for s in self._sockets:
                s.close()
            self._sockets.clear()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the other end
        sock.shutdown(socket.SHUT_RDWR)


def _resolve(host: str, port: int, deadline: Deadline) -> list[Any]:
    """getaddrinfo within the deadline: the lookup runs in a thread of its own, since nothing can cut it short."""
    result: list[Any] = []
    failure: list[OSError] = []

    def lookup() -> None:
        try:
            result.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as e:
            failure.append(e)

    thread = threading.Thread(target=lookup, daemon=True, name="claimgraph-lookup")
    thread.start()
    thread.join(deadline.left())
    if thread.is_alive():
        raise _Expired
    if failure:
        raise failure[0]
    return result


def _connect(deadline: Deadline, address: tuple[str, int], timeout: Any = None, source: Any = None) -> socket.socket:
    """socket.create_connection, within the deadline, the socket watched from before it connects."""
    host, port = address
    last: OSError | None = None
    for family, kind, proto, _, where in _resolve(host, port, deadline):
        sock = socket.socket(family, kind, proto)
        try:
            deadline.watch(sock)
            sock.settimeout(deadline.left())
            if source:
                sock.bind(source)
            sock.connect(where)
            return sock
        except OSError as e:
            sock.close()
            last = e
            if deadline.expired:
                raise _Expired from None
        except BaseException:
            sock.close()
            raise
    raise last or OSError(f"cannot resolve {host}")


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, deadline: Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # http.client opens its socket through this attribute; ours is watched by the deadline
        self._create_connection = functools.partial(_connect, deadline)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, deadline: Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(_connect, deadline)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_HTTPConnection, deadline=self.deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline) -> None:
        self.context = ssl.create_default_context()
        super().__init__(context=self.context)
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_HTTPSConnection, deadline=self.deadline), req, context=self.context)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Redirects to http(s) only (urllib would follow ftp://), at most MAX_REDIRECTS of them."""

    max_redirections = MAX_REDIRECTS

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def http_error_302(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                       headers: Any) -> Any:
        location = (headers.get("location") or headers.get("uri") or "").strip()
        target = urljoin(req.full_url, location)
        if location and not is_http_url(target):
            fp.close()
            raise InputError(f"{self.url}: the server redirects to {_shown(target)}, which is not an http(s) URL; "
                             "not followed")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def is_http_url(value: str) -> bool:
    """Whether the input is an http(s) URL."""
    return value.lower().startswith(("http://", "https://"))


def _shown(text: str, limit: int = 200) -> str:
    """Text from the network as it may stand in a one-line message."""
    return " ".join(str(text).split())[:limit]


def fetch(url: str, options: FetchOptions = DEFAULT_OPTIONS) -> Page:
    """The body of a URL, or an InputError saying why not (status, timeout, size, redirect, network)."""
    _check(url, options)
    deadline = Deadline(options.timeout)
    opener = urllib.request.build_opener(_HTTPHandler(deadline), _HTTPSHandler(deadline), _RedirectHandler(url))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*",
                                                   "Accept-Encoding": "gzip, deflate"})
    try:
        with opener.open(request, timeout=options.timeout) as response:
            page = _read(url, response, options, deadline)
        if deadline.expired:
            raise _Expired
        return page
    except _Expired:
        raise InputError(f"{url}: no complete answer within {options.timeout:g} s (--timeout)") from None
    except urllib.error.HTTPError as e:
        e.close()
        if deadline.expired:
            raise InputError(f"{url}: no complete answer within {options.timeout:g} s (--timeout)") from None
        if 300 <= e.code < 400:
            raise InputError(f"{url}: the server redirects in a loop or more than {MAX_REDIRECTS} times; "
                             "not followed") from None
        raise InputError(f"{url}: the server answered HTTP {e.code} {_shown(e.reason)}") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as e:
        if deadline.expired or isinstance(getattr(e, "reason", e), (TimeoutError, socket.timeout, _Expired)):
            raise InputError(f"{url}: no complete answer within {options.timeout:g} s (--timeout)") from None
        reason = getattr(e, "reason", None) if isinstance(e, urllib.error.URLError) else f"{type(e).__name__}: {e}"
        raise InputError(f"{url}: cannot fetch ({_shown(str(reason))})") from None
    finally:
        deadline.close()


def _check(url: str, options: FetchOptions) -> None:
    """An InputError for a URL that cannot be fetched at all, or a timeout no timer can keep."""
    if not is_http_url(url):
        raise InputError(f"{url}: only http:// and https:// URLs can be fetched")
    try:
        host = urlsplit(url).hostname
    except ValueError as e:  # an unclosed IPv6 bracket, say: urllib refuses it before any request
        raise InputError(f"{_shown(url)}: not a valid URL ({e})") from None
    if not host:
        raise InputError(f"{url}: the URL names no host")
    if not 0 < options.timeout <= MAX_TIMEOUT:  # nan and inf too
        raise InputError(f"{url}: --timeout {options.timeout:g}: give the seconds one URL may take, above 0")


def _read(url: str, response: Any, options: FetchOptions, deadline: Deadline) -> Page:
    """The whole body of a response, decoded where it came compressed; within the size limit."""
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > options.max_bytes:
        raise InputError(f"{url}: the page is {int(length):,} bytes, more than the limit of "
                         f"{options.max_bytes:,} (--max-bytes)")
    decoder = _decoder(url, response.headers.get("Content-Encoding", ""))
    chunks: list[bytes] = []
    size = raw_size = 0
    while chunk := response.read(CHUNK):
        deadline.left()
        raw_size += len(chunk)
        if decoder is not None:
            try:
                chunk = decoder.decompress(chunk, options.max_bytes - size + 1)
            except zlib.error:
                raise InputError(f"{url}: the page says it is compressed, but its data is corrupt") from None
        size += len(chunk)
        if raw_size > options.max_bytes or size > options.max_bytes:
            raise InputError(f"{url}: the page is more than the limit of {options.max_bytes:,} bytes (--max-bytes)")
        chunks.append(chunk)
    deadline.left()  # a body cut short by the deadline ends like a whole one: it is not
    if decoder is not None and not decoder.eof and chunks:
        raise InputError(f"{url}: the compressed page ends before its data does")
    return Page(response.geturl(), response.headers.get("Content-Type", ""), b"".join(chunks))


def _decoder(url: str, encoding: str) -> Any:
    """A zlib decompressor for the body's Content-Encoding, None for none; an InputError for one we cannot read."""
    coding = encoding.strip().lower()
    if coding in ("", "identity"):
        return None
    if coding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if coding == "deflate":
        return zlib.decompressobj(32 + zlib.MAX_WBITS)  # zlib-wrapped, as the standard says (header detected)
    raise InputError(f"{url}: the page is sent with Content-Encoding {_shown(encoding, 40)}, which claimgraph "
                     "cannot decode")
