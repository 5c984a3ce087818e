"""One search box over the store: the entities, documents and claims that some words find."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from claimgraph.store import claims, documents, entities
from claimgraph.store.filters import ClaimFilter, Lookups
from claimgraph.store.matching import canonical_ids_named

PER_KIND = 10
"""Hits listed per kind; each kind links to its full list."""


def search(conn: Connection, words: str, per_kind: int = PER_KIND, lookups: Lookups | None = None) -> dict[str, Any]:
    """Entities any of whose spellings these words name, documents whose title or text holds them, and claims
    whose content holds them, each with its total (names looked up by `lookups.namer` where given)."""
    q = " ".join(words.split())
    if not q:
        return {"q": "", "entities": [], "documents": [], "claims": [],
                "totals": {"entities": 0, "documents": 0, "claims": 0}}
    f = ClaimFilter(search=q)
    df = documents.DocumentFilter(search=q)
    named = ((lookups.namer if lookups else None) or canonical_ids_named)(conn, q)  # once: three scans of the names
    return {"q": q,
            "entities": entities.entities(conn, ids=named, limit=per_kind, mentions=False) if named else [],
            "documents": documents.documents(conn, df, limit=per_kind),
            "claims": claims.claims(conn, f, limit=per_kind),
            "totals": {"entities": len(named), "documents": documents.count(conn, df),
                       "claims": claims.count(conn, f)}}
