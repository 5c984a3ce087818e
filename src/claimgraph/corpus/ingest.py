"""Ingest: read articles, analyse them in parallel, and store each one in its own transaction.

    inputs ──expand──▶ items ──(skip stored)──▶ engine workers (local processes or Ray): analyze, and beside
                                                the analysis its MinHash and its claims' clause kinds (`prepare`)
                                                        │ results in input order
                                      one writer: save records, link copies, resolve entities, commit

Workers only compute; the calling process alone writes, in input order, so the store is the same
whatever the engine and the number of workers. Each document is one transaction: a kill leaves no
half-stored document, and running the same ingest again skips what is stored and finishes the rest.

Many ingests may write into one store at once (on one machine or many). Each document's transaction
takes the store's writer lock first (`Store.begin(write=True)`: a PostgreSQL advisory lock, SQLite's
write lock), so the cross-document steps — is it stored already, which stored article it copies,
which canonical entities and stories it joins — run one document at a time against everything
committed before: no document, canonical entity or story is created twice. Analysis, the costly
part, stays parallel. A transaction that loses its connection (the server restarting) is run again.
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection

from claimgraph.corpus import corroborate, dedup
from claimgraph.corpus.feeds import FEED_SUFFIXES
from claimgraph.corpus.fetch import FetchOptions, is_http_url
from claimgraph.corpus.inputs import JSONL_SUFFIXES, Item, expand
from claimgraph.corpus.turn_speakers import name_turn_speakers
from claimgraph.engines import Engine
from claimgraph.engines.local import LocalEngine, default_workers
from claimgraph.records import Analysis, Document, text_id
from claimgraph.store import Store, document_exists, save_analysis
from claimgraph.store.canonical import link_by_exact_name
from claimgraph.store.engine import StoreUnavailable

__all__ = ["STATUSES", "IngestReport", "Outcome", "Prepared", "Progress", "count_inputs", "default_workers", "ingest",
           "prepare", "resolve_entities", "store_analysis"]

STATUSES = ("new", "copy", "duplicate", "failed")
"""new: stored; copy: stored and linked to the document it copies; duplicate: already stored; failed."""

RETRY_WAITS = (1.0, 2.0, 4.0, 8.0, 15.0)
"""Seconds waited before each new try of a transaction whose connection failed (a server restart takes seconds)."""

T = TypeVar("T")

_DEFAULT_FETCH = FetchOptions()


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
    """Every outcome of one ingest, in input order, and the seconds spent storing (after analysis)."""

    outcomes: list[Outcome] = field(default_factory=list)
    store_seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        """How many inputs ended in each status."""
        return {s: sum(1 for o in self.outcomes if o.status == s) for s in STATUSES}

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def to_json(self) -> dict[str, Any]:
        return {"counts": self.counts(), "outcomes": [o.to_json() for o in self.outcomes]}


Progress = Callable[[Outcome, int, int], None]
"""Called after each input with its outcome, how many are done, and how many there are (0 while unknown)."""


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


@dataclass(frozen=True)
class Prepared:
    """What storing an analysis needs that depends on it alone, worked out by the engine's worker beside it, so that
    the one writer does not: the text's MinHash signature and its claims' clause kinds."""

    signature: bytes
    clause_kinds: Mapping[str, int]
    """Each claim content's clause kind (`propositions.clauses`), by its words."""


def prepare(analyses: Sequence[Analysis]) -> list[Prepared]:
    """`Prepared` of each analysis of a batch (an engine's `beside`): the batch's claim contents parsed together."""
    contents = [[c.content.text for c in a.claims] for a in analyses]
    kinds = iter(corroborate.clause_kinds([x for texts in contents for x in texts]))
    return [Prepared(dedup.signature(a.document.text), {x: next(kinds) for x in texts})
            for a, texts in zip(analyses, contents, strict=True)]


