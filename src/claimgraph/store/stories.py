"""The story tables (claims grouped by proposition across documents) and the questions the store answers of them.

Corroboration (`claimgraph.corpus.corroborate`) fills these tables and works out each story's
grade; what is plain SQL over them (which story a claim is in, which stories a list should show,
what changed in a story since it was graded) lives here.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    case,
    func,
    literal_column,
    select,
)

from claimgraph.store import schema as t

stories_table = Table(
    "stories", t.metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", String(32), nullable=False),
)

story_claims = Table(
    "story_claims", t.metadata,
    Column("claim_pk", Integer, ForeignKey("claims.pk", ondelete="CASCADE"), primary_key=True),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("similarity", Float, doc="similarity to the closest claim already in the story; NULL for its first"),
    Column("rule", Text, nullable=False, doc="why the claim is in this story"),
    Column("terms", Text, nullable=False, doc="the proposition's terms, space-separated"),
    Column("counts", Text, nullable=False, doc="JSON list of [low, high, unit]"),
    Column("negated", Boolean, nullable=False),
    Column("denial", Boolean, nullable=False),
    Column("agent", Text),
    Column("clause", Integer, doc="how full the content is: 0 no predicate of its own, 1 a predicate whose subject is "
                                  "a pronoun, 2 a predicate with a named subject (corpus.propositions.clauses); "
                                  "NULL before 0011"),
)

claims_without_story = Table(
    "claims_without_story", t.metadata,
    Column("claim_pk", Integer, ForeignKey("claims.pk", ondelete="CASCADE"), primary_key=True),
    Column("reason", Text, nullable=False, doc="why the claim starts no story ('no predicate: a noun phrase')"),
)

story_terms = Table(
    "story_terms", t.metadata,
    Column("term", String(200), primary_key=True),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
)

term_counts = Table(
    "term_counts", t.metadata,
    Column("term", String(200), primary_key=True),
    Column("claims", Integer, nullable=False, doc="how many stored claims hold the term; '' counts all claims"),
)

ORDERS = ("newest", "disputed", "single")
CANDIDATES = 100
"""Stories picked by SQL alone to fill a list before their summaries are worked out."""
_CHUNK = 400
GRADE_LETTERS = ("A", "B", "C", "D", "E")


def available(conn: Connection) -> bool:
    """Whether this store holds stories."""
    return conn.execute(select(story_claims.c.claim_pk).limit(1)).first() is not None


def story_of_claims(conn: Connection, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(document id, claim id) -> the id of the story the claim is in."""
    c, sc = t.claims, story_claims
    out: dict[tuple[str, str], int] = {}
    wanted = sorted(set(keys))
    key = c.c.document_id + literal_column("'/'") + c.c.id
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i:i + _CHUNK]
        # the documents' claims by index; of them, only the pairs asked for leave the database
        q = select(c.c.document_id, c.c.id, sc.c.story_id).join(sc, sc.c.claim_pk == c.c.pk) \
            .where(c.c.document_id.in_(sorted({d for d, _ in chunk})), key.in_([f"{d}/{k}" for d, k in chunk]))
        for r in conn.execute(q):
            out[(r.document_id, r.id)] = int(r.story_id)
    return out


def candidates(conn: Connection, order: str, n: int = CANDIDATES) -> list[int]:
    """Story ids worth summarising for a list (`newest`, `disputed` or `single`), found by SQL alone."""
    c, d, sc = t.claims, t.documents, story_claims
    if order == "newest":
        q = select(sc.c.story_id, func.max(d.c.published).label("p")).select_from(
            sc.join(c, c.c.pk == sc.c.claim_pk).join(d, d.c.id == c.c.document_id)) \
            .where(d.c.pk.in_(select(d.c.pk).order_by(d.c.published.desc(), d.c.pk.desc()).limit(n))) \
            .group_by(sc.c.story_id).order_by(func.max(d.c.published).desc())
    elif order == "disputed":
        q = select(sc.c.story_id).select_from(sc.join(c, c.c.pk == sc.c.claim_pk)) \
            .where((c.c.stance == "disputed") | sc.c.denial | sc.c.negated) \
            .group_by(sc.c.story_id).order_by(func.count().desc())
    else:
        q = select(sc.c.story_id).select_from(sc.join(c, c.c.pk == sc.c.claim_pk)) \
            .group_by(sc.c.story_id).order_by(func.count(func.distinct(c.c.document_id)).desc())
    return [int(r[0]) for r in conn.execute(q.limit(n))]


def signatures(conn: Connection, story_ids: Sequence[int] | None = None) -> dict[int, tuple[Any, ...]]:
    """story id -> what its grade depends on (its claims, and how many of its reports each reliability grade
    holds), so that only stories whose signature changed are graded again. One grouping query."""
    c, d, s, sc = t.claims, t.documents, t.sources, story_claims
    per_grade = [func.sum(case((s.c.reliability == g, 1), else_=0)) for g in GRADE_LETTERS]
    q = select(sc.c.story_id, func.count(), func.max(sc.c.claim_pk), *per_grade) \
        .select_from(sc.join(c, c.c.pk == sc.c.claim_pk).join(d, d.c.id == c.c.document_id)
                     .outerjoin(s, s.c.id == d.c.source_id)).group_by(sc.c.story_id)
    if story_ids is not None:
        q = q.where(sc.c.story_id.in_(list(story_ids)))
    return {int(r[0]): tuple(r[1:]) for r in conn.execute(q)}


def stamp(conn: Connection) -> tuple[Any, ...]:
    """What tells a store that only grew (new claims placed in stories) from one that changed otherwise: how
    many stories, the last claim placed, the sources' grades, the last merge or split of entities."""
    from claimgraph.store.sources import grade_version

    count, last = conn.execute(select(func.count(), func.max(stories_table.c.id))).one()
    placed = conn.execute(select(func.max(story_claims.c.claim_pk))).scalar()
    return int(count), last, placed, grade_version(conn), merge_version(conn)


def touched_since(conn: Connection, claim_pk: int | None) -> list[int]:
    """The stories that claims placed after this one (by `claims.pk`) joined."""
    q = select(story_claims.c.story_id).distinct()
    if claim_pk is not None:
        q = q.where(story_claims.c.claim_pk > claim_pk)
    return [int(r[0]) for r in conn.execute(q)]


def merge_version(conn: Connection) -> Any:
    """The last merge or split of entities: a story's origins (its speakers' entities) change with it."""
    log = t.resolution_log
    return conn.execute(select(func.max(log.c.id)).where(log.c.action.in_(("merge", "split")))).scalar()


def claim_pks_in(story_ids: Sequence[int]) -> Any:
    """A subquery of the claims (`claims.pk`) in these stories."""
    return select(story_claims.c.claim_pk).where(story_claims.c.story_id.in_(list(story_ids) or [-1]))
