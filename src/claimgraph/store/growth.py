"""Whether a store only grew: new documents (with their entities linked, claims placed in stories) and nothing
else changed (no entity merged, split or linked again in an older document, no source graded, no document
gone). Corpus-wide counts that only add up per document can then be brought up to date from the new documents
alone, instead of being counted again over the whole store."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from claimgraph.store import schema as t


@dataclass(frozen=True)
class Stamp:
    """Where a store stood: how many documents, the last one stored, the last resolution decision, the last grade an
    analyst gave a source."""

    documents: int
    last_document: int | None
    last_decision: int | None
    graded: tuple[Any, ...]


def stamp(conn: Connection) -> Stamp:
    """The store's stamp now."""
    from claimgraph.store.sources import grade_version

    d, log = t.documents, t.resolution_log
    count, last = conn.execute(select(func.count(), func.max(d.c.pk))).one()
    decision = conn.execute(select(func.max(log.c.id))).scalar()
    return Stamp(int(count), last, decision, (grade_version(conn),))


def only_grew(conn: Connection, before: Stamp, now: Stamp) -> bool:
    """Whether everything between two stamps was new documents: every document then is still there, and every
    resolution decision since concerns a new document (linking its entities)."""
    if before.graded != now.graded:
        return False
    d, log = t.documents, t.resolution_log
    after = before.last_document if before.last_document is not None else -1
    added = int(conn.execute(select(func.count()).where(d.c.pk > after)).scalar_one())
    if now.documents - added != before.documents:
        return False
    if before.last_decision == now.last_decision:
        return True
    new_docs = select(d.c.id).where(d.c.pk > after)
    since = before.last_decision if before.last_decision is not None else -1
    other = conn.execute(select(log.c.id).where(log.c.id > since, (log.c.document_id.is_(None))
                                                | log.c.document_id.not_in(new_docs)).limit(1)).first()
    return other is None


def new_documents(after: int | None) -> Any:
    """A subquery of the ids of the documents stored after this one (by `documents.pk`; all where None)."""
    d = t.documents
    return select(d.c.id).where(d.c.pk > (after if after is not None else -1))
