"""Stories: the same proposition across documents, who supports it, who disputes it, how independently.

    stored claim ──proposition()──▶ terms, counts, polarity ──candidate stories (term index)──▶
        best story by similarity (>= SAME_PROPOSITION) or a new story ──▶ story_claims

Clustering is incremental: `assign_document` places one newly stored document's claims into the
existing stories (or new ones) by comparing them with the members of the stories that share a
term, so nothing already stored is recomputed; ingest calls it for each document, in the same
transaction. A claim that only dismisses ("This looks like fake news") joins the story of the
claim before it in the same document, as a dispute.

Reading a story works out, for each claim, how it stands (supports, disputes, or repeats an
origin already counted), its independent origin (the named speaker; else the innermost relay;
else the article, copies folded into the original), and the story's credibility grade. An origin is
independent only where it is named: the claims of one article (with its copies) whose speaker and relays
name no entity (a pronoun such as "I" or "we", the outlet itself, an unnamed relay such as "reports" or
"officials") are that one article's word however many they are, one origin; each named speaker or relay
it quotes is an origin of its own.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, TextClause, and_, bindparam, select, text
from sqlalchemy.dialects import postgresql, sqlite

from claimgraph.corpus import grades
from claimgraph.corpus.propositions import (
    NO_PREDICATE,
    SAME_PROPOSITION,
    Count,
    Proposition,
    Weights,
    clauses,
    conflicting_counts,
    polarity,
    proposition,
    similarity,
)
from claimgraph.errors import InputError
from claimgraph.store import schema as t
from claimgraph.store import sources as store_sources
from claimgraph.store import stories as store_stories
from claimgraph.store.documents import originals
from claimgraph.store.filters import check_bound
from claimgraph.store.ids import MAX_ID, record_id
from claimgraph.store.matching import canonical_ids_named
from claimgraph.store.outlets import source_key
from claimgraph.store.writing import now

# the tables are the store's (claimgraph.store.stories); corroboration fills them
stories_table, story_claims, story_terms, term_counts = (store_stories.stories_table, store_stories.story_claims,
                                                      store_stories.story_terms, store_stories.term_counts)
claims_without_story = store_stories.claims_without_story

CANDIDATES = 40
"""Stories compared with a new claim: those sharing the most terms with it."""

MEMBERS_COMPARED = 12
"""How many of a candidate story's claims (its first ones) a new claim is compared with."""

BRIDGE_SAMPLE = 6
"""How many claims of each of two stories are compared when a claim may join them."""

RETRIEVAL_TERMS = 12
"""How many of a claim's rarest terms find its candidate stories."""

POSTING_LIMIT = 250
"""Stories read per retrieval term, the newest first: a term that a whole corpus shares costs no more than this."""

BRIDGE_SLACK = 0.1
"""How far below SAME_PROPOSITION the average similarity of two stories may be for a claim that
resembles both to join them (early claims were compared with little to weigh words by)."""

_ALL = ""

NO_STORY_REASON = "no predicate of its own (a noun phrase or a fragment) and no story it resembles"
"""Why a claim is in no story (`claims_without_story.reason`)."""


def add_term_counts(conn: Connection, increments: dict[str, int]) -> None:
    """Add to how many stored claims hold each term ('' counts all claims): the weights of story matching."""
    if not increments:
        return
    ins = (postgresql.insert(term_counts) if conn.dialect.name == "postgresql" else sqlite.insert(term_counts))
    stmt = ins.on_conflict_do_update(index_elements=["term"],
                                     set_={"claims": term_counts.c.claims + ins.excluded.claims})
    conn.execute(stmt, [{"term": k[:200], "claims": v} for k, v in increments.items()])


class _FixedWeights(Weights):
    """Weights over counts that stay fixed while one document's claims are placed, each worked out once: a claim is
    compared with some eighty stored claims, and their terms would otherwise be weighed again at every comparison."""

    def __init__(self, df: dict[str, int]) -> None:
        super().__init__()
        self.df = df  # shared with _Placement, which adds the counts it reads later
        self.known: dict[str, float] = {}
        self.sets: dict[int, tuple[frozenset[str], dict[str, float]]] = {}
        """By the set's identity (kept, so its id is not reused): equal sets may iterate in other orders, and the sums
        of weights would differ in their last digit."""

    def add(self, terms: Iterable[str]) -> None:
        raise TypeError("the counts of one document's placement are fixed")

    def __call__(self, term: str) -> float:
        w = self.known.get(term)
        if w is None:
            w = super().__call__(term)
            if term in self.df:  # a term whose count is not read yet weighs as unseen until it is
                self.known[term] = w
        return w

    def of(self, terms: frozenset[str]) -> dict[str, float]:
        """The weights of a proposition's terms, worked out once for the document (a claim meets its candidates'
        first claims by the dozen), once every count of them is read."""
        kept = self.sets.get(id(terms))
        if kept is not None and kept[0] is terms:
            return kept[1]
        found = super().of(terms)
        if all(x in self.df for x in terms):
            self.sets[id(terms)] = (terms, found)
        return found


