"""The header search: the entities, documents and claims that some words find, each list linking to the whole."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import Connection

from claimgraph.store.search import search
from claimgraph.web import stories
from claimgraph.web.claims import LOOKUPS
from claimgraph.web.params import read
from claimgraph.web.rendering import respond

router = APIRouter()


@router.get("/search", include_in_schema=False)
@router.get("/api/search", tags=["corpus"], summary="Entities, documents and claims that some words find")
def search_view(request: Request, q: str = Query("", description="the words to look for"),
                conn: Connection = Depends(read)) -> Response:
    """Search every resource at once."""
    found = search(conn, q, lookups=LOOKUPS)
    found["claims"] = stories.with_stories(conn, found["claims"])
    return respond(request, "search.html", found, s=found)
