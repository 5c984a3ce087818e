"""Claims as the ledger asks for them: every filter, sort orders, counts, facets and JSON-ready claim dicts.

    from claimgraph.store import claims
    from claimgraph.store.filters import ClaimFilter, Paging
    with store.begin() as conn:
        page = claims.page(conn, ClaimFilter(speaker="Matsegora", hedge="any"), Paging(1, 50))

A claim dict carries its document, speaker (with its cross-document entity), `via` chain, cue,
content span, hedges, ICD 203 band, stance and date said; the web adds the story it belongs to.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    exists,
    func,
    literal_column,
    or_,
    select,
    union,
)

from claimgraph.errors import InputError
from claimgraph.store import schema as t
from claimgraph.store.filters import ClaimFilter, Lookups, Paging, first_day, last_day
from claimgraph.store.growth import new_documents
from claimgraph.store.matching import canonical_ids_named, claims_holding, contains, entity_ids, word_match
from claimgraph.store.notebook import tags
from claimgraph.store.stories import claim_pks_in, story_claims

_CHUNK = 400
SPEAKER_ENTITY = t.entities.alias("speaker_entity_row")
SPEAKER_CANONICAL = t.canonical_entities.alias("speaker_canonical")
"""The speaker's document entity and canonical entity, as `claim_select()` joins them."""
FACETS = ("outlet", "speaker", "stance", "band", "grade")
"""The ledger's facets: outlet, speaker, stance, hedge band (ICD 203 term, `hedged` or `flat`) and grade."""
FACET_SIZE = 12
"""Values listed per facet (the most frequent)."""


def claim_select() -> Select[Any]:
    """Claims joined to their document and speaker's canonical entity: the columns claim dicts are made from."""
    c, d, se, sce = t.claims, t.documents, SPEAKER_ENTITY, SPEAKER_CANONICAL
    return select(c, d.c.title, d.c.outlet, d.c.published, d.c.url, sce.c.id.label("speaker_canonical_id"),
                  sce.c.name.label("speaker_canonical_name")) \
        .select_from(c.join(d, d.c.id == c.c.document_id)
                     .outerjoin(se, and_(se.c.document_id == c.c.document_id, se.c.id == c.c.speaker_entity))
                     .outerjoin(sce, sce.c.id == se.c.canonical_id))


def said_by(canonical_ids: Sequence[int]) -> Select[Any]:
    """Primary keys of the claims whose speaker belongs to these canonical entities (index-driven)."""
    c, e = t.claims, t.entities
    return select(c.c.pk).select_from(
        e.join(c, and_(c.c.document_id == e.c.document_id, c.c.speaker_entity == e.c.id))) \
        .where(e.c.canonical_id.in_(list(canonical_ids)))


def naming(canonical_ids: Sequence[int]) -> Select[Any]:
    """Primary keys of the claims whose content holds a mention of these canonical entities."""
    c, e, m = t.claims, t.entities, t.mentions
    return select(c.c.pk).select_from(
        e.join(m, and_(m.c.document_id == e.c.document_id, m.c.entity_id == e.c.id))
        .join(c, and_(c.c.document_id == m.c.document_id, m.c.start >= c.c.content_start,
                      m.c.end <= c.c.content_end))) \
        .where(e.c.canonical_id.in_(list(canonical_ids)))


def relayed_by(canonical_ids: Sequence[int]) -> Select[Any]:
    """Primary keys of the claims that these canonical entities relay (in the `via` chain)."""
    c, e, h = t.claims, t.entities, t.claim_hops
    return select(c.c.pk).select_from(
        e.join(h, and_(h.c.document_id == e.c.document_id, h.c.entity_id == e.c.id))
        .join(c, and_(c.c.document_id == h.c.document_id, c.c.id == h.c.claim_id))) \
        .where(e.c.canonical_id.in_(list(canonical_ids)))


