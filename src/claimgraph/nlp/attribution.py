"""Placeholder while the attribution component is written: sets nothing."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("claimgraph_attribution")
def attribution(doc: Doc) -> Doc:
    return doc
