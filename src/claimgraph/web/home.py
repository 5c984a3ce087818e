"""The home page (counts, newest and most disputed stories, single-source claims, newest documents, most reported
entities) and `/api/stats`."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Connection, func, select

from claimgraph.store import documents as document_queries
from claimgraph.store import schema as t
from claimgraph.web import cache, stories
from claimgraph.web.entities import entity_list
from claimgraph.web.params import read
from claimgraph.web.rendering import page

HOME_LIST = 8
HOME_ENTITIES = 12
router = APIRouter()


def counts(conn: Connection) -> dict[str, int]:
    """How many documents, claims, entities, events, outlets (organisations that published an article), sources
    (those and the organisations claims name) and copies the store holds."""
    def compute() -> dict[str, int]:
        def n(table: Any) -> int:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())
        outlets = int(conn.execute(select(func.count(func.distinct(t.documents.c.source_id)))).scalar_one())
        return {"documents": n(t.documents), "claims": n(t.claims), "entities": n(t.canonical_entities),
                "events": n(t.events), "outlets": outlets, "sources": n(t.sources), "copies": n(t.document_copies)}
    return cache.cached(conn, "counts", compute)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, conn: Connection = Depends(read)) -> HTMLResponse:
    """The corpus at a glance."""
    lists = cache.cached(conn, "home", lambda: {
        order: stories.listing(conn, order=order, limit=HOME_LIST) for order in stories.ORDERS})
    newest = cache.cached(conn, "home-documents", lambda: document_queries.documents(conn, limit=HOME_LIST))
    return page(request, "home.html", counts=counts(conn), has_stories=stories.available(conn),
                newest=lists["newest"], disputed=lists["disputed"], single=lists["single"], documents=newest,
                entities=entity_list(conn, limit=HOME_ENTITIES))


@router.get("/api/stats", tags=["corpus"], summary="How much the store holds")
def api_stats(conn: Connection = Depends(read)) -> dict[str, Any]:
    """The counts of the home page."""
    return {**counts(conn), "stories": stories.available(conn)}