class _Placement:
    """What placing one document's claims reads of the store, each read once: how many stored claims hold each term
    (from `term_counts`, fixed once the document's own counts are in) and the first claims of candidate stories
    (kept until this document's own placements change them)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.df: dict[str, int] = {}
        self.fixed = _FixedWeights(self.df)
        self.firsts: dict[int, list[tuple[Any, Proposition]]] = {}

    def weights(self, terms: Iterable[str]) -> Weights:
        """The weights of these terms (and of any read before): counts not read yet are read in one query."""
        wanted = sorted({x[:200] for x in terms} - self.df.keys() | ({_ALL} - self.df.keys()))
        for i in range(0, len(wanted), 400):
            chunk = wanted[i:i + 400]
            for term, n in self.conn.execute(_TERM_COUNTS, {"terms": chunk}):
                self.df[term] = n
            for term in chunk:
                self.df.setdefault(term, 0)
        self.fixed.n = self.df[_ALL]
        return self.fixed

    def members(self, story_ids: Sequence[int]) -> list[tuple[Any, Proposition]]:
        """(row, proposition) of the first MEMBERS_COMPARED claims of each of these stories, by story and claim; those
        not read yet in one query."""
        missing = [x for x in story_ids if x not in self.firsts]
        if missing:
            for x in missing:
                self.firsts[x] = []
            for row in self.conn.execute(_members_query(len(missing)), {f"s{i}": x for i, x in enumerate(missing)}):
                self.firsts[row.story_id].append((row, _row_proposition(row)))
        return [member for x in sorted(set(story_ids)) for member in self.firsts[x]]

    def changed(self, story_ids: Iterable[int]) -> None:
        """Stories this document's claims just merged: their first claims are read again."""
        for x in story_ids:
            self.firsts.pop(x, None)

    def joined(self, row: _Member) -> None:
        """A claim of this document just stored in a story: one of the story's first claims, where it has fewer
        than MEMBERS_COMPARED (it is the newest), as a read of the store would give it."""
        members = self.firsts.get(row.story_id)
        if members is not None and len(members) < MEMBERS_COMPARED:
            members.append((row, _row_proposition(row)))


class _Member(NamedTuple):
    """A row of `story_claims` as `_members_query` reads it."""

    claim_pk: int
    story_id: int
    terms: str
    counts: str
    negated: bool
    denial: bool
    agent: str | None


_TERM_COUNTS = select(term_counts.c.term, term_counts.c.claims).where(
    term_counts.c.term.in_(bindparam("terms", expanding=True)))


def _row_proposition(r: Any) -> Proposition:
    key = (r.terms, r.counts, bool(r.negated), bool(r.denial), r.agent)
    cached = _ROW_CACHE.get(r.claim_pk)
    if cached is not None and cached[0] == key:
        return cached[1]
    if len(_ROW_CACHE) > 50_000:
        _ROW_CACHE.clear()
        _ROW_PROPOSITIONS.clear()
    p = _ROW_PROPOSITIONS.get(key)
    if p is None:
        p = _ROW_PROPOSITIONS[key] = _make_row_proposition(r)
    _ROW_CACHE[r.claim_pk] = (key, p)
    return p


_ROW_CACHE: dict[int, tuple[tuple[Any, ...], Proposition]] = {}
"""Propositions of stored rows by claim pk, checked against the row itself (another store may reuse a pk)."""

_ROW_PROPOSITIONS: dict[tuple[Any, ...], Proposition] = {}
"""One Proposition for all the stored rows that say the same (the copies of a wire story), so that comparisons
with it are worked out once (`_Similarities`)."""


def _make_row_proposition(r: Any) -> Proposition:
    return Proposition(frozenset(r.terms.split()) if r.terms else frozenset(),
                       tuple(Count(lo, hi, u) for lo, hi, u in json.loads(r.counts)),
                       bool(r.negated), bool(r.denial), False, r.agent)


CACHED = 50_000
"""Claim contents whose proposition and clause kind a process keeps (about 40 MB): a wire story's copies, stored one
after the other, state the same contents with the same entities, and reading them costs more than storing them."""

_PROPOSITIONS: dict[tuple[str, tuple[tuple[int, str], ...]], Proposition] = {}
_KINDS: dict[str, int] = {}


def _proposition(content: str, entities: tuple[tuple[int, str], ...]) -> Proposition:
    """`proposition(content, entities)`, kept for the next claim of the same words naming the same entities."""
    key = (content, entities)
    found = _PROPOSITIONS.get(key)
    if found is None:
        if len(_PROPOSITIONS) >= CACHED:
            _PROPOSITIONS.clear()
        found = _PROPOSITIONS[key] = proposition(content, entities)
    return found


def clause_kinds(contents: Sequence[str], known: Mapping[str, int] | None = None) -> list[int]:
    """`clauses(contents)`, each content parsed once per process (its kind depends on its words alone), none that
    `known` gives (worked out by an engine's worker, `ingest.prepare`): the parse is the costliest step of placing a
    claim. The engine's thread and the writer may both call it (the cache is only added to, or emptied, at once)."""
    found = dict(known or {})
    for x in contents:
        if x not in found and (kind := _KINDS.get(x)) is not None:
            found[x] = kind
    unread = list(dict.fromkeys(x for x in contents if x not in found))
    if unread:
        parsed = dict(zip(unread, clauses(unread), strict=True))
        found.update(parsed)
        if len(_KINDS) >= CACHED:
            _KINDS.clear()
        _KINDS.update(parsed)
    return [found[x] for x in contents]


