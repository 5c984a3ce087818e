"""claimgraph: who said what, through whom, how sure — a sourced knowledge base from news reports."""
from __future__ import annotations

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


def __getattr__(name: str) -> Any:
    # The store's libraries (SQLAlchemy, alembic, datasketch) load only when a Corpus is asked for.
    if name == "Corpus":
        from claimgraph.corpus import Corpus

        return Corpus
    raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")
