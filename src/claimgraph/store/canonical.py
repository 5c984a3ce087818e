"""Canonical entities: one row per real-world entity across documents, and the log of why each link was made.

These are the primitives a resolver builds on (`claimgraph.corpus.resolve` replaces the plain
same-name linking below with variant spellings and aliases). Every link, merge or split writes a
`resolution_log` row with its rule and score, so an analyst can see and undo it.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, delete, select, update

from claimgraph.nlp.variants import block_keys
from claimgraph.store import schema as t
from claimgraph.store.writing import insert_ignoring_conflicts, now


def name_key(name: str) -> str:
    """A name folded for exact matching: case, accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text))


def create(conn: Connection, name: str, type_: str, key: str | None = None, *, index: bool = True) -> int:
    """A new canonical entity; its id. Its name goes into the resolver's index unless the caller adds it
    itself (`index=False`, with `add_names`, in a batch)."""
    result = conn.execute(t.canonical_entities.insert().values(
        name=name, type=type_, key=key if key is not None else name_key(name), created_at=now()))
    key_row = result.inserted_primary_key
    assert key_row is not None  # an INSERT of one row always returns its key
    cid = int(key_row[0])
    if index:
        add_names(conn, [(cid, type_, name, True)])
    return cid


NameRow = tuple[int, str, str, bool]
"""(canonical id, its type, a name, whether the name is its own or a member's rather than an alias)."""


def add_names(conn: Connection, rows: Sequence[NameRow]) -> None:
    """Keep names of canonical entities in the resolver's index, with their block keys (known ones are skipped)."""
    names: dict[tuple[int, bool, str], None] = {}
    blocks: dict[tuple[str, int], None] = {}
    for cid, type_, name, own in rows:
        if name:
            names[(cid, own, name)] = None
            blocks.update(((key, cid), None) for key in sorted(block_keys(name, type_)))
    if names:
        conn.execute(insert_ignoring_conflicts(conn, t.canonical_names),
                     [{"canonical_id": c, "own": o, "name": n} for c, o, n in names])
    if blocks:
        conn.execute(insert_ignoring_conflicts(conn, t.canonical_blocks),
                     [{"key": k, "canonical_id": c} for k, c in blocks])


def rebuild_names(conn: Connection, cids: Iterable[int] | None = None) -> None:
    """Refill the name index of some canonical entities (all where None) from their name, members and aliases.

    Order as the resolver meets them: the entity's own name, its members' names, then their aliases.
    """
    ce, e, al, cn, cb = t.canonical_entities, t.entities, t.aliases, t.canonical_names, t.canonical_blocks
    wanted = None if cids is None else sorted(set(cids))

    def only(q: Any, column: Any) -> Any:
        return q if wanted is None else q.where(column.in_(wanted))

    if wanted is not None:
        conn.execute(delete(cn).where(cn.c.canonical_id.in_(wanted)))
        conn.execute(delete(cb).where(cb.c.canonical_id.in_(wanted)))
    types = dict(conn.execute(only(select(ce.c.id, ce.c.type), ce.c.id)).all())
    rows: list[NameRow] = [(cid, types[cid], name, True) for cid, name in conn.execute(
        only(select(ce.c.id, ce.c.name), ce.c.id).order_by(ce.c.id))]
    rows += [(cid, types[cid], name, True) for cid, name in conn.execute(
        only(select(e.c.canonical_id, e.c.name), e.c.canonical_id).where(e.c.canonical_id.is_not(None))
        .order_by(e.c.canonical_id, e.c.document_id, e.c.position)) if cid in types]
    q = select(e.c.canonical_id, al.c.alias).select_from(al.join(
        e, (al.c.document_id == e.c.document_id) & (al.c.entity_id == e.c.id))).where(e.c.canonical_id.is_not(None))
    rows += [(cid, types[cid], alias, False) for cid, alias in conn.execute(
        only(q, e.c.canonical_id).order_by(e.c.canonical_id, al.c.document_id, al.c.entity_id, al.c.position))
        if cid in types]
    for i in range(0, len(rows), 5000):
        add_names(conn, rows[i:i + 5000])


def link(conn: Connection, document_id: str, entity_id: str, canonical_id: int, rule: str,
         score: float | None = None) -> None:
    """Make a document's entity part of a canonical entity, keeping why."""
    conn.execute(update(t.entities).where(t.entities.c.document_id == document_id, t.entities.c.id == entity_id)
                 .values(canonical_id=canonical_id, link_rule=rule, link_score=score))
    log(conn, "link", canonical_id, document_id=document_id, entity_id=entity_id, rule=rule, score=score)
    name = conn.execute(select(t.entities.c.name).where(
        t.entities.c.document_id == document_id, t.entities.c.id == entity_id)).scalar_one()
    ce = t.canonical_entities
    type_ = conn.execute(select(ce.c.type).where(ce.c.id == canonical_id)).scalar_one()
    add_names(conn, [(canonical_id, type_, name, True)])


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
