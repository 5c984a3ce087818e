"""The work of one engine worker: analyse a batch of documents with the model it loaded once."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from claimgraph.analyze import analyze_document, analyze_many
from claimgraph.errors import ClaimgraphError
from claimgraph.records import Analysis, Document

Result = tuple[Analysis | None, bytes | None, str | None]
"""(analysis, signature, None), or (None, None, why it failed)."""

_nlp: Any = None


def load_model() -> Any:
    """This process's pipeline, loaded on first use (a worker's initializer calls it up front)."""
    global _nlp
    if _nlp is None:
        from claimgraph.nlp import pipeline

        _nlp = pipeline.get()
    return _nlp


def _one(document: Document, nlp: Any, sign: Callable[[str], bytes]) -> Result:
    try:
        return analyze_document(document, nlp), sign(document.text), None
    except ClaimgraphError as e:
        return None, None, str(e)
    except Exception as e:  # noqa: BLE001 - one article that breaks the analysis must not stop the others
        return None, None, f"analysis failed ({type(e).__name__}: {e})"


def analyse_batch(documents: Sequence[Document], sign: Callable[[str], bytes]) -> list[Result]:
    """Results of a batch, through one `nlp.pipe` (faster than one call per document, and the same records);
    where anything in the batch fails, each document again on its own, so only the bad one fails."""
    nlp = load_model()
    try:
        analyses = list(analyze_many(documents, nlp, batch_size=max(1, len(documents))))
    except Exception:  # noqa: BLE001 - find the document that failed, one at a time
        return [_one(d, nlp, sign) for d in documents]
    return [(a, sign(d.text), None) for a, d in zip(analyses, documents, strict=True)]
