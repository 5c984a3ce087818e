"""claimgraph: who said what, through whom, how sure — a sourced knowledge base from news reports."""
from __future__ import annotations

from claimgraph.analyze import analyze, analyze_document, analyze_many
from claimgraph.errors import ClaimgraphError, InputError, LexiconError, StoreError
from claimgraph.records import Analysis, Claim, Document, Entity, Event, Ref, Span

__all__ = [
    "Analysis", "Claim", "ClaimgraphError", "Document", "Entity", "Event", "InputError", "LexiconError",
    "Ref", "Span", "StoreError", "analyze", "analyze_document", "analyze_many",
]
__version__ = "0.1.0"
