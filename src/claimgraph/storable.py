"""Text that every store can hold: NUL and lone surrogates replaced by U+FFFD where a document is read, each recorded.

PostgreSQL refuses NUL in text; neither SQLite, PostgreSQL nor a UTF-8 file can hold a lone surrogate
(U+D800–U+DFFF without its pair), which JSON escapes (`"\\ud800"`) and feeds (`&#xd800;`) can carry.
Each such character becomes U+FFFD, one character for one, so every offset into the text stays
where it was, and the document keeps a `Repair` per field and kind saying how many and where the
first one stood. Other control characters are text like any other and are kept.
"""
from __future__ import annotations

import re
from dataclasses import replace

from claimgraph.records import Document, Repair, text_id

REPLACEMENT = "\ufffd"
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
"""The characters no store can hold."""

FIELDS = ("text", "title", "outlet", "url", "published", "language")


def _kind(ch: str) -> str:
    return "NUL" if ch == "\x00" else "lone surrogate"


def storable(value: str, field: str = "text") -> tuple[str, tuple[Repair, ...]]:
    """The value with every NUL and lone surrogate replaced by U+FFFD, and a Repair per kind replaced."""
    if UNSTORABLE.search(value) is None:
        return value, ()
    found: dict[str, Repair] = {}
    for m in UNSTORABLE.finditer(value):
        kind = _kind(m.group())
        seen = found.get(kind)
        found[kind] = Repair(field, kind, 1, m.start()) if seen is None else replace(seen, count=seen.count + 1)
    return UNSTORABLE.sub(REPLACEMENT, value), tuple(found.values())


def storable_document(document: Document) -> Document:
    """The document with its text and metadata storable, the repairs added to its record; itself where all was."""
    changes: dict[str, str] = {}
    repairs: list[Repair] = []
    for field in FIELDS:
        value = getattr(document, field)
        if isinstance(value, str):
            fixed, found = storable(value, field)
            if found:
                changes[field] = fixed
                repairs.extend(found)
    if not repairs:
        return document
    if "text" in changes and document.id == text_id(document.text):
        changes["id"] = text_id(changes["text"])  # an id that hashes the text hashes the text stored
    return replace(document, **changes, repairs=document.repairs + tuple(repairs))
