"""The store's query API in one place: what an analyst asks of the store, each in the module of its resource.

| module | what it answers |
| --- | --- |
| `store.filters` | `ClaimFilter` (every ledger filter and sort), `Paging`, date and stance checks |
| `store.claims` | claims by any filter: lists, pages, counts, facets, claim dicts |
| `store.documents` | the documents list (`DocumentFilter`), one document, copies to their original |
| `store.entities` | cross-document entities: the list, one entity, `show` |
| `store.stories` | the story tables, claims to stories, list candidates, grading signatures |
| `store.timeline` | events grouped across documents in date order; events per month |
| `store.graph` | entities linked by claims and events (`GraphQuery`) |
| `store.search` | one search over entities, documents and claims |
| `store.notebook` | notes, tags and saved searches |
| `store.matching` | whole-word and full-text matching, names to canonical entities |

Every function takes a connection and returns plain JSON-ready dicts, which the CLI prints as
tables or JSON, the web renders or returns, and `claimgraph.Corpus` hands back as they are.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from claimgraph.store.claims import claim_select
from claimgraph.store.documents import documents, find_document, originals, show_document
from claimgraph.store.entities import entities, show, show_entity
from claimgraph.store.filters import ClaimFilter, Lookups, check_date, check_stance
from claimgraph.store.matching import canonical_ids_named, escape_like

__all__ = ["ClaimFilter", "canonical_ids_named", "check_date", "check_stance", "claim_select", "claims",
           "documents", "entities", "escape_like", "find_document", "originals", "show", "show_document",
           "show_entity"]


def claims(conn: Connection, f: ClaimFilter | None = None, *, lookups: Lookups | None = None,
           limit: int | None = None, **filters: Any) -> list[dict[str, Any]]:
    """Claims as `store.claims.claims` gives them, from a ClaimFilter or its fields as keywords."""
    from claimgraph.store import claims as claim_queries

    if f is None:
        f = ClaimFilter(**{k: v for k, v in filters.items() if v is not None})
    return claim_queries.claims(conn, f, lookups=lookups, limit=limit)
