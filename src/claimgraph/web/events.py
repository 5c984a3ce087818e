"""The timeline page: events grouped across documents and paged in SQL, so one page costs one grouping query.

`claimgraph.store.timeline.timeline` builds the whole timeline in Python, which takes seconds on a
large store; this module groups the same way in the database (the same actor, action, target, date
and modality: the cross-document entity where linked, else the folded words; PLOVER type, else the words;
an event naming neither actor nor target is a line of its own), pages the groups there, and reads
the reports of the groups on the page only. Copies of a stored article count once in `sources`,
as in the CLI's timeline; within a date, lines reported by more articles come first.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, String, and_, case, cast, func, literal_column, or_, select, tuple_

from claimgraph.store import schema as t
from claimgraph.store.queries import canonical_ids_named, escape_like
from claimgraph.store.queries import originals
from claimgraph.store.timeline import check_bound, date_range

PER_PAGE = 100


def _key(entity: Any, text: Any) -> Any:
    """The group key of a role: 'c' + canonical id where linked, else 't' + the words in lower case."""
    # constants written into the SQL, not bound: PostgreSQL must see GROUP BY and SELECT as one expression
    return case((entity.c.canonical_id.is_not(None), literal_column("'c'", String) + cast(entity.c.canonical_id, String)),
                else_=literal_column("'t'", String) + func.lower(func.coalesce(text, literal_column("''", String))))


def _members(conn: Connection, column: Any) -> Any:
    """All (document id, event id) of a group, joined into one string."""
    if conn.dialect.name == "postgresql":
        return func.string_agg(column, ",")
    return func.group_concat(column, ",")


def page(conn: Connection, *, about: str | None = None, since: str | None = None, until: str | None = None,
         page: int = 1, per_page: int = PER_PAGE) -> dict[str, Any]:
    """One page of the timeline: its lines (as `store.timeline.timeline` gives them), the number of lines
    and pages, and the filters."""
    since = check_bound(since, "since") if since else None
    until = check_bound(until, "until") if until else None
    v = t.events
    ea, et, ep = t.entities.alias("ea"), t.entities.alias("et"), t.entities.alias("ep")
    joined = v.outerjoin(ea, and_(ea.c.document_id == v.c.document_id, ea.c.id == v.c.actor_entity)) \
        .outerjoin(et, and_(et.c.document_id == v.c.document_id, et.c.id == v.c.target_entity))
    conds: list[Any] = []
    if about and about.strip():
        joined = joined.outerjoin(ep, and_(ep.c.document_id == v.c.document_id, ep.c.id == v.c.place_entity))
        ids = canonical_ids_named(conn, about)
        pattern = f"%{escape_like(about.strip().casefold())}%"
        either = [col.ilike(pattern, escape="\\") for col in (v.c.actor_text, v.c.target_text, v.c.place_text)]
        if ids:
            either += [role.c.canonical_id.in_(ids) for role in (ea, et, ep)]
        conds.append(or_(*either))
    dated = func.substr(v.c.date, 1, 1).between("0", "9")
    if since:  # the event's date may fall on or after the bound: compare at the event date's own precision
        conds += [dated, v.c.date >= func.substr(date_range(since)[0], 1, func.length(v.c.date))]  # type: ignore[index]
    if until:
        conds += [dated, v.c.date <= func.substr(date_range(until)[1], 1, func.length(v.c.date))]  # type: ignore[index]
    alone = and_(v.c.actor_entity.is_(None), v.c.actor_text.is_(None), v.c.target_entity.is_(None),
                 v.c.target_text.is_(None))
    actor = case((alone, literal_column("'e'", String) + v.c.document_id + literal_column("'|'", String) + v.c.id),
                 else_=_key(ea, v.c.actor_text))
    action = func.coalesce(v.c.action_code, func.lower(v.c.action_text))
    target = _key(et, v.c.target_text)
    documents = func.count(func.distinct(v.c.document_id))
    order_class = case((dated, 0), (v.c.date.is_not(None), 1), else_=2)
    q = select(actor.label("ak"), action.label("ck"), target.label("tk"), v.c.date, v.c.modality,
               documents.label("documents"), func.count().over().label("total"),
               _members(conn, v.c.document_id + literal_column("'|'", String) + v.c.id).label("members")) \
        .select_from(joined).where(*conds) \
        .group_by(literal_column("ak"), literal_column("ck"), literal_column("tk"), v.c.date, v.c.modality) \
        .order_by(func.min(order_class), v.c.date, documents.desc(), literal_column("ak"), literal_column("ck"),
                  literal_column("tk")) \
        .limit(per_page).offset((page - 1) * per_page)
    groups = list(conn.execute(q).all())
    total = groups[0].total if groups else _total(conn, q, page)
    keys = [tuple(m.split("|", 1)) for g in groups for m in g.members.split(",")]
    lines = _lines(conn, groups, keys)
    return {"events": lines, "total": total, "page": page, "pages": max(1, -(-total // per_page)),
            "filters": {k: val for k, val in (("about", about), ("since", since), ("until", until)) if val}}


def _total(conn: Connection, q: Any, page: int) -> int:
    """The number of lines, for a page past the last one (which holds no row to carry it)."""
    if page == 1:
        return 0
    first = conn.execute(q.limit(1).offset(0)).first()
    return int(first.total) if first else 0


def _lines(conn: Connection, groups: list[Any], keys: list[tuple[str, ...]]) -> list[dict[str, Any]]:
    v, d, c, e, ce = t.events, t.documents, t.claims, t.entities, t.canonical_entities
    rows: dict[tuple[str, str], Any] = {}
    for i in range(0, len(keys), 400):
        q = select(v, d.c.title, d.c.outlet, d.c.published, d.c.url, c.c.speaker_text, c.c.speaker_entity,
                   c.c.stance).join(d, d.c.id == v.c.document_id) \
            .outerjoin(c, and_(c.c.document_id == v.c.document_id, c.c.id == v.c.claim_id)) \
            .where(tuple_(v.c.document_id, v.c.id).in_(keys[i:i + 400]))
        for r in conn.execute(q).mappings():
            rows[(r["document_id"], r["id"])] = r
    pairs = {(r["document_id"], r[col]) for r in rows.values()
             for col in ("actor_entity", "target_entity", "place_entity", "speaker_entity") if r[col]}
    canon: dict[tuple[str, str], dict[str, Any]] = {}
    pair_list = sorted(pairs)
    for i in range(0, len(pair_list), 400):
        q = select(e.c.document_id, e.c.id, ce.c.id.label("cid"), ce.c.name).join(ce, ce.c.id == e.c.canonical_id) \
            .where(tuple_(e.c.document_id, e.c.id).in_(pair_list[i:i + 400]))
        for found in conn.execute(q):
            canon[(found.document_id, found.id)] = {"id": found.cid, "name": found.name}
    roots = originals(conn, {r["document_id"] for r in rows.values()})

    def ref(r: Any, prefix: str) -> dict[str, Any] | None:
        entity, text_ = r[f"{prefix}_entity"], r[f"{prefix}_text"]
        if entity is None and text_ is None:
            return None
        return {"text": text_ or "", "entity": entity, "canonical": canon.get((r["document_id"], entity or ""))}

    out = []
    for g in groups:
        members = [rows[k] for k in (tuple(m.split("|", 1)) for m in g.members.split(",")) if k in rows]
        members.sort(key=lambda r: (r["published"] or "~", r["document_id"], r["position"]))
        if not members:
            continue
        first = members[0]
        out.append({
            "date": first["date"], "date_precision": first["date_precision"], "modality": first["modality"],
            "actor": ref(first, "actor"),
            "action": {"code": first["action_code"], "mode": first["action_mode"], "text": first["action_text"]},
            "target": ref(first, "target"),
            "place": next((ref(r, "place") for r in members if ref(r, "place")), None),
            "documents": len({r["document_id"] for r in members}),
            "sources": len({roots.get(r["document_id"], r["document_id"]) for r in members}),
            "reports": [{
                "document": {"id": r["document_id"], "title": r["title"], "outlet": r["outlet"],
                             "published": r["published"], "url": r["url"]},
                "event": r["id"], "sentence": r["sentence_text"],
                "claim": {"id": r["claim_id"], "stance": r["stance"],
                          "speaker": {"text": r["speaker_text"] or "", "entity": r["speaker_entity"],
                                      "canonical": canon.get((r["document_id"], r["speaker_entity"] or ""))}
                          if r["speaker_text"] is not None or r["speaker_entity"] is not None else None}
                if r["claim_id"] else None,
            } for r in members],
        })
    return out
