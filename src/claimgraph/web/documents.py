"""Documents: the list (filters, full-text search, copies marked) and the provenance view of one document, whose
text is drawn from its stored spans with every claim, speaker, cue, hedge and mention marked; pages or JSON."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Connection

from claimgraph.store import documents as document_queries
from claimgraph.store import load_analysis
from claimgraph.store.documents import DocumentFilter
from claimgraph.store.filters import Paging
from claimgraph.web import highlight, stories
from claimgraph.web.errors import NotFound
from claimgraph.web.params import DOCUMENTS_PER_PAGE, document_filter, read
from claimgraph.web.rendering import respond

router = APIRouter()


@router.get("/documents", include_in_schema=False)
@router.get("/api/documents", tags=["documents"],
            summary="Stored documents, newest first: by words, outlet, dates; copies marked")
def documents_view(request: Request, f: DocumentFilter = Depends(document_filter),
                   conn: Connection = Depends(read)) -> Response:
    """One page of the documents list."""
    p = Paging.from_params(request.query_params, per_page=DOCUMENTS_PER_PAGE)
    result = document_queries.page(conn, f, p)
    params = {k: v for k, v in (("q", f.search), ("outlet", f.outlet), ("since", f.since), ("until", f.until),
                                ("undated", f.undated), ("copies", None if f.copies == "include" else f.copies))
              if v}
    return respond(request, "documents.html", result, f=f, result=result, params=params)


def document(conn: Connection, document_id: str) -> dict[str, Any]:
    """One document with its analysis (for the highlighted text) and its claims with their stories."""
    analysis = load_analysis(conn, document_id)
    if analysis is None:
        raise NotFound(f"no document with id {document_id}")
    shown = document_queries.show_document(conn, document_id)
    shown["claims"] = stories.with_stories(conn, shown["claims"])
    shown["analysis"] = analysis
    return shown


def _as_json(shown: dict[str, Any]) -> dict[str, Any]:
    return {**shown["analysis"].to_json(), "copy_of": shown["copy_of"], "copies": shown["copies"],
            "canonical_entities": shown["entities"], "stories": {c["id"]: c["story"] for c in shown["claims"]},
            "tags": {c["id"]: c["tags"] for c in shown["claims"] if c["tags"]}}


@router.get("/documents/{document_id}", include_in_schema=False)
@router.get("/api/documents/{document_id}", tags=["documents"],
            summary="One document's analysis (claimgraph.document/1), its copies and cross-document entities")
def document_view(request: Request, document_id: str, claim: str | None = None,
                  conn: Connection = Depends(read)) -> Response:
    """The provenance view of one document (`?claim=c3` marks one claim)."""
    shown = document(conn, document_id)
    body = highlight.render(shown["analysis"].document.text, highlight.marks(shown["analysis"]), focus=claim)
    return respond(request, "document.html", shown, json=_as_json, d=shown, body=body, focus=claim,
                   legend=highlight.legend())
