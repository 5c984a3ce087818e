"""Text + metadata -> the records of one document (`claimgraph.document/1`)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.nlp import pipeline
from claimgraph.records import Analysis, Document

MAX_CHARS = 1_000_000
"""Longest text read as one document (spaCy's own limit); longer inputs are refused with a message."""


def make_doc(nlp: Language, document: Document) -> Doc:
    """A tokenised Doc that carries the document's metadata to our components."""
    doc = nlp.make_doc(document.text)
    doc._.cg_document = document
    return doc


def to_analysis(doc: Doc) -> Analysis:
    """The records our components left on a processed Doc."""
    document: Document = doc._.cg_document or Document(text=doc.text)
    return Analysis(
        document=document,
        entities=tuple(doc._.cg_entities or ()),
        claims=tuple(doc._.cg_claims or ()),
        events=tuple(doc._.cg_events or ()),
    )


def analyze_document(document: Document, nlp: Language | None = None) -> Analysis:
    """Analyse one Document."""
    nlp = nlp or pipeline.get()
    return to_analysis(nlp(make_doc(nlp, document)))


def analyze(text: str, *, id: str = "", url: str | None = None, outlet: str | None = None,
            title: str | None = None, published: str | None = None, language: str = "en",
            nlp: Language | None = None) -> Analysis:
    """Analyse one article's text: its entities, attributed claims and events."""
    document = Document(text=text, id=id, url=url, outlet=outlet, title=title, published=published,
                        language=language)
    return analyze_document(document, nlp)


def analyze_many(documents: Iterable[Document], nlp: Language | None = None,
                 batch_size: int = 16) -> Iterator[Analysis]:
    """Analyse documents in order, streaming them through one Language."""
    nlp = nlp or pipeline.get()
    docs = (make_doc(nlp, d) for d in documents)
    for doc in nlp.pipe(docs, batch_size=batch_size):
        yield to_analysis(doc)