def _claim_entities(conn: Connection, document_id: str) -> list[tuple[int, int, int, str]]:
    """(start, end, canonical id, name) of every mention of a cross-document entity in a document."""
    m, e, ce = t.mentions, t.entities, t.canonical_entities
    q = select(m.c.start, m.c.end, ce.c.id, ce.c.name).join(
        e, and_(e.c.document_id == m.c.document_id, e.c.id == m.c.entity_id)).join(ce, ce.c.id == e.c.canonical_id) \
        .where(m.c.document_id == document_id)
    return [(r.start, r.end, r.id, r.name) for r in conn.execute(q)]


def _placed(claim_pk: Any) -> Any:
    """Whether a claim is in a story: one lookup of the key (NOT IN would read every placed claim)."""
    return select(story_claims.c.claim_pk).where(story_claims.c.claim_pk == claim_pk).exists()


def assign_document(conn: Connection, document_id: str, known: Mapping[str, int] | None = None) -> list[int]:
    """Place a stored document's claims into stories (in the caller's transaction); returns their story ids.

    Args:
        known: clause kinds of claim contents, by their words, where they are worked out already (`clause_kinds`).
    """
    c = t.claims
    rows = list(conn.execute(select(c.c.pk, c.c.content_text, c.c.content_start, c.c.content_end, c.c.stance)
                             .where(c.c.document_id == document_id, *_unplaced(c.c.pk)).order_by(c.c.pk)))
    if not rows:
        return []
    mentions = _claim_entities(conn, document_id)
    props = [_proposition(r.content_text, tuple(sorted({(cid, name) for s, e, cid, name in mentions
                                                        if s >= r.content_start and e <= r.content_end})))
             for r in rows]
    increments: dict[str, int] = {_ALL: len(rows)}
    for p in props:
        for term in p.terms:
            increments[term] = increments.get(term, 0) + 1
    add_term_counts(conn, increments)

    kinds = clause_kinds([r.content_text for r in rows], known)
    placed: list[int] = []
    previous: int | None = None  # the story of the last claim of this document that says something
    placement = _Placement(conn)  # term counts fixed for this document from here on: its own are in
    placement.weights(set().union(*(p.terms for p in props)))  # every claim's own terms in one query
    for r, p, kind in zip(rows, props, kinds, strict=True):
        found: int | None
        score: float | None
        if p.frame_only and previous is not None:
            found, score, rule = previous, None, "dismisses the claim before it in the same article"
        elif kind == NO_PREDICATE:
            # a noun phrase or a fragment states no proposition of its own: it may join a story it resembles
            # (without joining two), but it starts none
            found, score, _ = _best_story(conn, p, placement)
            if found is None:
                conn.execute(claims_without_story.insert().values(claim_pk=r.pk, reason=NO_STORY_REASON))
                continue
            rule = f"same proposition (similarity {score:.2f}); no predicate of its own"
        else:
            found, score, bridged = _best_story(conn, p, placement)
            rule = f"same proposition (similarity {score:.2f})" if found is not None else "first claim of its story"
            if bridged and found is not None:
                _merge(conn, found, bridged)
                placement.changed([found, *bridged])
                rule += f"; joined stories {', '.join(map(str, bridged))} into this one"
                placed = [found if x in bridged else x for x in placed]
                previous = found if previous in bridged else previous
            if found is None:
                made = conn.execute(stories_table.insert().values(created_at=now())).inserted_primary_key
                assert made is not None
                found = int(made[0])
                score = None
        story: int = found
        member = _Member(r.pk, story, " ".join(sorted(p.terms)),
                         json.dumps([[x.low, x.high, x.unit] for x in p.counts]), p.negated, p.denial, p.agent)
        conn.execute(_PLACE, {**member._asdict(), "similarity": score, "rule": rule, "clause": kind})
        if p.terms:
            conn.execute(_index_terms(conn.dialect.name), [{"term": x[:200], "story_id": story} for x in p.terms])
        placement.joined(member)
        placed.append(story)
        if not p.frame_only:
            previous = story
    return placed


_PLACE = story_claims.insert()


@cache
def _index_terms(dialect: str) -> Any:
    """Insert (term, story) rows into the term index, those there already left as they are."""
    ins = postgresql.insert(story_terms) if dialect == "postgresql" else sqlite.insert(story_terms)
    return ins.on_conflict_do_nothing()


