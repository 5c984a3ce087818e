"""claimgraph: who said what, through whom, how sure — a sourced knowledge base from news reports."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from claimgraph.analyze import Budget, analyze, analyze_document, analyze_many
from claimgraph.errors import ClaimgraphError, InputError, LexiconError, StoreError
from claimgraph.records import Analysis, Claim, Document, Entity, Event, Ref, Span

if TYPE_CHECKING:
    from claimgraph.corpus import Corpus

__all__ = [
    "Analysis", "Budget", "Claim", "ClaimgraphError", "Corpus", "Document", "Entity", "Event", "InputError",
    "LexiconError", "Ref", "Span", "StoreError", "analyze", "analyze_document", "analyze_many",
]
__version__ = "0.1.0"

_LAZY = {"Corpus": "claimgraph.corpus"}
"""Names whose modules load on first use: SQLAlchemy, alembic and datasketch come with the store (and spaCy with
the first analysis), so that `claimgraph --help` and a reader of records start at once."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
