"""The work of one engine worker: analyse a batch of documents with the model it loaded once."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from claimgraph.analyze import analyze_document, analyze_many
from claimgraph.errors import ClaimgraphError
from claimgraph.records import Analysis, Document

Result = tuple[Analysis | None, Any, str | None]
"""(analysis, what the caller's `beside` made of it, None), or (None, None, why it failed)."""

_nlp: Any = None


def load_model() -> Any:
    """This process's pipeline, loaded on first use (a worker's initializer calls it up front)."""
    global _nlp
    if _nlp is None:
        from claimgraph.nlp import pipeline

        _nlp = pipeline.get()
    return _nlp


def _one(document: Document, nlp: Any, beside: Callable[[Sequence[Analysis]], list[Any]]) -> Result:
    try:
        analysis = analyze_document(document, nlp)
        return analysis, beside([analysis])[0], None
    except ClaimgraphError as e:
        return None, None, str(e)
    except Exception as e:  # noqa: BLE001 - one article that breaks the analysis must not stop the others
        return None, None, f"analysis failed ({type(e).__name__}: {e})"


def analyse_batch(documents: Sequence[Document], beside: Callable[[Sequence[Analysis]], list[Any]]) -> list[Result]:
    """Results of a batch, through one `nlp.pipe` (faster than one call per document, and the same records) and one
    call of `beside`; where anything in the batch fails, each document again on its own, so only the bad one fails."""
    nlp = load_model()
    try:
        analyses = list(analyze_many(documents, nlp, batch_size=max(1, len(documents))))
        extras = beside(analyses)
    except Exception:  # noqa: BLE001 - find the document that failed, one at a time
        return [_one(d, nlp, beside) for d in documents]
    return [(a, x, None) for a, x in zip(analyses, extras, strict=True)]