def store_analysis(conn: Connection, analysis: Analysis, sig: bytes | None = None,
                   origin: str | None = None, kinds: Mapping[str, int] | None = None) -> Outcome:
    """Store one analysis (in the caller's transaction): records (the speakers of transcript turns named by their
    labels alone as entities, `turn_speakers`), signature, copy link, entity links, stories.

    Args:
        sig, kinds: the text's signature and its claims' clause kinds where the worker worked them out (`prepare`);
            whatever is not given is worked out here.
    """
    doc = analysis.document
    name = origin or doc.url or doc.id
    analysis = name_turn_speakers(analysis)  # a transcript's speakers named by its labels alone, as its entities
    if not save_analysis(conn, analysis, origin=origin):
        return Outcome(name, "duplicate", doc.id)
    found = dedup.link_copy(conn, doc.id, doc.text, sig if sig is not None else dedup.signature(doc.text))
    resolve_entities(conn, doc.id)
    corroborate.assign_document(conn, doc.id, kinds)  # stories: this document's claims join or start them
    if found:
        return Outcome(name, "copy", doc.id, copy_of=found.original_id, similarity=found.similarity)
    return Outcome(name, "new", doc.id)


def retrying(store: Store, work: Callable[[], T]) -> T:
    """WORK, tried again while the store's connection fails (a restarting server), up to RETRY_WAITS; then the error."""
    for wait in (*RETRY_WAITS, None):
        try:
            return work()
        except StoreUnavailable:
            if wait is None:
                raise
            store.engine.dispose()  # the pool's connections died with the server
            time.sleep(wait)
    raise AssertionError("unreachable")


def _is_stored(store: Store, document: Document) -> bool:
    def check() -> bool:
        with store.begin() as conn:
            return document_exists(conn, document)
    return retrying(store, check)


def count_inputs(inputs: Iterable[str | os.PathLike[str]]) -> int | None:
    """How many articles the inputs hold, counted without reading them (files, folders, lines of JSON Lines);
    None where a URL or a feed is among them, whose articles are known only once fetched."""
    total = 0
    for raw in inputs:
        value = os.fspath(raw)
        if "://" in value:
            if is_http_url(value):
                return None
            total += 1
            continue
        path = Path(value)
        files = [p for p in path.rglob("*") if not any(part.startswith(".") for part in p.relative_to(path).parts)
                 and (p.is_file() or p.is_symlink())] if path.is_dir() else [path]
        for f in files:
            n = _articles_in(f)
            if n is None:
                return None
            total += max(1, n)
    return total


def _articles_in(path: Path) -> int | None:
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        return None
    if suffix in JSONL_SUFFIXES:
        try:
            with path.open("rb") as f:
                return sum(1 for line in f if line.strip())
        except OSError:
            return 1
    if suffix == ".json":
        try:
            with path.open("rb") as f:
                start = f.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
            if not start.startswith(b"["):
                return 1
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return 1  # the reader reports it as one failure
        return len(data) if isinstance(data, list) else 1
    return 1


def ingest(store: Store, inputs: Iterable[str | os.PathLike[str]], *, workers: int | None = None,
           fetch: FetchOptions = _DEFAULT_FETCH, progress: Progress | None = None,
           engine: Engine | None = None) -> IngestReport:
    """Read, analyse and store every article in the inputs; one transaction per document.

    Inputs are read as a stream: articles already stored, or seen earlier in this run, are duplicates
    and skip the analysis; unreadable ones are failures; the rest are analysed (by ENGINE, else by
    `workers` local processes) and stored in input order.
    """
    inputs = list(inputs)
    outcomes: dict[int, Outcome] = {}
    seen: set[str] = set()
    expected = count_inputs(inputs) if progress else None
    counted = {"done": 0, "read": 0, "finished_reading": False}
    report = IngestReport()

    def emit(index: int, outcome: Outcome) -> None:
        outcomes[index] = outcome
        counted["done"] += 1
        if progress:
            total = counted["read"] if counted["finished_reading"] else max(expected or 0, counted["read"])
            progress(outcome, counted["done"], total if counted["finished_reading"] or expected else 0)

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

    engine = engine or LocalEngine(workers)
    for (index, item), (analysis, prepared, error) in engine.analysed(to_analyse(), prepare):
        if analysis is None:
            emit(index, Outcome(item.name, "failed", item.document.id if item.document else None, reason=error))
            continue
        t0 = time.perf_counter()
        outcome = retrying(store, lambda a=analysis, p=prepared, n=item.name: _store(store, a, p, n))  # type: ignore[misc]
        report.store_seconds += time.perf_counter() - t0
        emit(index, outcome)
    report.outcomes = [outcomes[i] for i in sorted(outcomes)]
    return report


def _store(store: Store, analysis: Analysis, prepared: Prepared, origin: str) -> Outcome:
    with store.begin(write=True) as conn:
        return store_analysis(conn, analysis, prepared.signature, origin=origin, kinds=prepared.clause_kinds)
