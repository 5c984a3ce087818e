"""Text + metadata -> the records of one document (`claimgraph.document/1`)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.errors import InputError
from claimgraph.nlp import pipeline
from claimgraph.records import Analysis, Document

MAX_CHARS = 500_000
"""Longest text read as one document (about 80,000 words; a news article is a few thousand characters).
spaCy's model needs about 3 GB for a million characters, so longer inputs are refused with a message."""


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


def _check_length(document: Document) -> None:
    if len(document.text) > MAX_CHARS:
        raise InputError(f"document {document.title or document.id[:12]!r}: text has {len(document.text):,} "
                         f"characters, more than the {MAX_CHARS:,} claimgraph reads as one article")


def analyze_document(document: Document, nlp: Language | None = None) -> Analysis:
    """Analyse one Document."""
    _check_length(document)
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
    def checked() -> Iterator[Document]:
        for d in documents:
            _check_length(d)
            yield d

    docs = (make_doc(nlp, d) for d in checked())
    for doc in nlp.pipe(docs, batch_size=batch_size):
        yield to_analysis(doc)
