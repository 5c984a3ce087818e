"""Fetching a page or feed over http(s), with a time limit and a size limit; failures as one-line InputErrors."""
from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from claimgraph.errors import InputError

USER_AGENT = "claimgraph/0.1 (+https://example.org/claimgraph)"


@dataclass(frozen=True)
class FetchOptions:
    """Limits on what one URL may cost."""

    timeout: float = 20.0
    """Seconds for the whole fetch of one URL, connecting and reading together."""
    max_bytes: int = 10 * 1024 * 1024
    """Largest body read; a larger page is refused, not cut."""


@dataclass(frozen=True)
class Page:
    """A fetched body and what the server said it is."""

    url: str
    content_type: str
    body: bytes


def is_http_url(value: str) -> bool:
    """Whether the input is an http(s) URL."""
    return value.lower().startswith(("http://", "https://"))


def fetch(url: str, options: FetchOptions = FetchOptions()) -> Page:
    """The body of a URL, or an InputError saying why not (status, timeout, size, network)."""
    if not is_http_url(url):
        raise InputError(f"{url}: only http:// and https:// URLs can be fetched")
    deadline = time.monotonic() + options.timeout
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=options.timeout) as response:  # noqa: S310 - scheme checked
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > options.max_bytes:
                raise InputError(f"{url}: the page is {int(length):,} bytes, more than the limit of "
                                 f"{options.max_bytes:,} (--max-bytes)")
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunk = response.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > options.max_bytes:
                    raise InputError(f"{url}: the page is more than the limit of {options.max_bytes:,} bytes "
                                     "(--max-bytes)")
                chunks.append(chunk)
            return Page(response.geturl(), response.headers.get("Content-Type", ""), b"".join(chunks))
    except urllib.error.HTTPError as e:
        raise InputError(f"{url}: the server answered HTTP {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        if isinstance(e.reason, (TimeoutError, socket.timeout)):
            raise InputError(f"{url}: no answer within {options.timeout:g} s (--timeout)") from None
        raise InputError(f"{url}: cannot fetch ({e.reason})") from None
    except (TimeoutError, socket.timeout):
        raise InputError(f"{url}: no complete answer within {options.timeout:g} s (--timeout)") from None
    except (http.client.HTTPException, OSError, ValueError) as e:
        raise InputError(f"{url}: cannot fetch ({type(e).__name__}: {e})") from None