def _best_story(conn: Connection, p: Proposition,
                placement: _Placement | None = None) -> tuple[int | None, float, list[int]]:
    """The story whose closest claim is most similar to this proposition, if similar enough, and the
    other stories that are similar enough too (the claim bridges them: they tell one proposition)."""
    if not p.terms:
        return None, 0.0, []
    placement = placement or _Placement(conn)
    # look stories up by the claim's rarest terms only: a common word ("russia") would pull in every
    # story of the corpus, and the lookup would grow with it
    df = placement.weights(p.terms).df
    terms = sorted({x[:200] for x in p.terms}, key=lambda x: (df.get(x, 0), x))[:RETRIEVAL_TERMS]
    candidates = [r[0] for r in conn.execute(_candidates_query(len(terms)),
                                             {f"t{i}": x for i, x in enumerate(terms)})]
    if not candidates:
        return None, 0.0, []
    # each story is compared through its first claims only (they set its proposition): a story retold
    # a thousand times costs no more than one told ten times
    members = placement.members(candidates)
    weight = placement.weights(set(p.terms).union(*(prop.terms for _, prop in members)))
    props = [(m.story_id, prop) for m, prop in members]
    compared = _Similarities(weight)
    per_story: dict[int, float] = {}
    for sid, prop in props:
        per_story[sid] = max(per_story.get(sid, 0.0), compared(p, prop))
    ranked = sorted(per_story.items(), key=lambda kv: (-kv[1], kv[0]))
    story, score = ranked[0]
    if score < SAME_PROPOSITION:
        return None, score, []
    # a claim close to two stories joins them only where the stories are close as wholes (average
    # linkage), so that one broad claim does not chain two propositions together
    own = [prop for sid, prop in props if sid == story][:BRIDGE_SAMPLE] + [p]
    bridged = []
    for other, sc in ranked[1:]:
        if sc < SAME_PROPOSITION:
            break
        theirs = [prop for sid, prop in props if sid == other][:BRIDGE_SAMPLE]
        mean = sum(compared(a, b) for a in own for b in theirs) / (len(own) * len(theirs))
        if mean >= SAME_PROPOSITION - BRIDGE_SLACK:
            bridged.append(other)
    return story, score, bridged


class _Similarities:
    """`similarity` of propositions under one set of weights, each pair worked out once: the copies of a wire story
    share one stored proposition (`_ROW_PROPOSITIONS`), and a claim meets it by the dozen among the members of its
    candidate stories. Pairs are told by identity; the caller holds every proposition it compares while this lives."""

    def __init__(self, weight: Weights) -> None:
        self.weight = weight
        self.known: dict[tuple[int, int], float] = {}

    def __call__(self, a: Proposition, b: Proposition) -> float:
        key = (id(a), id(b))
        score = self.known.get(key)
        if score is None:
            score = self.known[key] = similarity(a, b, self.weight)
        return score


@lru_cache(maxsize=64)
def _candidates_query(n: int) -> TextClause:
    """Stories sharing the most of N terms, each term read through its newest POSTING_LIMIT stories only
    (an index range per term, so the cost does not grow with the corpus)."""
    postings = " UNION ALL ".join(
        f"SELECT * FROM (SELECT story_id FROM story_terms WHERE term = :t{i} ORDER BY story_id DESC "
        f"LIMIT {POSTING_LIMIT}) AS p{i}" for i in range(n))
    return text(f"SELECT story_id, count(*) AS hits FROM ({postings}) AS postings GROUP BY story_id "
                f"ORDER BY hits DESC, story_id LIMIT {CANDIDATES}")


@lru_cache(maxsize=64)
def _members_query(n: int) -> TextClause:
    """The first MEMBERS_COMPARED claims of each of N stories (an index range per story, whatever its size)."""
    firsts = " UNION ALL ".join(
        f"SELECT * FROM (SELECT claim_pk, story_id, terms, counts, negated, denial, agent FROM story_claims "
        f"WHERE story_id = :s{i} ORDER BY claim_pk LIMIT {MEMBERS_COMPARED}) AS m{i}" for i in range(n))
    return text(f"SELECT * FROM ({firsts}) AS members ORDER BY story_id, claim_pk")


def _merge(conn: Connection, into: int, others: Sequence[int]) -> None:
    """Join other stories into one: their claims and index terms move, the stories go."""
    for other in others:
        conn.execute(story_claims.update().where(story_claims.c.story_id == other).values(story_id=into))
        terms = conn.execute(select(story_terms.c.term).where(story_terms.c.story_id == other)).scalars().all()
        ins = postgresql.insert(story_terms) if conn.dialect.name == "postgresql" else sqlite.insert(story_terms)
        if terms:
            conn.execute(ins.on_conflict_do_nothing(), [{"term": x, "story_id": into} for x in terms])
        conn.execute(story_terms.delete().where(story_terms.c.story_id == other))
        conn.execute(stories_table.delete().where(stories_table.c.id == other))


def _unplaced(claim_pk: Any) -> list[Any]:
    """Conditions on a claim that corroboration has not read yet: in no story, and not found to start none (one
    lookup of the key in each: NOT IN would read every placed claim)."""
    return [~_placed(claim_pk),
            ~select(claims_without_story.c.claim_pk).where(claims_without_story.c.claim_pk == claim_pk).exists()]


def pending_documents(conn: Connection) -> list[str]:
    """Stored documents with claims that corroboration has not read yet, in the order they were stored."""
    c, d = t.claims, t.documents
    return list(conn.execute(select(d.c.id).where(d.c.id.in_(
        select(c.c.document_id).where(*_unplaced(c.c.pk)))).order_by(d.c.pk)).scalars())


def catch_up(conn: Connection) -> int:
    """Place the claims of every stored document that has none in a story yet (a store made before
    stories existed); returns how many documents it placed."""
    pending = pending_documents(conn)
    for doc in pending:
        assign_document(conn, doc)
    return len(pending)


# --- reading stories -------------------------------------------------------------------------------


