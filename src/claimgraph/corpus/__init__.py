"""Many articles: ingest into the store, near-duplicates, cross-document entities, and the `Corpus` API."""
from __future__ import annotations

from claimgraph.corpus.api import Corpus
from claimgraph.corpus.ingest import IngestReport, Outcome

__all__ = ["Corpus", "IngestReport", "Outcome"]
