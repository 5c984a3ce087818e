"""Documents: the list with its filters, one document with its entities and claims, and copies to their original."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Connection, and_, func, or_, select

from claimgraph.errors import InputError
from claimgraph.store import schema as t
from claimgraph.store.claims import claims as claim_list
from claimgraph.store.filters import UNDATED, ClaimFilter, Paging, check_bound, first_day, last_day
from claimgraph.store.matching import contains, documents_holding, escape_like

COPIES = ("include", "exclude", "only")


@dataclass(frozen=True)
class DocumentFilter:
    """What the documents list is asked for; every field is optional."""

    search: str | None = None
    """Words the title or text holds (full-text search)."""
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    undated: Literal["include", "exclude", "only"] | None = None
    """Whether articles without a date stay in when `since` or `until` is set (default: left out), are left out
    always (`exclude`), or are listed alone (`only`)."""
    copies: Literal["include", "exclude", "only"] = "include"
    """Copies of a stored article (the same wire story elsewhere): listed and marked, left out, or alone."""

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                check_bound(value, name)
        if self.copies not in COPIES:
            raise InputError(f"copies '{self.copies}' is not one of {', '.join(COPIES)}")
        if self.undated is not None and self.undated not in UNDATED:
            raise InputError(f"undated '{self.undated}' is not one of {', '.join(UNDATED)}")


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
    return str(hit) if hit is not None else None


def _conditions(conn: Connection, f: DocumentFilter) -> list[ColumnElement[bool]]:
    d, dc = t.documents, t.document_copies
    out: list[ColumnElement[bool]] = []
    if f.search and f.search.strip():
        out.append(d.c.pk.in_(documents_holding(conn, f.search.strip())))
    if f.outlet:
        out.append(contains(d.c.outlet, f.outlet))
    dated: list[ColumnElement[bool]] = []
    if f.since:
        dated.append(d.c.published >= first_day(f.since))
    if f.until:
        dated.append(d.c.published <= last_day(f.until) + "~")
    if dated and f.undated == "include":
        out.append(or_(and_(*dated), d.c.published.is_(None)))
    else:
        out += dated
    if f.undated == "exclude":
        out.append(d.c.published.is_not(None))
    if f.undated == "only":
        out.append(d.c.published.is_(None))
    if f.copies != "include":
        is_copy = d.c.id.in_(select(dc.c.document_id))
        out.append(is_copy if f.copies == "only" else ~is_copy)
    return out


def documents(conn: Connection, f: DocumentFilter | None = None, *, limit: int | None = None,
              offset: int = 0) -> list[dict[str, Any]]:
    """Stored documents, newest first, with how many claims, entities and copies each has, and the article
    each copies (`copy_of`)."""
    d, c, dc = t.documents, t.claims, t.document_copies
    n_claims = select(func.count()).where(c.c.document_id == d.c.id).scalar_subquery()
    n_entities = select(func.count()).where(t.entities.c.document_id == d.c.id).scalar_subquery()
    n_copies = select(func.count()).where(dc.c.original_id == d.c.id).scalar_subquery()
    copy_of = select(dc.c.original_id).where(dc.c.document_id == d.c.id).limit(1).scalar_subquery()
    q = select(d.c.id, d.c.title, d.c.outlet, d.c.published, d.c.url, n_claims.label("claims"),
               n_entities.label("entities"), n_copies.label("copies"), copy_of.label("copy_of"))
    for cond in _conditions(conn, f or DocumentFilter()):
        q = q.where(cond)
    newest = d.c.published.desc() if conn.dialect.name == "sqlite" else d.c.published.desc().nulls_last()
    q = q.order_by(newest, d.c.pk.desc())
    if limit:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    return [dict(r) for r in conn.execute(q).mappings()]


def count(conn: Connection, f: DocumentFilter | None = None) -> int:
    """How many documents the filter keeps."""
    q = select(func.count()).select_from(t.documents)
    for cond in _conditions(conn, f or DocumentFilter()):
        q = q.where(cond)
    return int(conn.execute(q).scalar_one())


def page(conn: Connection, f: DocumentFilter, paging: Paging) -> dict[str, Any]:
    """One page of the documents list: its rows, the total and the page count."""
    total = count(conn, f)
    return {"documents": documents(conn, f, limit=paging.per_page, offset=paging.offset), "total": total,
            "page": paging.page, "pages": paging.pages(total), "per_page": paging.per_page,
            "filters": {k: v for k, v in vars(f).items() if v is not None and not (k == "copies" and v == "include")}}


def show_document(conn: Connection, document_id: str) -> dict[str, Any]:
    """One document: metadata, text, copies, entities (with their canonical entity) and claims."""
    d, e, ce, dc = t.documents, t.entities, t.canonical_entities, t.document_copies
    doc = conn.execute(select(d).where(d.c.id == document_id)).mappings().one()
    copy_of = [{"id": r.original_id, "similarity": r.similarity}
               for r in conn.execute(select(dc).where(dc.c.document_id == document_id))]
    copies = [{"id": r.document_id, "similarity": r.similarity}
              for r in conn.execute(select(dc).where(dc.c.original_id == document_id))]
    counts: dict[str, int] = dict(conn.execute(select(t.mentions.c.entity_id, func.count())
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
            "claims": claim_list(conn, ClaimFilter(document=document_id, sort="date")), "events": n_events}
