"""Questions an analyst asks of the store: claims by speaker, topic, stance, date or words; entities; one item.

Every function takes a connection and returns plain JSON-ready dicts, which the CLI prints as
tables or JSON and the Python API hands back as they are. Names match the canonical
(cross-document) entity, so every spelling that the resolver joined answers to any one of them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
    tuple_,
    union,
)

from claimgraph.errors import InputError
from claimgraph.records import STANCES
from claimgraph.store import schema as t
from claimgraph.store.canonical import name_key

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_WORD = re.compile(r"\w+")
_CHUNK = 400


def escape_like(value: str) -> str:
    """A value made literal inside a LIKE pattern (with ESCAPE '\\')."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _word_match(column: Any, query: str) -> ColumnElement[bool]:
    """The column (case folded) holds the query as whole words: 'Matsegora' finds 'Alexander Matsegora'."""
    q = " ".join(query.casefold().split())
    col = func.lower(column)
    e = escape_like(q)
    return or_(col == q, col.like(f"{e} %", escape="\\"), col.like(f"% {e}", escape="\\"),
               col.like(f"% {e} %", escape="\\"))


def _folded_keys(query: str) -> list[str]:
    keys = {name_key(query)}
    try:  # the resolver's folding (transliteration, titles) where it is installed
        from claimgraph.nlp.variants import fold
    except ImportError:
        pass
    else:
        keys.add(fold(query))
    return sorted(k for k in keys if k)


def canonical_ids_named(conn: Connection, name: str) -> list[int]:
    """Ids of the canonical entities that any of their spellings or aliases name with these words."""
    if not name.strip():
        return []
    key_match = or_(*(_word_match(t.canonical_entities.c.key, k) for k in _folded_keys(name))) \
        if _folded_keys(name) else _word_match(t.canonical_entities.c.name, name)
    q = union(
        select(t.entities.c.canonical_id.label("id")).where(_word_match(t.entities.c.name, name)),
        select(t.entities.c.canonical_id.label("id")).select_from(
            t.aliases.join(t.entities, and_(t.aliases.c.document_id == t.entities.c.document_id,
                                            t.aliases.c.entity_id == t.entities.c.id)))
        .where(_word_match(t.aliases.c.alias, name)),
        select(t.canonical_entities.c.id.label("id")).where(
            or_(_word_match(t.canonical_entities.c.name, name), key_match)),
    )
    return sorted(int(i) for i in conn.execute(q).scalars() if i is not None)


def _entity_in(document_col: Any, entity_col: Any, canonical_ids: Sequence[int]) -> ColumnElement[bool]:
    e = t.entities
    return exists(select(literal_column("1")).select_from(e).where(
        e.c.document_id == document_col, e.c.id == entity_col, e.c.canonical_id.in_(canonical_ids)))


def check_stance(stance: str) -> str:
    """The stance, lower case, or an InputError naming the ones there are."""
    s = stance.strip().lower()
    if s not in STANCES:
        raise InputError(f"unknown stance '{stance}'; use one of {', '.join(STANCES)}")
    return s


