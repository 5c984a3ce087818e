"""Placeholder while the names component is written: sets nothing."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("claimgraph_names")
def names(doc: Doc) -> Doc:
    return doc