def tagged(tag: str) -> Select[Any]:
    """Primary keys of the claims an analyst gave this tag."""
    c = t.claims
    key = c.c.document_id + literal_column("'/'") + c.c.id
    return select(c.c.pk).where(key.in_(select(tags.c.target_id).where(
        tags.c.target_kind == "claim", tags.c.tag == tag.strip().casefold())))


def _hedge_condition(hedge: str) -> ColumnElement[bool]:
    c, h = t.claims, t.hedges
    hedged = exists(select(literal_column("1")).select_from(h).where(
        h.c.document_id == c.c.document_id, h.c.claim_id == c.c.id))
    if hedge == "any":
        return hedged | c.c.probability_term.is_not(None)
    if hedge == "none":
        return ~hedged & c.c.probability_term.is_(None)
    word = exists(select(literal_column("1")).select_from(h).where(
        h.c.document_id == c.c.document_id, h.c.claim_id == c.c.id, func.lower(h.c.text) == hedge))
    return word | (func.lower(c.c.probability_term) == hedge)


def _date_conditions(f: ClaimFilter) -> list[ColumnElement[bool]]:
    d = t.documents
    out: list[ColumnElement[bool]] = []
    if f.since:
        out.append(d.c.published >= first_day(f.since))
    if f.until:
        # '~' sorts after any time part, so a date-time on the last day is kept
        out.append(d.c.published <= last_day(f.until) + "~")
    if out and f.undated == "include":
        return [or_(and_(*out), d.c.published.is_(None))]
    if f.undated == "exclude":
        out.append(d.c.published.is_not(None))
    if f.undated == "only":
        out.append(d.c.published.is_(None))
    return out


def _name_conditions(conn: Connection, f: ClaimFilter, lookups: Lookups) -> list[ColumnElement[bool]]:
    c = t.claims
    named = lookups.namer or canonical_ids_named
    out: list[ColumnElement[bool]] = []
    if f.speaker:
        ids = named(conn, f.speaker)
        # claims with no resolved speaker still match on the words that name it
        unresolved = select(c.c.pk).where(c.c.speaker_entity.is_(None), word_match(c.c.speaker_text, f.speaker))
        out.append(c.c.pk.in_(union(said_by(ids), unresolved) if ids else unresolved))
    if f.speaker_id is not None:
        out.append(c.c.pk.in_(said_by([f.speaker_id])))
    if f.about:
        ids = named(conn, f.about)
        words = claims_holding(conn, f.about)
        out.append(c.c.pk.in_(union(naming(ids), words) if ids else words))
    if f.entity:
        ids = entity_ids(conn, f.entity) if f.entity.strip().isdigit() else named(conn, f.entity)
        out.append(c.c.pk.in_(union(said_by(ids), naming(ids), relayed_by(ids))) if ids
                   else literal_column("0") == 1)
    return out


def conditions(conn: Connection, f: ClaimFilter, lookups: Lookups | None = None) -> list[ColumnElement[bool]]:
    """The WHERE conditions over `claims` joined to `documents` that a filter stands for.

    A grade filter needs `lookups.grader`: grades are corroboration's, which the store does not compute."""
    c, d = t.claims, t.documents
    lookups = lookups or Lookups()
    out = _name_conditions(conn, f, lookups)
    if f.search:
        out.append(c.c.pk.in_(claims_holding(conn, f.search)))
    if f.stance:
        out.append(c.c.stance == f.stance)
    if f.hedge:
        out.append(_hedge_condition(f.hedge))
    if f.outlet:
        out.append(contains(d.c.outlet, f.outlet))
    out += _date_conditions(f)
    if f.document:
        out.append(c.c.document_id == f.document)
    if f.story is not None:
        out.append(c.c.pk.in_(claim_pks_in([f.story])))
    if f.tag:
        out.append(c.c.pk.in_(tagged(f.tag)))
    if f.grade is not None:
        if lookups.grader is None:
            raise InputError("grade: story grades come from corroboration; ask through claimgraph.Corpus or the "
                             "workbench")
        out.append(c.c.pk.in_(claim_pks_in(sorted(lookups.grader(conn, f.grade)))))
    return out


