"""RSS and Atom feeds: telling a feed from a page, and reading its entries with feedparser."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass

import feedparser

from claimgraph.errors import InputError
from claimgraph.readers import normalise_newlines

FEED_SUFFIXES = (".rss", ".atom", ".xml")
_FEED_TYPES = ("rss", "atom", "rdf", "application/xml", "text/xml")
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_BLOCK_END = re.compile(r"(?i)<\s*(br\s*/?|/p|/div|/li|/h[1-6]|/blockquote)\s*>")


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


def parse(body: bytes, name: str) -> list[Entry]:
    """The entries of a feed, or an InputError where the body is no RSS/Atom feed or has no entries."""
    parsed = feedparser.parse(body)  # bytes, never a string: feedparser would take a string for a URL
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
        entries.append(Entry(title=(item.get("title") or "").strip() or None, link=item.get("link") or None,
                             published=_date(item), text=html_to_text(html), outlet=outlet))
    return entries
