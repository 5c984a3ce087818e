"""Canonical entities: one row per real-world entity across documents, and the log of why each link was made.

These are the primitives a resolver builds on (`claimgraph.corpus.resolve` replaces the plain
same-name linking below with variant spellings and aliases). Every link, merge or split writes a
`resolution_log` row with its rule and score, so an analyst can see and undo it.
"""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import Connection, select, update

from claimgraph.store import schema as t
from claimgraph.store.records import now


def name_key(name: str) -> str:
    """A name folded for exact matching: case, accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text))


def create(conn: Connection, name: str, type_: str, key: str | None = None) -> int:
    """A new canonical entity; its id."""
    result = conn.execute(t.canonical_entities.insert().values(
        name=name, type=type_, key=key if key is not None else name_key(name), created_at=now()))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def link(conn: Connection, document_id: str, entity_id: str, canonical_id: int, rule: str,
         score: float | None = None) -> None:
    """Make a document's entity part of a canonical entity, keeping why."""
    conn.execute(update(t.entities).where(t.entities.c.document_id == document_id, t.entities.c.id == entity_id)
                 .values(canonical_id=canonical_id, link_rule=rule, link_score=score))
    log(conn, "link", canonical_id, document_id=document_id, entity_id=entity_id, rule=rule, score=score)


def log(conn: Connection, action: str, canonical_id: int | None, *, other_canonical_id: int | None = None,
        document_id: str | None = None, entity_id: str | None = None, rule: str | None = None,
        score: float | None = None) -> None:
    """Record one resolution decision."""
    conn.execute(t.resolution_log.insert().values(
        at=now(), action=action, canonical_id=canonical_id, other_canonical_id=other_canonical_id,
        document_id=document_id, entity_id=entity_id, rule=rule, score=score))


def link_by_exact_name(conn: Connection, document_id: str) -> None:
    """Link a stored document's unlinked entities to the canonical entity of the same folded name and type."""
    rows = conn.execute(select(t.entities.c.id, t.entities.c.name, t.entities.c.type)
                        .where(t.entities.c.document_id == document_id, t.entities.c.canonical_id.is_(None))
                        .order_by(t.entities.c.position)).all()
    for entity_id, name, type_ in rows:
        key = name_key(name)
        found = conn.execute(select(t.canonical_entities.c.id)
                             .where(t.canonical_entities.c.key == key, t.canonical_entities.c.type == type_)
                             .order_by(t.canonical_entities.c.id).limit(1)).scalar()
        if found is None:
            link(conn, document_id, entity_id, create(conn, name, type_, key), "first mention", 1.0)
        else:
            link(conn, document_id, entity_id, int(found), "same name", 1.0)