def order_by(conn: Connection, sort: str) -> list[Any]:
    """ORDER BY terms for a sort order (SORTS); ties in text order within a document."""
    c, d = t.claims, t.documents
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == "date":
        # SQLite already sorts NULL last when descending; spelling NULLS LAST there would stop it using the index
        published = d.c.published.desc() if descending else d.c.published.asc()
        if conn.dialect.name != "sqlite" or not descending:
            published = published.nulls_last()
        return [published, d.c.pk.desc() if descending else d.c.pk.asc(), c.c.pk]
    column = {"speaker": func.coalesce(SPEAKER_CANONICAL.c.name, c.c.speaker_text), "outlet": d.c.outlet,
              "stance": c.c.stance}[key]
    return [(column.desc() if descending else column.asc()).nulls_last(), d.c.published.desc(), d.c.pk, c.c.pk]


def select_claims(conn: Connection, f: ClaimFilter, lookups: Lookups | None = None,
                  conds: list[ColumnElement[bool]] | None = None) -> Select[Any]:
    """The query of the filtered claims in the filter's order (`claim_select()` columns)."""
    q = claim_select()
    for cond in conditions(conn, f, lookups) if conds is None else conds:
        q = q.where(cond)
    return q.order_by(*order_by(conn, f.sort))


def count(conn: Connection, f: ClaimFilter, lookups: Lookups | None = None,
          conds: list[ColumnElement[bool]] | None = None) -> int:
    """How many claims the filter keeps."""
    c, d = t.claims, t.documents
    q = select(func.count()).select_from(c.join(d, d.c.id == c.c.document_id))
    for cond in conditions(conn, f, lookups) if conds is None else conds:
        q = q.where(cond)
    return int(conn.execute(q).scalar_one())


