"""Entities across documents: the list (most reported first), one entity with its spellings, merges, claims and
events, and `show`, which finds a document or an entity from whatever an analyst types."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Executable, and_, case, func, or_, select, text, union

from claimgraph.errors import InputError
from claimgraph.store import schema as t
from claimgraph.store.claims import claim_dicts, claim_select, naming, order_by, said_by
from claimgraph.store.claims import claims as claim_list
from claimgraph.store.documents import find_document, show_document
from claimgraph.store.filters import ClaimFilter
from claimgraph.store.growth import new_documents
from claimgraph.store.ids import record_id
from claimgraph.store.matching import canonical_ids_named, folded_keys

ENTITY_CLAIMS = 200
"""At most this many claims by, and about, an entity in `entity()`."""
ENTITY_EVENTS = 300
_CHUNK = 400


def exists(conn: Connection, canonical_id: int) -> bool:
    """Whether a canonical entity with this id is stored."""
    ce = t.canonical_entities
    return conn.execute(select(ce.c.id).where(ce.c.id == canonical_id)).scalar() is not None


MANY = 50
"""From this many entities on, their spellings and claims are counted over the whole store (one pass over an
index, or over the claims) rather than looked up one entity at a time."""


def _said(conn: Connection, ids: Sequence[int]) -> dict[int, int]:
    """canonical id -> how many claims it made."""
    e, c = t.entities, t.claims
    if len(ids) < MANY:
        few = select(e.c.canonical_id, func.count()).select_from(
            e.join(c, and_(c.c.document_id == e.c.document_id, c.c.speaker_entity == e.c.id))) \
            .where(e.c.canonical_id.in_(list(ids))).group_by(e.c.canonical_id)
        return {int(cid): int(n) for cid, n in conn.execute(few)}
    wanted = set(ids)
    return {cid: n for cid, n in _said_by_all(conn).items() if cid in wanted}


def _said_by_all(conn: Connection) -> dict[int, int]:
    """canonical id -> how many claims it made, for every entity, in one pass over the claims."""
    e, c = t.entities, t.claims
    q: Executable
    if conn.dialect.name == "sqlite":
        # CROSS JOIN keeps the claims the outer loop (each speaker looked up by its key): SQLite's planner
        # would otherwise walk every entity and look for its claims, several times slower
        q = text("SELECT e.canonical_id, count(*) FROM claims AS c CROSS JOIN entities AS e "
                 "ON e.document_id = c.document_id AND e.id = c.speaker_entity "
                 "WHERE e.canonical_id IS NOT NULL GROUP BY e.canonical_id")
    else:
        q = select(e.c.canonical_id, func.count()).select_from(
            c.join(e, and_(c.c.document_id == e.c.document_id, c.c.speaker_entity == e.c.id))) \
            .where(e.c.canonical_id.is_not(None)).group_by(e.c.canonical_id)
    return {int(cid): int(n) for cid, n in conn.execute(q)}


def _spellings(conn: Connection, ids: Sequence[int]) -> dict[int, set[str]]:
    """canonical id -> the names its document entities are written with."""
    e = t.entities
    out: dict[int, set[str]] = {}
    wanted = set(ids)
    if len(ids) >= MANY:  # (name, canonical_id) is the covering index ix_entities_name: one pass over it
        rows = conn.execute(select(e.c.canonical_id, e.c.name).distinct().where(e.c.canonical_id.is_not(None)))
    else:
        rows = conn.execute(select(e.c.canonical_id, e.c.name).distinct().where(e.c.canonical_id.in_(list(ids))))
    for cid, name in rows:
        if cid in wanted:
            out.setdefault(int(cid), set()).add(name)
    return out


def _counts(conn: Connection, ids: Sequence[int], mentions: bool) -> tuple[dict[int, set[str]], dict[int, int],
                                                                              dict[int, int]]:
    e, a, m = t.entities, t.aliases, t.mentions
    spellings = _spellings(conn, ids)
    said = _said(conn, ids)
    named: dict[int, int] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = list(ids[i:i + _CHUNK])
        if not mentions:
            continue
        for cid, nm in conn.execute(select(e.c.canonical_id, a.c.alias).distinct().select_from(a.join(
                e, and_(a.c.document_id == e.c.document_id, a.c.entity_id == e.c.id))).where(
                e.c.canonical_id.in_(chunk))):
            spellings.setdefault(cid, set()).add(nm)
        for cid, n in conn.execute(select(e.c.canonical_id, func.count()).select_from(m.join(
                e, and_(m.c.document_id == e.c.document_id, m.c.entity_id == e.c.id)))
                .where(e.c.canonical_id.in_(chunk)).group_by(e.c.canonical_id)):
            named[cid] = int(n)
    return spellings, said, named


def entities(conn: Connection, *, type: str | None = None, name: str | None = None,  # noqa: A002
             ids: Sequence[int] | None = None, limit: int | None = None, offset: int = 0,
             mentions: bool = True) -> list[dict[str, Any]]:
    """Canonical entities, most reported first, with their other spellings and how many documents, claims and
    (with `mentions`) mentions they have."""
    e, ce = t.entities, t.canonical_entities
    docs = func.count(func.distinct(e.c.document_id))
    q = select(e.c.canonical_id, docs.label("documents")).where(e.c.canonical_id.is_not(None)) \
        .group_by(e.c.canonical_id).order_by(docs.desc(), e.c.canonical_id)
    if type:
        q = q.where(e.c.canonical_id.in_(select(ce.c.id).where(func.upper(ce.c.type) == type.strip().upper())))
    if name is not None:
        q = q.where(e.c.canonical_id.in_(canonical_ids_named(conn, name)))
    if ids is not None:
        q = q.where(e.c.canonical_id.in_(list(ids)))
    if limit:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    top = conn.execute(q).all()
    found = [int(r.canonical_id) for r in top]
    if not found:
        return []
    names = {r.id: (r.name, r.type) for r in conn.execute(select(ce.c.id, ce.c.name, ce.c.type)
                                                          .where(ce.c.id.in_(found)))}
    spellings, said, named = _counts(conn, found, mentions)
    out = []
    for r in top:
        cid = int(r.canonical_id)
        row = {"id": cid, "name": names[cid][0], "type": names[cid][1],
               "spellings": sorted(spellings.get(cid, set()) - {names[cid][0]}),
               "documents": int(r.documents), "claims": said.get(cid, 0)}
        if mentions:
            row["mentions"] = named.get(cid, 0)
        out.append(row)
    return out


def _bare(conn: Connection, canonical_id: int) -> dict[str, Any]:
    ce = t.canonical_entities
    row = conn.execute(select(ce).where(ce.c.id == canonical_id)).mappings().one()
    return {"id": row["id"], "name": row["name"], "type": row["type"], "spellings": [], "documents": 0,
            "mentions": 0, "claims": 0}


def members(conn: Connection, canonical_id: int) -> list[dict[str, Any]]:
    """The document entities an entity joins, with the rule and score that joined each."""
    e, d = t.entities, t.documents
    return [{"document_id": r.document_id, "entity_id": r.id, "name": r.name, "rule": r.link_rule,
             "score": r.link_score, "title": r.title, "published": r.published}
            for r in conn.execute(select(e.c.document_id, e.c.id, e.c.name, e.c.link_rule, e.c.link_score,
                                         d.c.title, d.c.published).join(d, d.c.id == e.c.document_id)
                                  .where(e.c.canonical_id == canonical_id).order_by(d.c.pk, e.c.position))]


def spellings(conn: Connection, canonical_id: int) -> list[dict[str, Any]]:
    """Each way the entity is written, in how many documents, and the rules that joined it."""
    e = t.entities
    found: dict[str, dict[str, int]] = {}
    for name, rule, n in conn.execute(select(e.c.name, e.c.link_rule, func.count()).where(
            e.c.canonical_id == canonical_id).group_by(e.c.name, e.c.link_rule)):
        found.setdefault(name, {})[rule or ""] = int(n)
    return [{"name": k, "documents": sum(v.values()), "rules": sorted(r for r in v if r)}
            for k, v in sorted(found.items())]


def history(conn: Connection, canonical_id: int) -> list[dict[str, Any]]:
    """The merges and splits that touched an entity, oldest first."""
    log = t.resolution_log
    return [dict(r) for r in conn.execute(
        select(log.c.at, log.c.action, log.c.canonical_id, log.c.other_canonical_id, log.c.rule, log.c.score)
        .where(log.c.action.in_(("merge", "split")),
               or_(log.c.canonical_id == canonical_id, log.c.other_canonical_id == canonical_id))
        .order_by(log.c.id)).mappings()]


def events_of(conn: Connection, canonical_id: int, limit: int = ENTITY_EVENTS) -> list[dict[str, Any]]:
    """Events in which the entity acts, is acted on or is the place, in date order (undated last)."""
    v, d, e = t.events, t.documents, t.entities
    cols = [v.c.document_id, v.c.id, v.c.date, v.c.action_code, v.c.action_text, v.c.modality, v.c.actor_text,
            v.c.target_text, v.c.place_text, v.c.sentence_text, d.c.title, d.c.outlet, d.c.published]
    # one indexed lookup per role: the entity's rows by canonical id, then the events of those documents
    keys = union(*(select(v.c.document_id, v.c.id).select_from(e.join(
        v, and_(v.c.document_id == e.c.document_id, role == e.c.id))).where(e.c.canonical_id == canonical_id)
        for role in (v.c.actor_entity, v.c.target_entity, v.c.place_entity))).subquery()
    undated = case((v.c.date.is_(None), 1), else_=0)
    q = select(*cols).select_from(keys.join(v, and_(v.c.document_id == keys.c.document_id, v.c.id == keys.c.id))
                                  .join(d, d.c.id == v.c.document_id)) \
        .order_by(undated, v.c.date, d.c.published, v.c.document_id, v.c.position).limit(limit)
    return [dict(r) for r in conn.execute(q).mappings()]


def entity(conn: Connection, canonical_id: int, limit: int = ENTITY_CLAIMS) -> dict[str, Any]:
    """One canonical entity: spellings with the rules that joined them, aliases, merges and splits, what it said,
    what was said about it, and its events (the newest `limit` claims of each kind)."""
    summary = (entities(conn, ids=[canonical_id]) or [_bare(conn, canonical_id)])[0]
    written = spellings(conn, canonical_id)
    e, a = t.entities, t.aliases
    aliases = sorted(set(conn.execute(select(a.c.alias).distinct().select_from(
        a.join(e, and_(a.c.document_id == e.c.document_id, a.c.entity_id == e.c.id)))
        .where(e.c.canonical_id == canonical_id)).scalars()) - {s["name"] for s in written})
    newest = order_by(conn, "-date")
    said = claim_dicts(conn, list(conn.execute(claim_select().where(t.claims.c.pk.in_(said_by([canonical_id])))
                                               .order_by(*newest).limit(limit)).mappings()))
    about = claim_dicts(conn, list(conn.execute(claim_select().where(t.claims.c.pk.in_(naming([canonical_id])))
                                                .order_by(*newest).limit(limit)).mappings()))
    return {"kind": "entity", "entity": summary, "spellings": written, "aliases": aliases,
            "merges": history(conn, canonical_id), "claims": said, "about": about,
            "events": events_of(conn, canonical_id)}


def show_entity(conn: Connection, canonical_id: int) -> dict[str, Any]:
    """One canonical entity: its spellings, the document entities it joins (and why), and its claims."""
    summary = (entities(conn, ids=[canonical_id]) or [_bare(conn, canonical_id)])[0]
    return {"kind": "entity", "entity": summary, "members": members(conn, canonical_id),
            "claims": claim_list(conn, ClaimFilter(speaker_id=canonical_id))}


def named_one(conn: Connection, ref: str, what: str = "show") -> int | None:
    """The one canonical entity an id or a name stands for; None where none does, an InputError where several do."""
    ce = t.canonical_entities
    cid = record_id(ref)
    if cid is not None and exists(conn, cid):
        return cid
    ids = canonical_ids_named(conn, ref)
    if not ids:
        return None
    if len(ids) > 1:
        keys = set(folded_keys(ref))
        exact = conn.execute(select(ce.c.id).where(ce.c.id.in_(ids), ce.c.key.in_(keys))).scalars().all()
        if len(exact) == 1:
            ids = [int(exact[0])]
    if len(ids) > 1:
        options = entities(conn, ids=ids, limit=6, mentions=False)
        listed = "; ".join(f"{o['id']} {o['name']} ({o['type']})" for o in options[:5])
        raise InputError(f"{what}: '{ref}' names {len(ids)} entities ({listed}); give the id")
    return ids[0]


def show(conn: Connection, ref: str) -> dict[str, Any]:
    """A document (by id, id prefix or URL) or a canonical entity (by id or name)."""
    ref = ref.strip()
    if not ref:
        raise InputError("show: give an entity name or id, or a document id or URL")
    document_id = find_document(conn, ref)
    if document_id is not None:
        return show_document(conn, document_id)
    found = named_one(conn, ref)
    if found is None:
        raise InputError(f"show: no document or entity matches '{ref}'")
    return show_entity(conn, found)


@dataclass(frozen=True)
class EntityTally:
    """Per canonical entity: in how many documents it is named, how many claims it made, how it is written, and
    its name and type. Tallies of disjoint sets of documents add up (`store.growth`)."""

    documents: dict[int, int] = field(default_factory=dict)
    claims: dict[int, int] = field(default_factory=dict)
    spellings: dict[int, frozenset[str]] = field(default_factory=dict)
    names: dict[int, tuple[str, str]] = field(default_factory=dict)

    def __add__(self, other: EntityTally) -> EntityTally:
        def add(a: dict[int, int], b: dict[int, int]) -> dict[int, int]:
            return {k: a.get(k, 0) + b.get(k, 0) for k in a.keys() | b.keys()}
        written = dict(self.spellings)
        for k, v in other.spellings.items():
            written[k] = written.get(k, frozenset()) | v
        return EntityTally(add(self.documents, other.documents), add(self.claims, other.claims), written,
                           {**self.names, **other.names})


def tally(conn: Connection, after: int | None = None) -> EntityTally:
    """The entity tally of the documents stored after this one (by `documents.pk`), or of all of them."""
    e, ce, c = t.entities, t.canonical_entities, t.claims
    docs_q = select(e.c.canonical_id, func.count(func.distinct(e.c.document_id))).where(e.c.canonical_id.is_not(None))
    names_q = select(e.c.canonical_id, e.c.name).distinct().where(e.c.canonical_id.is_not(None))
    if after is None:
        said = _said_by_all(conn)
    else:
        new = new_documents(after)
        docs_q, names_q = docs_q.where(e.c.document_id.in_(new)), names_q.where(e.c.document_id.in_(new))
        said_q = select(e.c.canonical_id, func.count()).select_from(
            c.join(e, and_(e.c.document_id == c.c.document_id, e.c.id == c.c.speaker_entity))) \
            .where(c.c.document_id.in_(new), e.c.canonical_id.is_not(None)).group_by(e.c.canonical_id)
        said = {int(cid): int(n) for cid, n in conn.execute(said_q)}
    documents = {int(cid): int(n) for cid, n in conn.execute(docs_q.group_by(e.c.canonical_id))}
    written: dict[int, set[str]] = {}
    for cid, name in conn.execute(names_q):
        written.setdefault(int(cid), set()).add(name)
    ids = sorted(documents)
    names: dict[int, tuple[str, str]] = {}
    for i in range(0, len(ids), _CHUNK):
        for r in conn.execute(select(ce.c.id, ce.c.name, ce.c.type).where(ce.c.id.in_(ids[i:i + _CHUNK]))):
            names[int(r.id)] = (r.name, r.type)
    return EntityTally(documents, said, {k: frozenset(v) for k, v in written.items()}, names)


def listed(found: EntityTally, *, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:  # noqa: A002
    """The entities of a tally as `entities(mentions=False)` lists them: most reported first."""
    wanted = type.strip().upper() if type else None
    out = []
    for cid in sorted(found.documents, key=lambda k: (-found.documents[k], k)):
        name, kind = found.names.get(cid, (str(cid), ""))
        if wanted is not None and (kind or "").upper() != wanted:
            continue
        out.append({"id": cid, "name": name, "type": kind,
                    "spellings": sorted(found.spellings.get(cid, frozenset()) - {name}),
                    "documents": found.documents[cid], "claims": found.claims.get(cid, 0)})
        if limit and len(out) >= limit:
            break
    return out
