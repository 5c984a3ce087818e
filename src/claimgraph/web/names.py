"""Names to entities for the workbench: what a name or an id stands for, kept until the store changes.

Looking a name up reads every spelling, alias and canonical key of the store (three scans); the ledger's
speaker and entity filters, the header search and the graph's centre all ask it, so each name is looked up
once per version of the store, and while the store only grows, again only among the new documents.
"""
from __future__ import annotations

from sqlalchemy import Connection

from claimgraph.store.entities import entities
from claimgraph.store.matching import canonical_ids_named, entity_ids
from claimgraph.web import cache


def named(conn: Connection, name: str) -> list[int]:
    """The canonical entities a name stands for (a `store.filters.Namer`)."""
    found: list[int] = cache.grown(conn, ("named", name), lambda: canonical_ids_named(conn, name),
                                   lambda kept, after: sorted(set(kept) | set(canonical_ids_named(conn, name, after))))
    return found


def ids_of(conn: Connection, ref: str) -> list[int]:
    """The canonical entities an id ('42') or a name stands for."""
    return entity_ids(conn, ref) if ref.strip().isdigit() else named(conn, ref.strip())


def best(conn: Connection, ids: list[int]) -> int:
    """Of the entities a name stands for, the one named in most documents."""
    if len(ids) == 1:
        return ids[0]

    def ranked() -> int:
        top = entities(conn, ids=ids, limit=1, mentions=False)
        return int(top[0]["id"]) if top else ids[0]
    found: int = cache.cached(conn, ("best", tuple(ids)), ranked)
    return found