def claims(conn: Connection, f: ClaimFilter | None = None, *, lookups: Lookups | None = None,
           limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """The claims a filter keeps, as claim dicts, in its order (newest documents first by default)."""
    q = select_claims(conn, f or ClaimFilter(), lookups)
    if limit:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    return claim_dicts(conn, list(conn.execute(q).mappings()))


def page(conn: Connection, f: ClaimFilter, paging: Paging, lookups: Lookups | None = None,
         tally: FacetTally | None = None) -> dict[str, Any]:
    """One page of the ledger: its claims, the total, the page count, the filters, and how many undated claims a
    date filter left out. With the filter's facet tally (`facet_tally`), the total is read off it (every claim has
    one stance) and a page sorted by a facet's column reads only the claims of the values on that page."""
    conds = conditions(conn, f, lookups)  # once: resolving names to entities is the costly part
    total = sum(tally["stance"].values()) if tally is not None else count(conn, f, lookups, conds)
    rows = page_rows(conn, f, paging, conds, tally)
    undated_left_out = 0
    if f.dated() and f.undated is None:
        bare = replace(f, since=None, until=None, undated="include")
        undated_left_out = count(conn, bare, lookups, conditions(conn, bare, lookups)
                                 + [t.documents.c.published.is_(None)])
    return {"claims": claim_dicts(conn, rows), "total": total, "page": paging.page,
            "pages": paging.pages(total), "per_page": paging.per_page, "filters": f.active(),
            "undated_left_out": undated_left_out}


def page_rows(conn: Connection, f: ClaimFilter, paging: Paging, conds: list[ColumnElement[bool]],
              tally: FacetTally | None = None) -> list[Any]:
    """The `claim_select()` rows of one page, in the filter's order."""
    key = f.sort.lstrip("-")
    if tally is not None and key in SORTED_BY_VALUE and conn.dialect.name == "sqlite":
        found = _rows_by_value(conn, f, paging, conds, tally[key])
        if found is not None:
            return found
    return _rows(conn, f.sort, paging.per_page, paging.offset, conds)


def _rows(conn: Connection, sort: str, limit: int, offset: int, conds: list[ColumnElement[bool]],
          order: list[Any] | None = None) -> list[Any]:
    """`limit` rows from `offset` on, in a sort order (or these ORDER BY terms). The claims are put in order on
    keys alone (claim pks by document, documents' dates by id: `ix_documents_id_published`), and only the page's
    own rows are read whole: a document's row holds its whole text."""
    c, d = t.claims, t.documents
    joined = c.join(d, d.c.id == c.c.document_id)
    if order is None and sort.lstrip("-") == "speaker":
        se, sce = SPEAKER_ENTITY, SPEAKER_CANONICAL
        joined = joined.outerjoin(se, and_(se.c.document_id == c.c.document_id, se.c.id == c.c.speaker_entity)) \
            .outerjoin(sce, sce.c.id == se.c.canonical_id)
    keys = select(c.c.pk).select_from(joined)
    for cond in conds:
        keys = keys.where(cond)
    keys = keys.order_by(*(order if order is not None else order_by(conn, sort))).limit(limit)
    pks = [int(pk) for pk in conn.execute(keys.offset(offset) if offset else keys).scalars()]
    if not pks:
        return []
    found = {r["pk"]: r for r in conn.execute(claim_select().where(c.c.pk.in_(pks))).mappings()}
    return [found[pk] for pk in pks if pk in found]


SORTED_BY_VALUE = ("speaker", "outlet", "stance")
"""Sort orders whose column is a facet: their pages are read value by value, as counted in the facet tally."""


def _rows_by_value(conn: Connection, f: ClaimFilter, paging: Paging, conds: list[ColumnElement[bool]],
                   counts: dict[Any, int]) -> list[Any] | None:
    """A page sorted by a facet's column, without sorting every claim: the facet's values in order (SQLite
    compares text as Python does, by code point; no value comes last), each with its count, tell which values
    the page holds and from which of their rows; only those claims are read, in the order within a value.
    None where a value holds fewer claims than its count (a speaker entity that is not stored)."""
    key = f.sort.lstrip("-")
    ordered: list[Any] = sorted((v for v in counts if v is not None), reverse=f.sort.startswith("-"))
    if None in counts:
        ordered.append(None)
    within = order_by(conn, f.sort)[1:]
    out: list[Any] = []
    start, end = paging.offset, paging.offset + paging.per_page
    seen = 0
    for value in ordered:
        if seen >= end:
            break
        n = counts[value]
        if seen + n > start:
            skip = max(0, start - seen)
            wanted = min(n, end - seen) - skip
            found = _rows(conn, f.sort, wanted, skip, [*conds, _holding(conn, key, value)], within)
            if len(found) < wanted:
                return None
            out += found
        seen += n
    return out


def _holding(conn: Connection, key: str, value: Any) -> ColumnElement[bool]:
    """The claims whose speaker, outlet or stance (as the sort reads it) is this value (None: none), as conditions
    that indexes answer: a speaker is its canonical entity's name, else the words of the article."""
    c, d = t.claims, t.documents
    if key == "stance":
        stance: ColumnElement[bool] = c.c.stance == value
        return stance
    if key == "outlet":
        outlet: ColumnElement[bool] = d.c.outlet.is_(None) if value is None else d.c.outlet == value
        return outlet
    e, ce = t.entities, t.canonical_entities
    worded = c.c.speaker_text.is_(None) if value is None else c.c.speaker_text == value
    no_entity = select(c.c.pk).where(c.c.speaker_entity.is_(None), worded)
    not_linked = select(c.c.pk).select_from(
        e.join(c, and_(c.c.document_id == e.c.document_id, c.c.speaker_entity == e.c.id))) \
        .where(e.c.canonical_id.is_(None), worded)
    if value is None:
        return c.c.pk.in_(union(no_entity, not_linked))
    # the ids first: given as a subquery, SQLite would walk every claim instead of the entities' index
    ids = [int(i) for i in conn.execute(select(ce.c.id).where(ce.c.name == value)).scalars()]
    return c.c.pk.in_(union(no_entity, not_linked, said_by(ids)) if ids else union(no_entity, not_linked))


def _facet_column(name: str) -> Any:
    c, d = t.claims, t.documents
    if name == "outlet":
        return d.c.outlet
    if name == "speaker":
        return func.coalesce(SPEAKER_CANONICAL.c.name, c.c.speaker_text)
    if name == "stance":
        return c.c.stance
    return func.coalesce(c.c.probability_term, literal_column("'(no band)'"))


FacetTally = dict[str, dict[Any, int]]
"""facet -> value -> claims, and `story` -> story id -> claims: the facets of a filter, which add up over disjoint
sets of documents (where the filter asks nothing that changes for claims already stored: a grade or a tag)."""


def facet_tally(conn: Connection, f: ClaimFilter | None = None, after: int | None = None,
                lookups: Lookups | None = None) -> FacetTally:
    """The outlet, speaker, stance and band counts, and the claims per story, of the claims a filter keeps (of
    the documents stored after `after` alone, where given)."""
    conds = conditions(conn, f, lookups) if f is not None else []
    if after is not None:
        conds.append(t.claims.c.document_id.in_(new_documents(after)))
    out: FacetTally = {}
    for name in ("outlet", "speaker", "stance", "band"):
        col = _facet_column(name)
        q = claim_select().with_only_columns(col.label("value"), func.count().label("n")).group_by(col)
        for cond in conds:
            q = q.where(cond)
        out[name] = {r.value: int(r.n) for r in conn.execute(q)}
    sc = story_claims
    per_story = select(sc.c.story_id, func.count()).group_by(sc.c.story_id)
    if conds:
        kept = claim_select().with_only_columns(t.claims.c.pk)
        for cond in conds:
            kept = kept.where(cond)
        per_story = per_story.where(sc.c.claim_pk.in_(kept))
    out["story"] = {int(sid): int(n) for sid, n in conn.execute(per_story)}
    return out


def add_tallies(a: FacetTally, b: FacetTally) -> FacetTally:
    """Two facet tallies of disjoint documents as one."""
    return {name: {k: a.get(name, {}).get(k, 0) + b.get(name, {}).get(k, 0)
                   for k in a.get(name, {}).keys() | b.get(name, {}).keys()} for name in a.keys() | b.keys()}


def facets_of(found: FacetTally, grades: dict[int, int] | None = None,
              size: int = FACET_SIZE) -> dict[str, list[dict[str, Any]]]:
    """A facet tally as `facets` lists it: the most frequent values of each facet, and with `grades` (story id
    -> grade) the claims of each grade."""
    out = {name: [{"value": v, "count": n} for v, n in sorted(values.items(),
                                                              key=lambda kv: (-kv[1], str(kv[0])))[:size]]
           for name, values in found.items() if name != "story"}
    if grades is not None:
        by_grade: dict[int, int] = {}
        for sid, n in found.get("story", {}).items():
            g = grades.get(sid)
            if g is not None:
                by_grade[g] = by_grade.get(g, 0) + n
        out["grade"] = [{"value": g, "count": n} for g, n in sorted(by_grade.items())]
    return out


def facets(conn: Connection, f: ClaimFilter, lookups: Lookups | None = None,
           grades: dict[int, int] | None = None, size: int = FACET_SIZE) -> dict[str, list[dict[str, Any]]]:
    """For each facet, its most frequent values among the filtered claims with their counts; `grades`
    (story id -> grade, from corroboration) adds the grade facet."""
    return facets_of(facet_tally(conn, f, lookups=lookups), grades, size)


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


_ByClaim = dict[tuple[str, str], list[Any]]


def _parts(conn: Connection, pks: list[int]) -> tuple[_ByClaim, _ByClaim]:
    """The via hops (with their canonical entity) and the hedges of these claims, by (document id, claim id)."""
    hops: _ByClaim = {}
    hedges: _ByClaim = {}
    c, e, ce = t.claims, t.entities, t.canonical_entities
    for chunk in _chunks(pks):
        for table, into in ((t.claim_hops, hops), (t.hedges, hedges)):
            joined = table.join(c, and_(c.c.document_id == table.c.document_id, c.c.id == table.c.claim_id))
            columns: list[Any] = [table]
            if table is t.claim_hops:
                joined = joined.outerjoin(e, and_(e.c.document_id == table.c.document_id,
                                                  e.c.id == table.c.entity_id)) \
                    .outerjoin(ce, ce.c.id == e.c.canonical_id)
                columns += [ce.c.id.label("canonical_id"), ce.c.name.label("canonical_name")]
            q = select(*columns).select_from(joined).where(c.c.pk.in_(chunk)) \
                .order_by(table.c.document_id, table.c.claim_id, table.c.position)
            for h in conn.execute(q).mappings():
                into.setdefault((h["document_id"], h["claim_id"]), []).append(h)
    return hops, hedges


def _canonical(row: Any, prefix: str = "") -> dict[str, Any] | None:
    cid = row[f"{prefix}canonical_id"]
    return {"id": cid, "name": row[f"{prefix}canonical_name"]} if cid is not None else None


def claim_dict(r: Any, hops: list[Any], hedges: list[Any]) -> dict[str, Any]:
    """One row of `claim_select()` with its hops and hedges as a JSON-ready claim dict."""
    return {
        "document": {"id": r["document_id"], "title": r["title"], "outlet": r["outlet"],
                     "published": r["published"], "url": r["url"]},
        "id": r["id"],
        "speaker": {"text": r["speaker_text"] or "", "entity": r["speaker_entity"],
                    "canonical": _canonical(r, "speaker_")}
        if r["speaker_entity"] is not None or r["speaker_text"] is not None else None,
        "via": [{"text": h["text"], "entity": h["entity_id"], "canonical": _canonical(h)} for h in hops],
        "cue": {"text": r["cue_text"], "start": r["cue_start"], "end": r["cue_end"]}
        if r["cue_text"] is not None else None,
        "content": {"text": r["content_text"], "start": r["content_start"], "end": r["content_end"]},
        "quote": bool(r["quote"]),
        "hedges": [{"text": h["text"], "start": h["start"], "end": h["end"]} for h in hedges],
        "probability": {"term": r["probability_term"], "low": r["probability_low"],
                        "high": r["probability_high"]} if r["probability_term"] is not None else None,
        "stance": r["stance"],
        "date_said": r["date_said"],
    }


def claim_dicts(conn: Connection, rows: list[Any]) -> list[dict[str, Any]]:
    """Rows of `claim_select()` as claim dicts, in the same order."""
    hops, hedges = _parts(conn, [r["pk"] for r in rows])
    return [claim_dict(r, hops.get((r["document_id"], r["id"]), []), hedges.get((r["document_id"], r["id"]), []))
            for r in rows]


def claim(conn: Connection, document_id: str, claim_id: str) -> dict[str, Any] | None:
    """One claim as a claim dict, or None."""
    c = t.claims
    rows = list(conn.execute(claim_select().where(c.c.document_id == document_id, c.c.id == claim_id)).mappings())
    return claim_dicts(conn, rows)[0] if rows else None


def by_key(conn: Connection, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(document id, claim id) -> the claim dict."""
    c = t.claims
    out: dict[tuple[str, str], dict[str, Any]] = {}
    docs = sorted({d for d, _ in keys})
    wanted = set(keys)
    for chunk in _chunks(docs):
        rows = [r for r in conn.execute(claim_select().where(c.c.document_id.in_(list(chunk)))).mappings()
                if (r["document_id"], r["id"]) in wanted]
        for d in claim_dicts(conn, rows):
            out[(d["document"]["id"], d["id"])] = d
    return out