def _load(conn: Connection, story_ids: Sequence[int] | None = None) -> dict[int, list[dict[str, Any]]]:
    """Every claim of the stories (all of them where None), with its document, chain, hedges and sources."""
    c, d, s, e, ce = t.claims, t.documents, t.sources, t.entities, t.canonical_entities
    q = select(story_claims, c.c.document_id, c.c.id.label("claim_id"), c.c.content_text, c.c.stance,
               c.c.speaker_text, c.c.speaker_entity, c.c.probability_term, c.c.probability_low,
               c.c.probability_high, c.c.quote, c.c.date_said, d.c.pk.label("doc_pk"), d.c.outlet, d.c.title,
               d.c.published, d.c.url, s.c.reliability, s.c.id.label("source_id"), s.c.name.label("source_name"),
               s.c.graded_by, ce.c.id.label("speaker_canonical"), ce.c.name.label("speaker_name"),
               e.c.type.label("speaker_type")) \
        .join(c, c.c.pk == story_claims.c.claim_pk).join(d, d.c.id == c.c.document_id) \
        .outerjoin(s, s.c.id == d.c.source_id) \
        .outerjoin(e, and_(e.c.document_id == c.c.document_id, e.c.id == c.c.speaker_entity)) \
        .outerjoin(ce, ce.c.id == e.c.canonical_id)
    if story_ids is not None:
        q = q.where(story_claims.c.story_id.in_(list(story_ids)))
    rows = list(conn.execute(q))
    docs = sorted({r.document_id for r in rows})
    hops: dict[tuple[str, str], list[dict[str, Any]]] = {}
    hedges: dict[tuple[str, str], list[str]] = {}
    h, hd = t.claim_hops, t.hedges
    for i in range(0, len(docs), 400):
        chunk = docs[i:i + 400]
        for r in conn.execute(select(h.c.document_id, h.c.claim_id, h.c.text, ce.c.id.label("cid"),
                                     ce.c.name).outerjoin(e, and_(e.c.document_id == h.c.document_id,
                                                                  e.c.id == h.c.entity_id))
                              .outerjoin(ce, ce.c.id == e.c.canonical_id)
                              .where(h.c.document_id.in_(chunk)).order_by(h.c.document_id, h.c.claim_id,
                                                                          h.c.position)):
            hops.setdefault((r.document_id, r.claim_id), []).append(
                {"text": r.text, "canonical": {"id": r.cid, "name": r.name} if r.cid is not None else None})
        for hr in conn.execute(select(hd.c.document_id, hd.c.claim_id, hd.c.text).where(hd.c.document_id.in_(chunk))
                               .order_by(hd.c.document_id, hd.c.claim_id, hd.c.position)):
            hedges.setdefault((hr.document_id, hr.claim_id), []).append(hr.text)
    roots = originals(conn)
    kinds = _clause_kinds(rows)
    named = store_sources.by_names(conn, (x for r in rows for x in _chain_names(r, hops.get((r.document_id,
                                                                                            r.claim_id), []))))
    out: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        key = (r.document_id, r.claim_id)
        via = hops.get(key, [])
        source, graded = _sources_of(r, via, named)
        out.setdefault(r.story_id, []).append({
            "row": r, "prop": _row_proposition(r), "via": via, "hedges": hedges.get(key, []),
            "original": roots.get(r.document_id, r.document_id), "clause": kinds[r.claim_pk],
            "source": source, "graded_source": graded})
    return out


def _clause_kinds(rows: Sequence[Any]) -> dict[int, int]:
    """claim pk -> how full its content is: as stored, or read now for claims stored before that was kept."""
    out = {r.claim_pk: int(r.clause) for r in rows if r.clause is not None}
    unread = [r for r in rows if r.clause is None]
    for r, kind in zip(unread, clause_kinds([r.content_text for r in unread]), strict=True):
        out[r.claim_pk] = kind
    return out


def _chain_names(r: Any, via: list[dict[str, Any]]) -> list[str]:
    """The names of a claim's chain that may be sources: its relays and its speaker (canonical names first)."""
    names = [x for hop in via for x in ((hop["canonical"] or {}).get("name"), hop["text"]) if x]
    if r.speaker_type in store_sources.SPEAKING_TYPES or r.speaker_entity is None:
        names += [x for x in (r.speaker_name, r.speaker_text) if x]
    return names


def _sources_of(r: Any, via: list[dict[str, Any]], named: dict[str, dict[str, Any]]) -> tuple[
        dict[str, Any] | None, dict[str, Any] | None]:
    """The source a claim comes from (the one nearest its origin: its speaker where that is an organisation
    stored as a source, else its innermost relay that is one, else the outlet's organisation), and the
    nearest one whose reliability can be judged (A–E), whose grade the claim's story counts."""
    chain: list[dict[str, Any]] = []
    if r.source_id is not None:
        chain.append({"id": r.source_id, "name": r.source_name, "reliability": r.reliability,
                      "graded_by": r.graded_by})
    for hop in via:
        found = next((named[k] for k in (source_key(x) for x in ((hop["canonical"] or {}).get("name"), hop["text"])
                                          if x) if k in named), None)
        if found is not None:
            chain.append(found)
    if r.speaker_type in store_sources.SPEAKING_TYPES or r.speaker_entity is None:
        found = next((named[k] for k in (source_key(x) for x in (r.speaker_name, r.speaker_text) if x)
                      if k in named), None)
        if found is not None:
            chain.append(found)
    if not chain:
        return None, None
    graded = next((x for x in reversed(chain) if (x["reliability"] or grades.UNGRADED) != grades.UNGRADED), None)
    return chain[-1], graded


