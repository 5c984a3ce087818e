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
    Boolean,
    String,
    literal,
    ColumnElement,
    Connection,
    and_,
    func,
    literal_column,
    or_,
    select,
    text,
    union,
)

from sqlalchemy.ext.compiler import compiles

from claimgraph.errors import InputError
from claimgraph.records import STANCES
from claimgraph.store import schema as t
from claimgraph.store.canonical import name_key

class _CaseFreeLike(ColumnElement[bool]):
    """`value LIKE pattern` ignoring case: ILIKE on PostgreSQL, plain LIKE on SQLite (already case-free there,
    and without the lower() calls that SQLAlchemy's ilike would add on every row)."""

    inherit_cache = True
    type = Boolean()

    def __init__(self, value: Any, pattern: str) -> None:
        self.value = value
        self.pattern = literal(pattern, String)


@compiles(_CaseFreeLike)
def _like_default(element: _CaseFreeLike, compiler: Any, **kw: Any) -> str:
    return (f"{compiler.process(element.value, **kw)} LIKE {compiler.process(element.pattern, **kw)} "
            "ESCAPE '\\'")


@compiles(_CaseFreeLike, "postgresql")
def _like_postgresql(element: _CaseFreeLike, compiler: Any, **kw: Any) -> str:
    return (f"{compiler.process(element.value, **kw)} ILIKE {compiler.process(element.pattern, **kw)} "
            "ESCAPE '\\'")


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_WORD = re.compile(r"\w+")
_CHUNK = 400


def escape_like(value: str) -> str:
    """A value made literal inside a LIKE pattern (with ESCAPE '\\')."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _word_match(column: Any, query: str) -> ColumnElement[bool]:
    """The column holds the query as whole words, any case: 'Matsegora' finds 'Alexander Matsegora'."""
    q = " ".join(query.split())
    # One LIKE on the value padded with spaces covers equal, first, last and middle words alike.
    padded = literal(" ", String) + column + literal(" ", String)
    # the plain substring test first: cheap, and it rules out almost every row before the padded one runs
    return and_(_CaseFreeLike(column, f"%{escape_like(q)}%"), _CaseFreeLike(padded, f"% {escape_like(q)} %"))


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
    e, a, ce = t.entities, t.aliases, t.canonical_entities
    names = [_word_match(ce.c.name, name)] + [_word_match(ce.c.key, k) for k in _folded_keys(name)]
    # (name, canonical_id) is what the covering index ix_entities_name holds: the scan never reads the table
    found = {cid for _, cid in conn.execute(select(e.c.name, e.c.canonical_id).distinct()
                                            .where(_word_match(e.c.name, name)))}
    found |= set(conn.execute(select(e.c.canonical_id).select_from(
        a.join(e, and_(a.c.document_id == e.c.document_id, a.c.entity_id == e.c.id)))
        .where(_word_match(a.c.alias, name))).scalars())
    found |= set(conn.execute(select(ce.c.id).where(or_(*names))).scalars())
    return sorted(int(i) for i in found if i is not None)


def _claims_said_by(canonical_ids: Sequence[int]) -> Any:
    """Primary keys of the claims whose speaker belongs to these canonical entities (index-driven)."""
    c, e = t.claims, t.entities
    return select(c.c.pk).select_from(
        e.join(c, and_(c.c.document_id == e.c.document_id, c.c.speaker_entity == e.c.id))) \
        .where(e.c.canonical_id.in_(list(canonical_ids)))


def _claims_naming(canonical_ids: Sequence[int]) -> Any:
    """Primary keys of the claims whose content holds a mention of these canonical entities."""
    c, e, m = t.claims, t.entities, t.mentions
    return select(c.c.pk).select_from(
        e.join(m, and_(m.c.document_id == e.c.document_id, m.c.entity_id == e.c.id))
        .join(c, and_(c.c.document_id == m.c.document_id, m.c.start >= c.c.content_start,
                      m.c.end <= c.c.content_end))) \
        .where(e.c.canonical_id.in_(list(canonical_ids)))


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


def _claims_holding(conn: Connection, words: str) -> Any:
    """Primary keys of the claims whose content holds all these words (full-text index), or the literal
    text where it has no words at all (a search for '%' or ';--')."""
    c = t.claims
    tokens = _WORD.findall(words)
    if not tokens:
        return select(c.c.pk).where(c.c.content_text.like(f"%{escape_like(words)}%", escape="\\"))
    if conn.dialect.name == "postgresql":
        return select(c.c.pk).where(
            text("to_tsvector('english', claims.content_text) @@ plainto_tsquery('english', :cg_search)")
            .bindparams(cg_search=" ".join(tokens)))
    # Every token quoted: FTS5 then reads the user's words as words, never as query syntax.
    fts_query = " ".join('"' + tok.replace('"', '""') + '"' for tok in tokens)
    return select(literal_column("rowid")).select_from(text("claims_fts")) \
        .where(text("claims_fts MATCH :cg_search").bindparams(cg_search=fts_query))


def claim_select() -> Any:
    """Claims joined to their document and speaker's canonical entity: the columns claim dicts are made from."""
    c, d = t.claims, t.documents
    se, sce = t.entities.alias("speaker_entity_row"), t.canonical_entities.alias("speaker_canonical")
    return select(c, d.c.title, d.c.outlet, d.c.published, d.c.url, sce.c.id.label("speaker_canonical_id"),
                  sce.c.name.label("speaker_canonical_name")) \
        .select_from(c.join(d, d.c.id == c.c.document_id)
                     .outerjoin(se, and_(se.c.document_id == c.c.document_id, se.c.id == c.c.speaker_entity))
                     .outerjoin(sce, sce.c.id == se.c.canonical_id))


