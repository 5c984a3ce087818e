"""Many articles: ingest into the store, near-duplicates, cross-document entities, and the `Corpus` API."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimgraph.corpus.api import Corpus
    from claimgraph.corpus.ingest import IngestReport, Outcome

__all__ = ["Corpus", "IngestReport", "Outcome"]

_LAZY = {"Corpus": "claimgraph.corpus.api", "IngestReport": "claimgraph.corpus.ingest",
         "Outcome": "claimgraph.corpus.ingest"}
"""Loaded on first use, so that importing a light module of this package (fetch options) loads no store."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'claimgraph.corpus' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
