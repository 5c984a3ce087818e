"""One search box over the store: the entities, documents and claims that some words find."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from claimgraph.store import claims, documents, entities
from claimgraph.store.filters import ClaimFilter

PER_KIND = 10
"""Hits listed per kind; each kind links to its full list."""


def search(conn: Connection, words: str, per_kind: int = PER_KIND) -> dict[str, Any]:
    """Entities any of whose spellings these words name, documents whose title or text holds them, and claims
    whose content holds them, each with its total."""
    q = " ".join(words.split())
    if not q:
        return {"q": "", "entities": [], "documents": [], "claims": [],
                "totals": {"entities": 0, "documents": 0, "claims": 0}}
    f = ClaimFilter(search=q)
    df = documents.DocumentFilter(search=q)
    found = entities.entities(conn, name=q, limit=per_kind, mentions=False)
    return {"q": q,
            "entities": found,
            "documents": documents.documents(conn, df, limit=per_kind),
            "claims": claims.claims(conn, f, limit=per_kind),
            "totals": {"entities": len(entities.entities(conn, name=q, mentions=False)) if len(found) == per_kind
                       else len(found),
                       "documents": documents.count(conn, df), "claims": claims.count(conn, f)}}
