"""Placeholder while the events component is written: sets nothing."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("claimgraph_events")
def events(doc: Doc) -> Doc:
    return doc