def originals(conn: Connection, document_ids: Iterable[str] | None = None) -> dict[str, str]:
    """Each document (all that are copies, or those given) -> the stored article it transitively copies."""
    parent: dict[str, str] = {}
    for r in conn.execute(select(t.document_copies.c.document_id, t.document_copies.c.original_id)):
        parent.setdefault(r.document_id, r.original_id)
    out = {}
    for d in (parent if document_ids is None else document_ids):
        root, seen = d, {d}
        while root in parent and parent[root] not in seen:
            root = parent[root]
            seen.add(root)
        out[d] = root
    return out


def claims(conn: Connection, *, speaker: str | None = None, about: str | None = None, stance: str | None = None,
           since: str | None = None, search: str | None = None, document_id: str | None = None,
           canonical_speaker: int | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Claims with their document, speaker, `via` chain, hedges and band; newest documents first."""
    c, d = t.claims, t.documents
    q = claim_select()
    if speaker is not None:
        ids = canonical_ids_named(conn, speaker)
        # claims with no resolved speaker still match on the words that name it
        unresolved = select(c.c.pk).where(c.c.speaker_entity.is_(None), _word_match(c.c.speaker_text, speaker))
        q = q.where(c.c.pk.in_(union(_claims_said_by(ids), unresolved) if ids else unresolved))
    if canonical_speaker is not None:
        q = q.where(c.c.pk.in_(_claims_said_by([canonical_speaker])))
    if about is not None:
        ids = canonical_ids_named(conn, about)
        words = _claims_holding(conn, about)
        q = q.where(c.c.pk.in_(union(_claims_naming(ids), words) if ids else words))
    if stance is not None:
        q = q.where(c.c.stance == check_stance(stance))
    if since is not None:
        q = q.where(d.c.published >= check_date(since))
    if search is not None and search.strip():
        q = q.where(c.c.pk.in_(_claims_holding(conn, search.strip())))
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


def _claim_dicts(conn: Connection, rows: list[Any]) -> list[dict[str, Any]]:
    hops: dict[tuple[str, str], list[Any]] = {}
    hedges: dict[tuple[str, str], list[Any]] = {}
    c, e, ce = t.claims, t.entities, t.canonical_entities
    for chunk in _chunks([r["pk"] for r in rows]):
        for table, into in ((t.claim_hops, hops), (t.hedges, hedges)):
            joined = table.join(c, and_(c.c.document_id == table.c.document_id, c.c.id == table.c.claim_id))
            columns: list[Any] = [table]
            if table is t.claim_hops:
                joined = joined.outerjoin(e, and_(e.c.document_id == table.c.document_id, e.c.id == table.c.entity_id)) \
                    .outerjoin(ce, ce.c.id == e.c.canonical_id)
                columns += [ce.c.id.label("canonical_id"), ce.c.name.label("canonical_name")]
            q = select(*columns).select_from(joined).where(c.c.pk.in_(chunk)) \
                .order_by(table.c.document_id, table.c.claim_id, table.c.position)
            for h in conn.execute(q).mappings():
                into.setdefault((h["document_id"], h["claim_id"]), []).append(h)

    def canonical(row: Any, prefix: str = "") -> dict[str, Any] | None:
        cid = row[f"{prefix}canonical_id"]
        return {"id": cid, "name": row[f"{prefix}canonical_name"]} if cid is not None else None


    out = []
    for r in rows:
        key = (r["document_id"], r["id"])
        out.append({
            "document": {"id": r["document_id"], "title": r["title"], "outlet": r["outlet"],
                         "published": r["published"], "url": r["url"]},
            "id": r["id"],
            "speaker": {"text": r["speaker_text"] or "", "entity": r["speaker_entity"],
                        "canonical": canonical(r, "speaker_")}
            if r["speaker_entity"] is not None or r["speaker_text"] is not None else None,
            "via": [{"text": h["text"], "entity": h["entity_id"], "canonical": canonical(h)}
                    for h in hops.get(key, [])],
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


def _documents_holding(conn: Connection, words: str) -> Any:
    """Primary keys of the documents whose title or text holds all these words (full-text index)."""
    d = t.documents
    tokens = _WORD.findall(words)
    if not tokens:
        return select(d.c.pk).where(d.c.text.like(f"%{escape_like(words)}%", escape="\\"))
    if conn.dialect.name == "postgresql":
        return select(d.c.pk).where(
            text("to_tsvector('english', coalesce(documents.title, '') || ' ' || documents.text) "
                 "@@ plainto_tsquery('english', :cg_doc_search)").bindparams(cg_doc_search=" ".join(tokens)))
    fts_query = " ".join('"' + tok.replace('"', '""') + '"' for tok in tokens)
    return select(literal_column("rowid")).select_from(text("documents_fts")) \
        .where(text("documents_fts MATCH :cg_doc_search").bindparams(cg_doc_search=fts_query))


def documents(conn: Connection, *, search: str | None = None, since: str | None = None, outlet: str | None = None,
              limit: int | None = None) -> list[dict[str, Any]]:
    """Stored documents, newest first, with how many claims, entities and copies each has."""
    d, c, dc = t.documents, t.claims, t.document_copies
    n_claims = select(func.count()).where(c.c.document_id == d.c.id).scalar_subquery()
    n_entities = select(func.count()).where(t.entities.c.document_id == d.c.id).scalar_subquery()
    copy_of = select(dc.c.original_id).where(dc.c.document_id == d.c.id).limit(1).scalar_subquery()
    q = select(d.c.id, d.c.title, d.c.outlet, d.c.published, d.c.url, n_claims.label("claims"),
               n_entities.label("entities"), copy_of.label("copy_of"))
    if search is not None and search.strip():
        q = q.where(d.c.pk.in_(_documents_holding(conn, search.strip())))
    if since is not None:
        q = q.where(d.c.published >= check_date(since))
    if outlet is not None:
        q = q.where(_word_match(d.c.outlet, outlet))
    q = q.order_by(d.c.published.desc().nulls_last(), d.c.pk)
    if limit:
        q = q.limit(limit)
    return [dict(r) for r in conn.execute(q).mappings()]


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
