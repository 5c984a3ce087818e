"""What the workbench pages ask the store beyond the ledger: counts, one entity, one document, events."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, case, func, or_, select, union

from claimgraph.store import load_analysis
from claimgraph.store import schema as t
from claimgraph.store.queries import _claims_naming, _claims_said_by, show_document
from claimgraph.web import cache
from claimgraph.web.ledger import claim_dicts, claim_select, newest_first, with_grades

ENTITY_CLAIMS = 200
"""At most this many claims by, and about, an entity on its page."""
ENTITY_EVENTS = 300


def counts(conn: Connection) -> dict[str, int]:
    """How many documents, claims, entities, events, outlets and copies the store holds."""
    return cache.cached(conn, "counts", lambda: _counts(conn))


def _counts(conn: Connection) -> dict[str, int]:
    def n(table: Any) -> int:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())
    return {"documents": n(t.documents), "claims": n(t.claims), "entities": n(t.canonical_entities),
            "events": n(t.events), "outlets": n(t.sources), "copies": n(t.document_copies)}


def newest_documents(conn: Connection, limit: int = 10) -> list[dict[str, Any]]:
    """The most recently published documents, with how many claims each holds."""
    d, c = t.documents, t.claims
    q = select(d.c.id, d.c.title, d.c.outlet, d.c.published,
               select(func.count()).where(c.c.document_id == d.c.id).scalar_subquery().label("claims")) \
        .order_by(d.c.published.desc().nulls_last(), d.c.pk.desc()).limit(limit)
    return [dict(r) for r in conn.execute(q).mappings()]


def canonical_exists(conn: Connection, canonical_id: int) -> bool:
    ce = t.canonical_entities
    return conn.execute(select(ce.c.id).where(ce.c.id == canonical_id)).scalar() is not None


def entity_page(conn: Connection, canonical_id: int) -> dict[str, Any]:
    """One cross-document entity: spellings with the rules that joined them, merges, what it said, what was
    said about it, and its events in date order (the newest ENTITY_CLAIMS claims of each kind)."""
    e, ce, log, c = t.entities, t.canonical_entities, t.resolution_log, t.claims
    row = conn.execute(select(ce.c.id, ce.c.name, ce.c.type).where(ce.c.id == canonical_id)).one()
    documents = conn.execute(select(func.count(func.distinct(e.c.document_id)))
                             .where(e.c.canonical_id == canonical_id)).scalar_one()
    spellings: dict[str, dict[str, int]] = {}
    for name, rule, n in conn.execute(select(e.c.name, e.c.link_rule, func.count()).where(
            e.c.canonical_id == canonical_id).group_by(e.c.name, e.c.link_rule)):
        spellings.setdefault(name, {})[rule or ""] = n
    aliases = sorted(set(conn.execute(select(t.aliases.c.alias).distinct().select_from(
        t.aliases.join(e, and_(t.aliases.c.document_id == e.c.document_id, t.aliases.c.entity_id == e.c.id)))
        .where(e.c.canonical_id == canonical_id)).scalars()) - set(spellings))
    said_q = claim_select().where(c.c.pk.in_(_claims_said_by([canonical_id])))
    said = claim_dicts(conn, list(conn.execute(said_q.order_by(*newest_first(conn)).limit(ENTITY_CLAIMS))
                                  .mappings()))
    n_said = conn.execute(select(func.count()).select_from(_claims_said_by([canonical_id]).subquery())).scalar_one()
    merges = [dict(r) for r in conn.execute(
        select(log.c.at, log.c.action, log.c.canonical_id, log.c.other_canonical_id, log.c.rule, log.c.score)
        .where(log.c.action.in_(("merge", "split")),
               or_(log.c.canonical_id == canonical_id, log.c.other_canonical_id == canonical_id))
        .order_by(log.c.id)).mappings()]
    return {"kind": "entity",
            "entity": {"id": row.id, "name": row.name, "type": row.type, "documents": documents, "claims": n_said,
                       "spellings": sorted(set(spellings) - {row.name})},
            "spellings": [{"name": k, "documents": sum(v.values()), "rules": sorted(r for r in v if r)}
                          for k, v in sorted(spellings.items())],
            "aliases": aliases, "merges": merges, "claims": said,
            "about": about_claims(conn, canonical_id), "events": entity_events(conn, canonical_id)}


def about_claims(conn: Connection, canonical_id: int, limit: int = ENTITY_CLAIMS) -> list[dict[str, Any]]:
    """Claims whose content names the entity (any spelling), newest first."""
    c = t.claims
    q = claim_select().where(c.c.pk.in_(_claims_naming([canonical_id]))).order_by(*newest_first(conn)).limit(limit)
    return claim_dicts(conn, list(conn.execute(q).mappings()))


def entity_events(conn: Connection, canonical_id: int, limit: int = ENTITY_EVENTS) -> list[dict[str, Any]]:
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


def document_page(conn: Connection, document_id: str) -> dict[str, Any] | None:
    """One document with its analysis (for the highlighted text) and its claims with their stories."""
    analysis = load_analysis(conn, document_id)
    if analysis is None:
        return None
    shown = show_document(conn, document_id)
    shown["claims"] = with_grades(conn, shown["claims"])
    shown["analysis"] = analysis
    return shown


def claim(conn: Connection, document_id: str, claim_id: str) -> dict[str, Any] | None:
    """One claim as the ledger shows it, or None."""
    c = t.claims
    rows = list(conn.execute(claim_select().where(c.c.document_id == document_id, c.c.id == claim_id)).mappings())
    return claim_dicts(conn, rows)[0] if rows else None


def entity_list(conn: Connection, *, type_: str | None = None, name: str | None = None,
                limit: int = 100) -> list[dict[str, Any]]:
    """The most reported cross-document entities, with their other spellings and how many claims they made."""
    return cache.cached(conn, ("entities", type_, name, limit), lambda: _entity_list(conn, type_, name, limit))


def _entity_list(conn: Connection, type_: str | None, name: str | None, limit: int) -> list[dict[str, Any]]:
    from claimgraph.store.queries import canonical_ids_named

    e, ce, c = t.entities, t.canonical_entities, t.claims
    docs = func.count(func.distinct(e.c.document_id))
    q = select(e.c.canonical_id, docs.label("documents")).where(e.c.canonical_id.is_not(None)) \
        .group_by(e.c.canonical_id).order_by(docs.desc(), e.c.canonical_id)
    if type_:
        q = q.where(e.c.canonical_id.in_(select(ce.c.id).where(func.upper(ce.c.type) == type_.strip().upper())))
    if name:
        q = q.where(e.c.canonical_id.in_(canonical_ids_named(conn, name)))
    top = conn.execute(q.limit(limit)).all()
    ids = [r.canonical_id for r in top]
    if not ids:
        return []
    names = {r.id: (r.name, r.type) for r in conn.execute(select(ce.c.id, ce.c.name, ce.c.type).where(ce.c.id.in_(ids)))}
    spellings: dict[int, set[str]] = {}
    for cid, nm in conn.execute(select(e.c.canonical_id, e.c.name).distinct().where(e.c.canonical_id.in_(ids))):
        spellings.setdefault(cid, set()).add(nm)
    said: dict[int, int] = dict(conn.execute(select(e.c.canonical_id, func.count()).select_from(
        e.join(c, and_(c.c.document_id == e.c.document_id, c.c.speaker_entity == e.c.id)))
        .where(e.c.canonical_id.in_(ids)).group_by(e.c.canonical_id)).all())
    return [{"id": r.canonical_id, "name": names[r.canonical_id][0], "type": names[r.canonical_id][1],
             "spellings": sorted(spellings.get(r.canonical_id, set()) - {names[r.canonical_id][0]}),
             "documents": r.documents, "claims": said.get(r.canonical_id, 0)} for r in top]


def claims_by_key(conn: Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(document id, claim id) -> the claim as the ledger shows it."""
    c = t.claims
    out: dict[tuple[str, str], dict[str, Any]] = {}
    docs = sorted({d for d, _ in keys})
    wanted = set(keys)
    for i in range(0, len(docs), 400):
        rows = [r for r in conn.execute(claim_select().where(c.c.document_id.in_(docs[i:i + 400]))).mappings()
                if (r["document_id"], r["id"]) in wanted]
        for d in claim_dicts(conn, rows):
            out[(d["document"]["id"], d["id"])] = d
    return out
