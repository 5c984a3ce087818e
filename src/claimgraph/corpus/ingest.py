"""Ingest: read articles, analyse them in parallel, and store each one in its own transaction.

    inputs ──expand──▶ items ──(skip stored)──▶ worker processes: analyze + MinHash
                                                        │ results in input order
                                      one writer: save records, link copies, resolve entities, commit

Workers only compute; the calling process alone writes, in input order, so the store is the same
whatever the number of workers. Each document is one transaction: a kill leaves no half-stored
document, and running the same ingest again skips what is stored and finishes the rest.
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from claimgraph.analyze import analyze_document
from claimgraph.corpus import corroborate, dedup
from claimgraph.corpus.fetch import FetchOptions
from claimgraph.corpus.inputs import Item, expand
from claimgraph.errors import ClaimgraphError
from claimgraph.records import Analysis, Document, text_id
from claimgraph.store import Store, document_exists, save_analysis
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
"""Called after each input with its outcome, how many are done, and how many there are (0 while still reading)."""


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


def analysed(documents: Iterable[tuple[Any, Document]], workers: int) -> Iterator[tuple[Any, Result]]:
    """(key, (analysis, signature, error)) for each (key, document), in order, from up to `workers` processes.

    Documents are pulled lazily, so a stream of any length runs in bounded memory. A run too short to
    fill the workers is analysed in this process, sparing them the cost of loading the model.
    """
    stream = iter(documents)
    head = list(itertools.islice(stream, max(1, workers) * CHUNK))
    if workers <= 1 or len(head) <= CHUNK:
        from claimgraph.nlp import pipeline

        nlp = pipeline.get()
        for key, d in itertools.chain(head, stream):
            yield key, _analyse(d, nlp)
        return
    workers = min(workers, -(-len(head) // CHUNK))

    def chunks() -> Iterator[list[tuple[Any, Document]]]:
        rest = itertools.chain(head, stream)
        while chunk := list(itertools.islice(rest, CHUNK)):
            yield chunk

    context = _process_context()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker) as pool:
        pending: deque[tuple[list[Any], Future[list[Result]]]] = deque()
        source = chunks()

        def submit() -> bool:
            chunk = next(source, None)
            if chunk is None:
                return False
            pending.append(([k for k, _ in chunk], pool.submit(_analyse_chunk, [d for _, d in chunk])))
            return True

        while len(pending) < 3 * workers and submit():
            pass
        while pending:
            keys, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                raise ClaimgraphError("an analysis worker died (out of memory?); the articles stored so far are "
                                      "kept: run the same ingest again to finish, perhaps with fewer --workers") \
                    from None
            submit()
            yield from zip(keys, results, strict=True)


def _process_context() -> multiprocessing.context.BaseContext:
    """fork where it is safe, spawn where other threads run (a fork copies their locks mid-use).

    Fork also keeps the workers' results identical to this process's: they share its hash seed, so
    any iteration over a set of strings runs in the same order, and a caller's script needs no
    `if __name__ == "__main__"` guard. Spawned workers draw their own seeds.
    """
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _is_stored(store: Store, document: Document) -> bool:
    with store.begin() as conn:
        return document_exists(conn, document)


def ingest(store: Store, inputs: Iterable[str | os.PathLike[str]], *, workers: int | None = None,
           fetch: FetchOptions = FetchOptions(), progress: Progress | None = None) -> IngestReport:
    """Read, analyse and store every article in the inputs; one transaction per document.

    Inputs are read as a stream: articles already stored, or seen earlier in this run, are duplicates
    and skip the analysis; unreadable ones are failures; the rest are analysed and stored in input order.
    """
    outcomes: dict[int, Outcome] = {}
    seen: set[str] = set()
    counted = {"done": 0, "read": 0, "finished_reading": False}

    def emit(index: int, outcome: Outcome) -> None:
        outcomes[index] = outcome
        counted["done"] += 1
        if progress:
            progress(outcome, counted["done"], counted["read"] if counted["finished_reading"] else 0)

    def to_analyse() -> Iterator[tuple[tuple[int, Item], Document]]:
        for index, item in enumerate(expand(inputs, fetch)):
            counted["read"] = index + 1
            doc = item.document
            if doc is None:
                emit(index, Outcome(item.name, "failed", reason=item.error))
                continue
            keys = {doc.id, text_id(doc.text)}
            if keys & seen or _is_stored(store, doc):
                emit(index, Outcome(item.name, "duplicate", doc.id))
                continue
            seen.update(keys)
            yield (index, item), doc
        counted["finished_reading"] = True

    for (index, item), (analysis, sig, error) in analysed(to_analyse(), workers or default_workers()):
        if analysis is None:
            emit(index, Outcome(item.name, "failed", item.document.id if item.document else None, reason=error))
        else:
            with store.begin(write=True) as conn:
                emit(index, store_analysis(conn, analysis, sig, origin=item.name))
    return IngestReport([outcomes[i] for i in sorted(outcomes)])
