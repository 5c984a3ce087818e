"""RSS and Atom feeds: telling a feed from a page, and reading its entries with feedparser.

A character reference to a surrogate (`&#xd800;`) or past U+10FFFF makes feedparser raise, so such
references are taken out before it parses: one past U+10FFFF becomes U+FFFD, as an HTML parser
makes it; a surrogate comes back as a lone surrogate in the entry, which the reader then replaces
and records like any other (`claimgraph.storable`).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, fields, replace

import feedparser

from claimgraph.errors import InputError
from claimgraph.readers import normalise_newlines

FEED_SUFFIXES = (".rss", ".atom", ".xml")
_FEED_TYPES = ("rss", "atom", "rdf", "application/xml", "text/xml")
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_BLOCK_END = re.compile(r"(?i)<\s*(br\s*/?|/p|/div|/li|/h[1-6]|/blockquote)\s*>")
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")
_LONE_SURROGATE = "\ud800"
_PRIVATE_USE = range(0xE000, 0xF900)


@dataclass(frozen=True)
class Entry:
    """One feed entry: its text (tags removed) and metadata."""

    title: str | None
    link: str | None
    published: str | None
    text: str
    outlet: str | None


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    """Whether a body is an RSS/Atom feed rather than an HTML page, by its type or its root element."""
    if any(kind in content_type.lower() for kind in _FEED_TYPES):
        return True
    return bool(_FEED_ROOT.search(body[:4096]))


def html_to_text(html: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one line per block."""
    if "<" not in html:
        return normalise_newlines(html).strip()
    import lxml.html

    marked = _BLOCK_END.sub(lambda m: m.group(0) + "\n\n", html)
    try:
        text = lxml.html.fragment_fromstring(marked, create_parent="div").text_content()
    except Exception:  # noqa: BLE001 - lxml raises several kinds on broken fragments
        text = re.sub(r"<[^>]+>", " ", html)
    lines = [" ".join(line.split()) for line in normalise_newlines(text).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _date(entry: dict) -> str | None:  # type: ignore[type-arg]
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    return None


def _marker(body: bytes) -> str:
    """A private-use character that the feed does not hold, written or as a reference, to stand for a surrogate."""
    lowered = body.lower()
    for cp in _PRIVATE_USE:
        forms = (chr(cp).encode("utf-8"), b"&#x%x;" % cp, b"&#%d;" % cp)
        if not any(form in lowered for form in forms):
            return chr(cp)
    return "\ufffd"  # a feed that holds every private-use character: its surrogates become U+FFFD unrecorded


def _without_bad_references(body: bytes) -> tuple[bytes, str | None]:
    """The feed with its references to surrogates as a marker character and those past U+10FFFF as U+FFFD."""
    marker: str | None = None

    def fix(m: re.Match[bytes]) -> bytes:
        nonlocal marker
        cp = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        if 0xD800 <= cp <= 0xDFFF:
            marker = marker or _marker(body)
            return b"&#x%x;" % ord(marker)
        return b"&#xfffd;" if cp > 0x10FFFF else m.group(0)

    return _CHAR_REF.sub(fix, body), marker


def _restored(entry: Entry, marker: str | None) -> Entry:
    """The entry with the marker back as the lone surrogate it stands for."""
    if marker is None or marker == "\ufffd":
        return entry
    changes = {f.name: value.replace(marker, _LONE_SURROGATE) for f in fields(entry)
               if isinstance(value := getattr(entry, f.name), str) and marker in value}
    return replace(entry, **changes) if changes else entry


def parse(body: bytes, name: str) -> list[Entry]:
    """The entries of a feed, or an InputError where the body is no RSS/Atom feed or has no entries."""
    body, marker = _without_bad_references(body)
    try:
        parsed = feedparser.parse(body)  # bytes, never a string: feedparser would take a string for a URL
    except Exception as e:  # noqa: BLE001 - feedparser's loose parser raises many kinds on broken markup
        detail = " ".join(str(e).split())[:200]
        raise InputError(f"{name}: cannot read the feed ({type(e).__name__}: {detail})") from None
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({str(problem).splitlines()[0]})" if problem else ""
        raise InputError(f"{name}: not an RSS or Atom feed{detail}")
    if not parsed.entries:
        raise InputError(f"{name}: the feed has no entries")
    outlet = (parsed.feed.get("title") or "").strip() or None
    entries = []
    for item in parsed.entries:
        content = item.get("content") or []
        html = max((c.get("value", "") for c in content), key=len, default="") or item.get("summary", "")
        entries.append(_restored(Entry(title=(item.get("title") or "").strip() or None, link=item.get("link") or None,
                                       published=_date(item), text=html_to_text(html), outlet=outlet), marker))
    return entries