def _fold(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def _first_person(text: str | None) -> bool:
    """Whether a speaker is written as the first or second person ("we", "I", "our information", "you")."""
    words = _fold(text).split()
    return bool(words) and words[0] in _person_words()


@cache
def _person_words() -> frozenset[str]:
    from claimgraph.nlp import lexicon

    return frozenset(w.casefold() for w in lexicon.load("speakers")["first_person"]) | {"our", "my", "you", "your"}


def _organisation(item: dict[str, Any]) -> str:
    """The organisation a claim's article comes from (its outlet's source), or the outlet line."""
    r = item["row"]
    return str(r.source_name or r.outlet or "an article")


def origin_of(item: dict[str, Any]) -> tuple[str, str]:
    """(key, name) of where a claim comes from: its named speaker (a first-person one is none); else its innermost
    relay other than the publishing outlet and the article's own first person ("we"); else its article, a copy
    counting as the article it copies (`_origins` folds an article's unnamed origins into one). Names say who and in
    which organisation's publication: "Sabrina Singh (U.S. Department of Defense)", "U.S. Department of State,
    2024-03-28"."""
    r = item["row"]
    outlet = _fold(r.outlet)
    org = _organisation(item)
    if r.speaker_canonical is not None and _fold(r.speaker_name) not in (outlet, _fold(org)) \
            and not _first_person(r.speaker_name):
        return f"entity:{r.speaker_canonical}", f"{r.speaker_name} ({org})"
    for hop in reversed(item["via"]):
        # the outlet relaying, or the article's own voice ("I am tracking reports that ..."): the article itself
        if _fold(hop["text"]) in (outlet, _fold(org)) or (hop["canonical"]
                                                           and _fold(hop["canonical"]["name"]) == outlet) \
                or _first_person(hop["text"]) or (hop["canonical"] and _first_person(hop["canonical"]["name"])):
            continue
        if hop["canonical"]:
            return f"entity:{hop['canonical']['id']}", f"{hop['canonical']['name']} ({org})"
        return f"relay:{_fold(hop['text'])}", f"{hop['text']} ({org})"
    when = r.published or "undated"
    who = f"{r.speaker_text}, " if r.speaker_text and not _first_person(r.speaker_text) else ""
    return f"document:{item['original']}", f"{who}{org}, {when}"


def _origins(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(key, name) of each claim's independent origin (`origin_of`), the claims in story order; where one article
    (its copies folded into it) gives claims of no named origin (an unresolved speaker, an unnamed relay, the
    article's own narration), all of them come down to the first one's: a single report is one origin unless
    it names distinct speakers or relays."""
    out = []
    unnamed: dict[str, tuple[str, str]] = {}
    for item in items:
        key, name = origin_of(item)
        out.append((key, name) if key.startswith("entity:") else unnamed.setdefault(item["original"], (key, name)))
    return out


def _order(item: dict[str, Any]) -> tuple[Any, ...]:
    r = item["row"]
    return (r.published or "9999", r.doc_pk, r.claim_pk)


LABEL_WORDS = (6, 40)
"""The length (in words) of a story's clearest label: shorter says too little, longer runs on."""


def _clarity(item: dict[str, Any]) -> tuple[Any, ...]:
    """How well a claim states its story's proposition, best first when sorted: a full clause with a named
    subject, of a readable length, affirming the story, earliest."""
    words = len((item["row"].content_text or "").split())
    low, high = LABEL_WORDS
    length = 0 if low <= words <= high else (low - words if words < low else (words - high) / 4)
    return (-item["clause"], length, *_order(item))


def _label(items: list[dict[str, Any]], affirmed: list[dict[str, Any]]) -> dict[str, Any]:
    """The claim whose words the story goes by: the clearest affirming full claim (the clearest of any where
    none affirms)."""
    return min(affirmed or items, key=_clarity)


def _source_tally(tally: dict[int, dict[str, Any]], item: dict[str, Any], relation: str, key: str) -> None:
    src = item["source"]
    if src is None:
        return
    entry = tally.setdefault(src["id"], {"id": src["id"], "name": src["name"],
                                         "grade": src["reliability"] or grades.UNGRADED,
                                         "graded_by": src["graded_by"], "supports": 0, "disputes": 0,
                                         "_origins": set()})
    if relation == "disputes":
        entry["disputes"] += 1
    else:
        entry["supports"] += 1
        entry["_origins"].add(key)


def _story_sources(tally: dict[int, dict[str, Any]], support: dict[str, str],
                   dispute: dict[str, str]) -> list[dict[str, Any]]:
    """The sources a story rests on, each with how its claims stand: supporting or disputing, corroborated by an
    independent origin of another source or not, disputed or not."""
    out = []
    for entry in tally.values():
        own = entry.pop("_origins")
        entry["corroborated"] = bool(entry["supports"]) and bool(set(support) - own)
        entry["disputed"] = bool(entry["supports"]) and bool(dispute)
        out.append(entry)
    return sorted(out, key=lambda x: (-x["supports"], x["name"]))


def summarise(story_id: int, items: list[dict[str, Any]], *, detail: bool = True) -> dict[str, Any]:
    """One story as the CLI and the API show it: proposition, reports, origins, disputes, grade, hedges."""
    items = sorted(items, key=_order)
    affirmed = [i for i in items if polarity(i["prop"], i["row"].stance)]
    full = [i for i in items if i["clause"] != NO_PREDICATE]
    label = _label(full or items, [i for i in affirmed if i["clause"] != NO_PREDICATE])
    reference = label if label in affirmed else (affirmed or items)[0]
    # a story told only in the negative ("troops have not been seen at the front"), with no denial in it,
    # is a negative proposition that its reports support, not one that nobody asserts
    negative_story = not affirmed and not any(i["row"].stance == "disputed" or i["prop"].denial for i in items)
    support: dict[str, str] = {}
    dispute: dict[str, str] = {}
    best: dict[str, Any] | None = None
    tally: dict[int, dict[str, Any]] = {}
    reports = []
    for item, (key, name) in zip(items, _origins(items), strict=True):
        r, p = item["row"], item["prop"]
        if not polarity(p, r.stance) and not negative_story:
            relation, why = "disputes", "denies it" if r.stance == "disputed" or p.denial else "negates it"
        elif item is not reference and conflicting_counts(p, reference["prop"]):
            a, b = conflicting_counts(p, reference["prop"])  # type: ignore[misc]
            relation, why = "disputes", f"gives {_count(a)} against {_count(b)}"
        elif key in support:
            relation, why = "repeats", f"the same origin as an earlier report ({name})"
        else:
            relation = "supports"
            why = f"states it, hedged ({', '.join(item['hedges'])})" if item["hedges"] else "states it"
        _source_tally(tally, item, relation, key)
        graded = item["graded_source"]
        if relation == "disputes":
            dispute.setdefault(key, name)
        else:
            support.setdefault(key, name)
            if graded is not None and (best is None or graded["reliability"] < best["reliability"]):
                best = graded
        if detail:
            reports.append({
                "document": {"id": r.document_id, "outlet": r.outlet, "title": r.title, "published": r.published,
                             "url": r.url},
                "claim": r.claim_id,
                "speaker": {"text": r.speaker_text, "canonical": {"id": r.speaker_canonical, "name": r.speaker_name}
                            if r.speaker_canonical is not None else None} if r.speaker_text is not None else None,
                "chain": [h["text"] for h in item["via"]] + ([r.speaker_text] if r.speaker_text else []),
                "content": r.content_text, "quote": bool(r.quote), "full": item["clause"] != NO_PREDICATE,
                "hedges": item["hedges"], "probability": r.probability_term, "stance": r.stance,
                "date_said": r.date_said,
                "source": (item["source"] or {}).get("name"),
                "source_grade": (graded or {}).get("reliability") or grades.UNGRADED,
                "graded_source": (graded or {}).get("name"),
                "relation": relation, "why": why, "origin": name,
                "rule": r.rule,
            })
    # an origin that both supports and disputes (a speaker quoted both ways) counts as disputing only
    for key in dispute:
        support.pop(key, None)
    documents = {i["row"].document_id for i in items}
    dates = sorted(i["row"].published for i in items if i["row"].published)
    hedged = sorted({f"{i['row'].outlet}: {', '.join(i['hedges'])}" for i in items
                     if i["hedges"] and polarity(i["prop"], i["row"].stance)})
    flat = sorted({i["row"].outlet or "?" for i in items if not i["hedges"] and polarity(i["prop"], i["row"].stance)})
    best_grade = best["reliability"] if best else grades.UNGRADED
    out: dict[str, Any] = {
        "id": story_id,
        "proposition": label["row"].content_text,
        "full": bool(full),
        "reports": len(documents),
        "claims": len(items),
        "independent_origins": len(support),
        "origins": sorted(support.values()),
        "disputed": bool(dispute),
        "disputing_origins": sorted(dispute.values()),
        "best_source": best_grade,
        "best_source_name": best["name"] if best else None,
        "grade": grades.credibility(len(support), len(dispute), best_grade if support else None,
                                    source=best["name"] if best else None,
                                    graded_by=best["graded_by"] if best else None),
        "sources": _story_sources(tally, support, dispute),
        "first_published": dates[0] if dates else None,
        "last_published": dates[-1] if dates else None,
        "hedged_by": hedged,
        "stated_flat_by": flat if hedged else [],
        "_entities": {x[4:] for i in items for x in i["prop"].terms if x.startswith("ent:")}
        | {str(i["row"].speaker_canonical) for i in items if i["row"].speaker_canonical is not None},
    }
    if detail:
        out["items"] = reports
    return out


def _count(c: Count) -> str:
    n = f"{c.low:,.0f}" if c.low == c.high else f"{c.low:,.0f}–{c.high:,.0f}"
    return f"{n} {c.unit}" if c.unit else n


def stories(conn: Connection, *, about: str | None = None, disputed: bool = False, since: str | None = None,
            min_reports: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
    """Stories across the corpus, the most widely reported first.

    Args:
        about: only stories whose claims name this entity (any spelling), as speaker or in the content.
        disputed: only stories that some report disputes.
        since: only stories reported on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
        min_reports: only stories told by at least this many articles.
    """
    since = check_bound(since, "--since") if since else None
    if min_reports < 1:
        raise InputError(f"--min-reports {min_reports}: give a number of at least 1")
    wanted: set[str] | None = None
    if about is not None and about.strip():
        wanted = {str(i) for i in canonical_ids_named(conn, about)}
    out = []
    for story_id, items in _load(conn).items():
        s = summarise(story_id, items, detail=False)
        if wanted is not None and not (s["_entities"] & wanted) and \
                not any(about.casefold() in (i["row"].content_text or "").casefold() for i in items):  # type: ignore[union-attr]
            continue
        if disputed and not s["disputed"]:
            continue
        if since and not (s["last_published"] and s["last_published"] >= since):
            continue
        if s["reports"] < min_reports or not s["full"]:
            continue  # a story of noun phrases alone (stored before they started none) states no proposition
        s.pop("_entities")
        out.append(s)
    out.sort(key=lambda s: (-s["reports"], -s["independent_origins"], -s["claims"], s["id"]))
    return out[:limit] if limit else out


def story(conn: Connection, story_id: int | str) -> dict[str, Any]:
    """One story with every report: outlet, chain, hedges, stance, date, source grade, relation and why."""
    sid = story_id if isinstance(story_id, int) else record_id(story_id.strip().lstrip("#s"))
    if sid is None or not 1 <= sid <= MAX_ID:
        raise InputError(f"story '{story_id}': no such story; give the number that `claimgraph stories` shows")
    items = _load(conn, [sid]).get(sid)
    if not items:
        raise InputError(f"story {story_id}: no such story in the store (`claimgraph stories` lists them)")
    s = summarise(sid, items)
    s.pop("_entities")
    return s


# --- grades without reading every story again ----------------------------------------------------

_graded_lock = threading.Lock()
_graded: dict[tuple[str, int], tuple[tuple[Any, ...], dict[str, Any]]] = {}
"""(store, story id) -> (the signature it was summarised at, its summary): a story is summarised again only
when its claims, its sources' grades or the entities' merges change."""


_every: dict[str, tuple[tuple[Any, ...], dict[int, tuple[Any, ...]]]] = {}
"""store -> (its stamp, every story's signature) when every story was last graded."""


def _all_signatures(conn: Connection, where: str) -> dict[int, tuple[Any, ...]]:
    """Every story's signature: where the store only grew since the last time (claims placed, no source graded,
    no entities merged, no story gone), only the stories new claims joined are read again."""
    now_stamp = store_stories.stamp(conn)
    with _graded_lock:
        before = _every.get(where)
    grew = before is not None and before[0][3:] == now_stamp[3:] and before[0][0] <= now_stamp[0]
    if before is not None and grew:
        found = dict(before[1])
        found.update(store_stories.signatures(conn, store_stories.touched_since(conn, before[0][2])))
        if len(found) != now_stamp[0]:  # a story went (stories merged): read them all
            found = store_stories.signatures(conn)
    else:
        found = store_stories.signatures(conn)
    with _graded_lock:
        _every[where] = (now_stamp, found)
    return found


def graded_before(conn: Connection) -> bool:
    """Whether every story of this store has been summarised in this process (so doing it again reads only the
    stories that changed since)."""
    with _graded_lock:
        return str(conn.engine.url) in _every


def summaries(conn: Connection, story_ids: Sequence[int] | None = None) -> dict[int, dict[str, Any]]:
    """Summaries (`summarise(detail=False)`) of these stories, or of all; each worked out again only where the
    story changed since (new claims, a source graded, entities merged or split)."""
    where = str(conn.engine.url)
    merged = (store_stories.merge_version(conn), store_sources.grade_version(conn))
    signatures = _all_signatures(conn, where) if story_ids is None else store_stories.signatures(conn, story_ids)
    out: dict[int, dict[str, Any]] = {}
    stale: list[int] = []
    with _graded_lock:
        for sid, sig in signatures.items():
            kept = _graded.get((where, sid))
            if kept is not None and kept[0] == (*sig, merged):
                out[sid] = kept[1]
            else:
                stale.append(sid)
    for i in range(0, len(stale), 2000):
        chunk = stale[i:i + 2000]
        loaded = _load(conn, chunk)
        fresh = {}
        for sid, items in loaded.items():
            s = summarise(sid, items, detail=False)
            s.pop("_entities", None)
            fresh[sid] = s
        with _graded_lock:
            for sid, s in fresh.items():
                _graded[(where, sid)] = ((*signatures[sid], merged), s)
        out.update(fresh)
    return out


def grades_by_story(conn: Connection) -> dict[int, int]:
    """story id -> its credibility grade 1–6, for every story."""
    return {sid: int(s["grade"]["code"]) for sid, s in summaries(conn).items() if s.get("grade")}


def stories_with_grade(conn: Connection, grade: int) -> list[int]:
    """Ids of the stories whose credibility grade is `grade` (a `store.filters.Grader`)."""
    return sorted(sid for sid, g in grades_by_story(conn).items() if g == grade)
