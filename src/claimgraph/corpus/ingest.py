"""Ingest: read articles, analyse them in parallel, and store each one in its own transaction.

    inputs ──expand──▶ items ──(skip stored)──▶ worker processes: analyze + MinHash
                                                        │ results in input order
                                      one writer: save records, link copies, resolve entities, commit

Workers only compute; the calling process alone writes, in input order, so the store is the same
whatever the number of workers. Each document is one transaction: a kill leaves no half-stored
document, and running the same ingest again skips what is stored and finishes the rest.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from claimgraph.analyze import analyze_document
from claimgraph.corpus import corroborate, dedup
from claimgraph.corpus.fetch import FetchOptions
from claimgraph.corpus.inputs import Item, expand
from claimgraph.errors import ClaimgraphError
from claimgraph.records import Analysis, Document, text_id
from claimgraph.store import Store, save_analysis
from claimgraph.store import schema as t
from claimgraph.store.canonical import link_by_exact_name

STATUSES = ("new", "copy", "duplicate", "failed")
"""new: stored; copy: stored and linked to the document it copies; duplicate: already stored; failed."""

CHUNK = 4
"""Documents per task sent to a worker: small, so progress moves and the load stays even."""


@dataclass(frozen=True)
class Outcome:
    """What became of one input article."""

    name: str
    status: str
    document_id: str | None = None
    reason: str | None = None
    copy_of: str | None = None
    similarity: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass
class IngestReport:
    """Every outcome of one ingest, in input order."""

    outcomes: list[Outcome] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many inputs ended in each status."""
        return {s: sum(1 for o in self.outcomes if o.status == s) for s in STATUSES}

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def to_json(self) -> dict[str, Any]:
        return {"counts": self.counts(), "outcomes": [o.to_json() for o in self.outcomes]}


Progress = Callable[[Outcome, int, int], None]
"""Called after each input with its outcome, how many are done, and how many there are."""


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def resolve_entities(conn: Connection, document_id: str) -> None:
    """Link a newly stored document's entities to canonical entities (the resolver, or same-name linking)."""
    try:
        from claimgraph.corpus.resolve import resolve_document
    except ImportError as e:
        if e.name != "claimgraph.corpus.resolve":
            raise
        link_by_exact_name(conn, document_id)
    else:
        resolve_document(conn, document_id)


def store_analysis(conn: Connection, analysis: Analysis, sig: bytes | None = None,
                   origin: str | None = None) -> Outcome:
    """Store one analysis (in the caller's transaction): records, signature, copy link, entity links."""
    doc = analysis.document
    name = origin or doc.url or doc.id
    if not save_analysis(conn, analysis, origin=origin):
        return Outcome(name, "duplicate", doc.id)
    found = dedup.link_copy(conn, doc.id, doc.text, sig if sig is not None else dedup.signature(doc.text))
    resolve_entities(conn, doc.id)
    corroborate.assign_document(conn, doc.id)  # stories: this document's claims join or start them
    if found:
        return Outcome(name, "copy", doc.id, copy_of=found.original_id, similarity=found.similarity)
    return Outcome(name, "new", doc.id)


Result = tuple[Analysis | None, bytes | None, str | None]

_worker_nlp: Any = None


def _init_worker() -> None:
    global _worker_nlp
    from claimgraph.nlp import pipeline

    _worker_nlp = pipeline.get()


def _analyse(document: Document, nlp: Any) -> Result:
    try:
        return analyze_document(document, nlp), dedup.signature(document.text), None
    except ClaimgraphError as e:
        return None, None, str(e)
    except Exception as e:  # noqa: BLE001 - one article that breaks the analysis must not stop the others
        return None, None, f"analysis failed ({type(e).__name__}: {e})"


def _analyse_chunk(documents: list[Document]) -> list[Result]:
    return [_analyse(d, _worker_nlp) for d in documents]


def analysed(documents: Sequence[Document], workers: int) -> Iterator[Result]:
    """(analysis, signature, error) for each document, in order, from `workers` processes."""
    if workers <= 1 or len(documents) <= CHUNK:
        from claimgraph.nlp import pipeline

        nlp = pipeline.get()
        for d in documents:
            yield _analyse(d, nlp)
        return
    chunks = iter([list(documents[i:i + CHUNK]) for i in range(0, len(documents), CHUNK)])
    # spawn, not fork: the parent may run threads (the progress bar), which fork does not survive
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker) as pool:
        pending: deque[Future[list[Result]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_analyse_chunk, chunk))
            if len(pending) >= 3 * workers:
                break
        while pending:
            try:
                results = pending.popleft().result()
            except BrokenProcessPool:
                raise ClaimgraphError("an analysis worker died (out of memory?); the articles stored so far are "
                                      "kept: run the same ingest again to finish, perhaps with fewer --workers") \
                    from None
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append(pool.submit(_analyse_chunk, nxt))
            yield from results


def _stored_ids(store: Store, documents: Sequence[Document]) -> set[str]:
    """Which of these documents (by id or normalised text) the store already holds."""
    ids = {d.id for d in documents} | {text_id(d.text) for d in documents}
    found: set[str] = set()
    keys = sorted(ids)
    with store.begin() as conn:
        for i in range(0, len(keys), 400):
            chunk = keys[i:i + 400]
            for doc_id, content_hash in conn.execute(
                    select(t.documents.c.id, t.documents.c.content_hash)
                    .where(t.documents.c.id.in_(chunk) | t.documents.c.content_hash.in_(chunk))):
                found |= {doc_id, content_hash}
    return found


def ingest(store: Store, inputs: Iterable[str | os.PathLike[str]], *, workers: int | None = None,
           fetch: FetchOptions = FetchOptions(), progress: Progress | None = None) -> IngestReport:
    """Read, analyse and store every article in the inputs; one transaction per document."""
    items: list[Item] = list(expand(inputs, fetch))
    total = len(items)
    report = IngestReport()
    slots: list[Outcome | None] = [None] * total
    stored = _stored_ids(store, [i.document for i in items if i.document is not None])
    seen: set[str] = set()
    todo: list[tuple[int, Item]] = []
    for index, item in enumerate(items):
        if item.document is None:
            slots[index] = Outcome(item.name, "failed", reason=item.error)
            continue
        doc = item.document
        keys = {doc.id, text_id(doc.text)}
        if keys & (stored | seen):
            slots[index] = Outcome(item.name, "duplicate", doc.id)
        else:
            seen |= keys
            todo.append((index, item))

    done = 0

    def emit(outcome: Outcome) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(outcome, done, total)

    for outcome in slots:
        if outcome is not None:
            emit(outcome)
    documents = [item.document for _, item in todo if item.document is not None]
    n_workers = max(1, min(workers or default_workers(), len(documents) // CHUNK or 1))
    for (index, item), (analysis, sig, error) in zip(todo, analysed(documents, n_workers), strict=True):
        if analysis is None:
            outcome = Outcome(item.name, "failed", item.document.id if item.document else None, reason=error)
        else:
            with store.begin(write=True) as conn:
                outcome = store_analysis(conn, analysis, sig, origin=item.name)
        slots[index] = outcome
        emit(outcome)
    report.outcomes = [o for o in slots if o is not None]
    return report
