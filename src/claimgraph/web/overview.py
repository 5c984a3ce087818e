"""What the workbench pages ask the store beyond the ledger: counts, one entity, one document, events."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from claimgraph.store import load_analysis
from claimgraph.store import schema as t
from claimgraph.store.queries import show_document, show_entity
from claimgraph.store.queries import _claims_naming  # noqa: I001  (index-driven, as the ledger uses it)
from claimgraph.store.timeline import date_range
from claimgraph.web.ledger import claim_dicts, claim_select, with_grades

ENTITY_CLAIMS = 200
"""At most this many claims by, and about, an entity on its page."""
ENTITY_EVENTS = 300


def counts(conn: Connection) -> dict[str, int]:
    """How many documents, claims, entities, events, outlets and copies the store holds."""
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
    """One cross-document entity: spellings with the rule that joined each, merges, what it said, what was said
    about it, and its events in date order."""
    shown = show_entity(conn, canonical_id)
    shown["claims"] = with_grades(conn, shown["claims"][:ENTITY_CLAIMS])
    log = t.resolution_log
    shown["merges"] = [dict(r) for r in conn.execute(
        select(log.c.at, log.c.action, log.c.canonical_id, log.c.other_canonical_id, log.c.rule, log.c.score)
        .where(log.c.action.in_(("merge", "split")),
               or_(log.c.canonical_id == canonical_id, log.c.other_canonical_id == canonical_id))
        .order_by(log.c.id)).mappings()]
    spellings: dict[str, set[str]] = {}
    for m in shown["members"]:
        spellings.setdefault(m["name"], set()).add(m["rule"] or "")
    shown["spellings"] = [{"name": k, "rules": sorted(r for r in v if r)} for k, v in sorted(spellings.items())]
    shown["about"] = about_claims(conn, canonical_id)
    shown["events"] = entity_events(conn, canonical_id)
    return shown


def about_claims(conn: Connection, canonical_id: int, limit: int = ENTITY_CLAIMS) -> list[dict[str, Any]]:
    """Claims whose content names the entity (any spelling), newest first."""
    c, d = t.claims, t.documents
    q = claim_select().where(c.c.pk.in_(_claims_naming([canonical_id]))) \
        .order_by(d.c.published.desc().nulls_last(), d.c.pk.desc(), c.c.pk).limit(limit)
    return claim_dicts(conn, list(conn.execute(q).mappings()))


def entity_events(conn: Connection, canonical_id: int, limit: int = ENTITY_EVENTS) -> list[dict[str, Any]]:
    """Events in which the entity acts, is acted on or is the place, in date order (undated last)."""
    v, d, e = t.events, t.documents, t.entities
    mine = select(e.c.id).where(e.c.document_id == v.c.document_id, e.c.canonical_id == canonical_id)
    q = select(v.c.document_id, v.c.id, v.c.date, v.c.action_code, v.c.action_text, v.c.actor_text,
               v.c.target_text, v.c.place_text, v.c.sentence_text, v.c.actor_entity.in_(mine).label("acts"),
               d.c.title, d.c.outlet, d.c.published).join(d, d.c.id == v.c.document_id) \
        .where(or_(v.c.actor_entity.in_(mine), v.c.target_entity.in_(mine), v.c.place_entity.in_(mine))) \
        .limit(limit)
    rows = [dict(r) for r in conn.execute(q).mappings()]
    rows.sort(key=lambda r: (date_range(r["date"]) is None, r["date"] or "", r["published"] or ""))
    return rows


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
    """The most reported cross-document entities."""
    from claimgraph.store.queries import entities

    return entities(conn, type=type_, name=name, limit=limit)


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
