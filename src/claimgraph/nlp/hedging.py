"""Placeholder while the hedging component is written: sets nothing."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("claimgraph_hedging")
def hedging(doc: Doc) -> Doc:
    return doc