def check_date(value: str) -> str:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD), or an InputError."""
    v = value.strip()
    if not _DATE.match(v):
        raise InputError(f"--since '{value}': give a date as YYYY-MM-DD (or YYYY-MM, YYYY)")
    return v


def _search_condition(conn: Connection, words: str) -> ColumnElement[bool]:
    """Claims whose content holds all the words (full-text index), or the literal text where it has no words."""
    c = t.claims
    tokens = _WORD.findall(words)
    if not tokens:
        return c.c.content_text.like(f"%{escape_like(words)}%", escape="\\")
    if conn.dialect.name == "postgresql":
        return text("to_tsvector('english', claims.content_text) @@ plainto_tsquery('english', :cg_search)") \
            .bindparams(cg_search=" ".join(tokens))  # type: ignore[return-value]
    # Every token quoted: FTS5 then reads the user's words as words, never as query syntax.
    fts_query = " ".join('"' + tok.replace('"', '""') + '"' for tok in tokens)
    return c.c.pk.in_(select(literal_column("rowid")).select_from(text("claims_fts"))
                      .where(text("claims_fts MATCH :cg_search").bindparams(cg_search=fts_query)))


def claims(conn: Connection, *, speaker: str | None = None, about: str | None = None, stance: str | None = None,
           since: str | None = None, search: str | None = None, document_id: str | None = None,
           canonical_speaker: int | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Claims with their document, speaker, `via` chain, hedges and band; newest documents first."""
    c, d = t.claims, t.documents
    q = select(c, d.c.title, d.c.outlet, d.c.published, d.c.url).join(d, d.c.id == c.c.document_id)
    if speaker is not None:
        ids = canonical_ids_named(conn, speaker)
        cond = _word_match(c.c.speaker_text, speaker)
        q = q.where(or_(_entity_in(c.c.document_id, c.c.speaker_entity, ids), cond) if ids else cond)
    if canonical_speaker is not None:
        q = q.where(_entity_in(c.c.document_id, c.c.speaker_entity, [canonical_speaker]))
    if about is not None:
        ids = canonical_ids_named(conn, about)
        m, e = t.mentions, t.entities
        mentioned = exists(select(literal_column("1")).select_from(
            m.join(e, and_(m.c.document_id == e.c.document_id, m.c.entity_id == e.c.id))).where(
            m.c.document_id == c.c.document_id, e.c.canonical_id.in_(ids),
            m.c.start >= c.c.content_start, m.c.end <= c.c.content_end))
        words = c.c.content_text.ilike(f"%{escape_like(about.strip())}%", escape="\\")
        q = q.where(or_(mentioned, words) if ids else words)
    if stance is not None:
        q = q.where(c.c.stance == check_stance(stance))
    if since is not None:
        q = q.where(d.c.published >= check_date(since))
    if search is not None and search.strip():
        q = q.where(_search_condition(conn, search.strip()))
    if document_id is not None:
        q = q.where(c.c.document_id == document_id)
    q = q.order_by(d.c.published.desc().nulls_last(), d.c.pk, c.c.pk)
    if limit:
        q = q.limit(limit)
    rows = list(conn.execute(q).mappings())
    return _claim_dicts(conn, rows)


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def _canonical_of(conn: Connection, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(document id, entity id) -> {id, name} of its canonical entity."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    e, ce = t.entities, t.canonical_entities
    for chunk in _chunks(sorted(pairs)):
        q = select(e.c.document_id, e.c.id, ce.c.id.label("cid"), ce.c.name).join(ce, ce.c.id == e.c.canonical_id) \
            .where(tuple_(e.c.document_id, e.c.id).in_(chunk))
        for r in conn.execute(q):
            out[(r.document_id, r.id)] = {"id": r.cid, "name": r.name}
    return out


def _claim_dicts(conn: Connection, rows: list[Any]) -> list[dict[str, Any]]:
    keys = [(r["document_id"], r["id"]) for r in rows]
    hops: dict[tuple[str, str], list[Any]] = {}
    hedges: dict[tuple[str, str], list[Any]] = {}
    for chunk in _chunks(keys):
        for table, into in ((t.claim_hops, hops), (t.hedges, hedges)):
            q = select(table).where(tuple_(table.c.document_id, table.c.claim_id).in_(chunk)) \
                .order_by(table.c.document_id, table.c.claim_id, table.c.position)
            for h in conn.execute(q).mappings():
                into.setdefault((h["document_id"], h["claim_id"]), []).append(h)
    refs = {(r["document_id"], r["speaker_entity"]) for r in rows if r["speaker_entity"]}
    refs |= {(h["document_id"], h["entity_id"]) for hs in hops.values() for h in hs if h["entity_id"]}
    canon = _canonical_of(conn, refs)

    def ref(document_id: str, entity: str | None, text_: str | None) -> dict[str, Any]:
        return {"text": text_ or "", "entity": entity, "canonical": canon.get((document_id, entity or ""))}

    out = []
    for r in rows:
        key = (r["document_id"], r["id"])
        out.append({
            "document": {"id": r["document_id"], "title": r["title"], "outlet": r["outlet"],
                         "published": r["published"], "url": r["url"]},
            "id": r["id"],
            "speaker": ref(r["document_id"], r["speaker_entity"], r["speaker_text"])
            if r["speaker_entity"] is not None or r["speaker_text"] is not None else None,
            "via": [ref(r["document_id"], h["entity_id"], h["text"]) for h in hops.get(key, [])],
            "cue": {"text": r["cue_text"], "start": r["cue_start"], "end": r["cue_end"]}
            if r["cue_text"] is not None else None,
            "content": {"text": r["content_text"], "start": r["content_start"], "end": r["content_end"]},
            "quote": bool(r["quote"]),
            "hedges": [{"text": h["text"], "start": h["start"], "end": h["end"]} for h in hedges.get(key, [])],
            "probability": {"term": r["probability_term"], "low": r["probability_low"],
                            "high": r["probability_high"]} if r["probability_term"] is not None else None,
            "stance": r["stance"],
            "date_said": r["date_said"],
        })
    return out


def entities(conn: Connection, *, type: str | None = None, name: str | None = None,  # noqa: A002
             ids: Sequence[int] | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Canonical entities with their spellings and how many documents, mentions and claims they have."""
    ce, e = t.canonical_entities, t.entities
    q = select(ce.c.id, ce.c.name, ce.c.type, func.count(func.distinct(e.c.document_id)).label("documents"),
               func.count().label("members")).join(e, e.c.canonical_id == ce.c.id).group_by(ce.c.id, ce.c.name,
                                                                                          ce.c.type)
    if type:
        q = q.where(func.upper(ce.c.type) == type.strip().upper())
    if name is not None:
        q = q.where(ce.c.id.in_(canonical_ids_named(conn, name)))
    if ids is not None:
        q = q.where(ce.c.id.in_(list(ids)))
    q = q.order_by(func.count(func.distinct(e.c.document_id)).desc(), ce.c.name, ce.c.id)
    if limit:
        q = q.limit(limit)
    rows = conn.execute(q).all()
    found = [r.id for r in rows]
    spellings: dict[int, set[str]] = {}
    mentions: dict[int, int] = {}
    said: dict[int, int] = {}
    m, a, c = t.mentions, t.aliases, t.claims
    for chunk in _chunks(found):
        for cid, nm in conn.execute(select(e.c.canonical_id, e.c.name).where(e.c.canonical_id.in_(chunk))):
            spellings.setdefault(cid, set()).add(nm)
        for cid, nm in conn.execute(select(e.c.canonical_id, a.c.alias).select_from(a.join(
                e, and_(a.c.document_id == e.c.document_id, a.c.entity_id == e.c.id))).where(e.c.canonical_id.in_(chunk))):
            spellings.setdefault(cid, set()).add(nm)
        for cid, n in conn.execute(select(e.c.canonical_id, func.count()).select_from(m.join(
                e, and_(m.c.document_id == e.c.document_id, m.c.entity_id == e.c.id)))
                .where(e.c.canonical_id.in_(chunk)).group_by(e.c.canonical_id)):
            mentions[cid] = n
        for cid, n in conn.execute(select(e.c.canonical_id, func.count()).select_from(c.join(
                e, and_(c.c.document_id == e.c.document_id, c.c.speaker_entity == e.c.id)))
                .where(e.c.canonical_id.in_(chunk)).group_by(e.c.canonical_id)):
            said[cid] = n
    return [{"id": r.id, "name": r.name, "type": r.type,
             "spellings": sorted(spellings.get(r.id, set()) - {r.name}),
             "documents": r.documents, "mentions": mentions.get(r.id, 0), "claims": said.get(r.id, 0)}
            for r in rows]


def find_document(conn: Connection, ref: str) -> str | None:
    """The id of the document that a full id, an id prefix (6+ characters) or a URL names."""
    d = t.documents
    ref = ref.strip()
    hit = conn.execute(select(d.c.id).where(or_(d.c.id == ref, d.c.url == ref)).order_by(d.c.pk).limit(1)).scalar()
    if hit is None and len(ref) >= 6 and re.fullmatch(r"[0-9a-fA-F]+", ref):
        hits = conn.execute(select(d.c.id).where(d.c.id.like(f"{escape_like(ref.lower())}%", escape="\\"))
                            .limit(2)).scalars().all()
        if len(hits) > 1:
            raise InputError(f"'{ref}' is the start of several document ids; give more of it")
        hit = hits[0] if hits else None
    return hit


def show_document(conn: Connection, document_id: str) -> dict[str, Any]:
    """One document: metadata, text, copies, entities (with their canonical entity) and claims."""
    d, e, ce, dc = t.documents, t.entities, t.canonical_entities, t.document_copies
    doc = conn.execute(select(d).where(d.c.id == document_id)).mappings().one()
    copy_of = [{"id": r.original_id, "similarity": r.similarity}
               for r in conn.execute(select(dc).where(dc.c.document_id == document_id))]
    copies = [{"id": r.document_id, "similarity": r.similarity}
              for r in conn.execute(select(dc).where(dc.c.original_id == document_id))]
    counts = dict(conn.execute(select(t.mentions.c.entity_id, func.count())
                               .where(t.mentions.c.document_id == document_id).group_by(t.mentions.c.entity_id)).all())
    ents = [{"id": r.id, "name": r.name, "type": r.type, "mentions": counts.get(r.id, 0),
             "canonical": {"id": r.canonical_id, "name": r.cname} if r.canonical_id is not None else None,
             "link_rule": r.link_rule, "link_score": r.link_score}
            for r in conn.execute(select(e, ce.c.name.label("cname")).outerjoin(ce, ce.c.id == e.c.canonical_id)
                                  .where(e.c.document_id == document_id).order_by(e.c.position))]
    n_events = conn.execute(select(func.count()).select_from(t.events)
                            .where(t.events.c.document_id == document_id)).scalar_one()
    return {"kind": "document",
            "document": {k: doc[k] for k in ("id", "url", "outlet", "title", "published", "language", "text",
                                             "origin", "ingested_at")},
            "copy_of": copy_of, "copies": copies, "entities": ents,
            "claims": claims(conn, document_id=document_id), "events": n_events}


def show_entity(conn: Connection, canonical_id: int) -> dict[str, Any]:
    """One canonical entity: its spellings, the document entities it joins (and why), and its claims."""
    e, d = t.entities, t.documents
    summary = entities(conn, ids=[canonical_id])
    if not summary:
        ce = t.canonical_entities
        row = conn.execute(select(ce).where(ce.c.id == canonical_id)).mappings().one()
        summary = [{"id": row["id"], "name": row["name"], "type": row["type"], "spellings": [], "documents": 0,
                    "mentions": 0, "claims": 0}]
    members = [{"document_id": r.document_id, "entity_id": r.id, "name": r.name, "rule": r.link_rule,
                "score": r.link_score, "title": r.title, "published": r.published}
               for r in conn.execute(select(e.c.document_id, e.c.id, e.c.name, e.c.link_rule, e.c.link_score,
                                            d.c.title, d.c.published).join(d, d.c.id == e.c.document_id)
                                     .where(e.c.canonical_id == canonical_id).order_by(d.c.pk, e.c.position))]
    return {"kind": "entity", "entity": summary[0], "members": members,
            "claims": claims(conn, canonical_speaker=canonical_id)}


def show(conn: Connection, ref: str) -> dict[str, Any]:
    """A document (by id, id prefix or URL) or a canonical entity (by id or name)."""
    ref = ref.strip()
    if not ref:
        raise InputError("show: give an entity name or id, or a document id or URL")
    document_id = find_document(conn, ref)
    if document_id is not None:
        return show_document(conn, document_id)
    ce = t.canonical_entities
    if ref.isdigit() and conn.execute(select(ce.c.id).where(ce.c.id == int(ref))).scalar() is not None:
        return show_entity(conn, int(ref))
    ids = canonical_ids_named(conn, ref)
    if not ids:
        raise InputError(f"show: no document or entity matches '{ref}'")
    if len(ids) > 1:
        keys = set(_folded_keys(ref))
        exact = conn.execute(select(ce.c.id).where(ce.c.id.in_(ids), ce.c.key.in_(keys))).scalars().all()
        if len(exact) == 1:
            ids = list(exact)
    if len(ids) > 1:
        options = entities(conn, ids=ids, limit=6)
        listed = "; ".join(f"{o['id']} {o['name']} ({o['type']})" for o in options[:5])
        raise InputError(f"show: '{ref}' names {len(ids)} entities ({listed}); give the id")
    return show_entity(conn, ids[0])
