"""Engines: where `analyze` runs for an ingest — this process, a local pool of processes, or a Ray cluster.

An engine takes (key, Document) pairs and yields (key, Result) pairs in the same order, each worker
loading the model once. Engines only compute: they run `claimgraph.analyze` and a function of each
batch's analyses that the caller names (what storing them needs: the MinHash signature, the claims'
clause kinds), and import nothing from `corpus` or `store`, so `corpus.ingest` stores what any
engine returns the same way (one writer per ingest, in input order), and the store is the same for any
engine and any number of workers.

    from claimgraph.engines import make_engine
    engine = make_engine("ray", workers=8, address="auto")   # or "local"
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from claimgraph.engines.analysis import Result
from claimgraph.errors import InputError
from claimgraph.records import Analysis, Document

__all__ = ["ENGINES", "Beside", "Engine", "Result", "make_engine"]

K = TypeVar("K")

Beside = Callable[[Sequence[Analysis]], list[Any]]
"""A module-level function computed in the worker beside a batch's analyses, one value for each (what storing it
needs: `corpus.ingest.prepare`), picklable by name."""

ENGINES = ("local", "ray")


class Engine(Protocol):
    """Runs the analysis of a stream of documents and yields the results in input order."""

    name: str
    workers: int

    def connect(self) -> None:
        """Reach where the analysis runs, before anything is opened or stored: an InputError where it cannot."""
        ...

    def analysed(self, documents: Iterable[tuple[Any, Document]], beside: Beside) -> Iterator[tuple[Any, Result]]:
        """(key, (analysis, what `beside` made of it, error)) for each (key, document), in order."""
        ...


def make_engine(name: str = "local", workers: int | None = None, address: str | None = None) -> Engine:
    """The engine of this name: `local` (processes on this machine) or `ray` (the Ray cluster at `address`)."""
    if name == "local":
        if address:
            raise InputError("--ray-address needs --engine ray")
        from claimgraph.engines.local import LocalEngine

        return LocalEngine(workers)
    if name == "ray":
        from claimgraph.engines.ray_cluster import RayEngine

        return RayEngine(workers, address)
    raise InputError(f"engine '{name}': use one of {', '.join(ENGINES)}")
