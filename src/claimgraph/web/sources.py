"""The sources (outlets) of the stored articles with their Admiralty reliability grades: the page where grading
sources will live (today `claimgraph sources grade` sets them)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Connection

from claimgraph.corpus import grades
from claimgraph.web.params import read
from claimgraph.web.rendering import respond

router = APIRouter()


@router.get("/sources", include_in_schema=False)
@router.get("/api/sources", tags=["corpus"], summary="Sources (outlets) with their reliability grades")
def sources_view(request: Request, conn: Connection = Depends(read)) -> Response:
    """Every source with its reliability grade and number of documents."""
    rows = grades.sources(conn)
    return respond(request, "sources.html", rows, sources=rows, scale=grades.reliability_scale())
