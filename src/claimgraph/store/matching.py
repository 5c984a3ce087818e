"""Matching words and names in the store: whole-word LIKE, full-text search, and names to canonical entities.

Every matcher here is case-free and reads the user's words as words, never as SQL or query syntax.
Names match the canonical (cross-document) entity, so every spelling the resolver joined answers
to any one of them.
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Select,
    String,
    and_,
    literal,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.ext.compiler import compiles

from claimgraph.store import schema as t
from claimgraph.store.canonical import name_key
from claimgraph.store.ids import record_id

_WORD = re.compile(r"\w+")


class CaseFreeLike(ColumnElement[bool]):
    """`value LIKE pattern` ignoring case: ILIKE on PostgreSQL, plain LIKE on SQLite (already case-free there,
    and without the lower() calls that SQLAlchemy's ilike would add on every row)."""

    inherit_cache = True
    type = Boolean()

    def __init__(self, value: Any, pattern: str) -> None:
        self.value = value
        self.pattern = literal(pattern, String)


@compiles(CaseFreeLike)
def _like_default(element: CaseFreeLike, compiler: Any, **kw: Any) -> str:
    return (f"{compiler.process(element.value, **kw)} LIKE {compiler.process(element.pattern, **kw)} "
            "ESCAPE '\\'")


@compiles(CaseFreeLike, "postgresql")
def _like_postgresql(element: CaseFreeLike, compiler: Any, **kw: Any) -> str:
    return (f"{compiler.process(element.value, **kw)} ILIKE {compiler.process(element.pattern, **kw)} "
            "ESCAPE '\\'")


def escape_like(value: str) -> str:
    """A value made literal inside a LIKE pattern (with ESCAPE '\\')."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column: Any, words: str) -> ColumnElement[bool]:
    """The column holds these characters anywhere, any case."""
    return CaseFreeLike(column, f"%{escape_like(words)}%")


def word_match(column: Any, query: str) -> ColumnElement[bool]:
    """The column holds the query as whole words, any case: 'Matsegora' finds 'Alexander Matsegora'."""
    q = " ".join(query.split())
    # One LIKE on the value padded with spaces covers equal, first, last and middle words alike.
    padded = literal(" ", String) + column + literal(" ", String)
    # the plain substring test first: cheap, and it rules out almost every row before the padded one runs
    return and_(CaseFreeLike(column, f"%{escape_like(q)}%"), CaseFreeLike(padded, f"% {escape_like(q)} %"))


def folded_keys(query: str) -> list[str]:
    """The keys a name is stored under: the store's name key and, where installed, the resolver's folding."""
    keys = {name_key(query)}
    try:  # the resolver's folding (transliteration, titles) where it is installed
        from claimgraph.nlp.variants import fold
    except ImportError:
        pass
    else:
        keys.add(fold(query))
    return sorted(k for k in keys if k)


def canonical_ids_named(conn: Connection, name: str, after: int | None = None) -> list[int]:
    """Ids of the canonical entities that any of their spellings or aliases name with these words (among the
    documents stored after `after` and the entities they link to, where given: see `store.growth`)."""
    if not name.strip():
        return []
    e, a, ce = t.entities, t.aliases, t.canonical_entities
    names = [word_match(ce.c.name, name)] + [word_match(ce.c.key, k) for k in folded_keys(name)]
    # (name, canonical_id) is what the covering index ix_entities_name holds: the scan never reads the table
    spelled = select(e.c.name, e.c.canonical_id).distinct().where(word_match(e.c.name, name))
    aliased = select(e.c.canonical_id).select_from(
        a.join(e, and_(a.c.document_id == e.c.document_id, a.c.entity_id == e.c.id))).where(word_match(a.c.alias, name))
    keyed = select(ce.c.id).where(or_(*names))
    if after is not None:
        new = select(t.documents.c.id).where(t.documents.c.pk > after)
        spelled, aliased = spelled.where(e.c.document_id.in_(new)), aliased.where(e.c.document_id.in_(new))
        keyed = keyed.where(ce.c.id.in_(select(e.c.canonical_id).where(e.c.document_id.in_(new))))
    found = {cid for _, cid in conn.execute(spelled)}
    found |= set(conn.execute(aliased).scalars())
    found |= set(conn.execute(keyed).scalars())
    return sorted(int(i) for i in found if i is not None)


def entity_ids(conn: Connection, ref: str) -> list[int]:
    """The canonical entities an id ('42') or a name stands for."""
    ref = ref.strip()
    if ref.isdigit():
        cid = record_id(ref)
        ce = t.canonical_entities
        found = conn.execute(select(ce.c.id).where(ce.c.id == cid)).scalar() if cid is not None else None
        return [int(found)] if found is not None else []
    return canonical_ids_named(conn, ref)


def _fts_query(tokens: list[str]) -> str:
    # Every token quoted: FTS5 then reads the user's words as words, never as query syntax.
    return " ".join('"' + tok.replace('"', '""') + '"' for tok in tokens)


def claims_holding(conn: Connection, words: str) -> Select[Any]:
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
    return select(literal_column("rowid")).select_from(text("claims_fts")) \
        .where(text("claims_fts MATCH :cg_search").bindparams(cg_search=_fts_query(tokens)))


def documents_holding(conn: Connection, words: str) -> Select[Any]:
    """Primary keys of the documents whose title or text holds all these words (full-text index)."""
    d = t.documents
    tokens = _WORD.findall(words)
    if not tokens:
        return select(d.c.pk).where(d.c.text.like(f"%{escape_like(words)}%", escape="\\"))
    if conn.dialect.name == "postgresql":
        return select(d.c.pk).where(
            text("to_tsvector('english', coalesce(documents.title, '') || ' ' || documents.text) "
                 "@@ plainto_tsquery('english', :cg_doc_search)").bindparams(cg_doc_search=" ".join(tokens)))
    return select(literal_column("rowid")).select_from(text("documents_fts")) \
        .where(text("documents_fts MATCH :cg_doc_search").bindparams(cg_doc_search=_fts_query(tokens)))
