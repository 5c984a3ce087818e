"""Entities across documents: the list, one entity (spellings and why, merges, what it said, what was said about
it, its events, notes and tags), and merging or splitting entities after a confirmation page; pages or JSON."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection

from claimgraph.corpus import resolve
from claimgraph.errors import InputError
from claimgraph.store import entities as entity_queries
from claimgraph.store import notebook
from claimgraph.store.ids import record_id
from claimgraph.web import cache, csrf, stories
from claimgraph.web.errors import NotFound
from claimgraph.web.params import read, store
from claimgraph.web.rendering import page, respond

ENTITIES_PAGE = 200
router = APIRouter()


def tally(conn: Connection) -> entity_queries.EntityTally:
    """Every entity's documents, claims and spellings, counted again only from the documents stored since."""
    found: entity_queries.EntityTally = cache.grown(conn, "entity-tally", lambda: entity_queries.tally(conn),
                                                    lambda kept, after: kept + entity_queries.tally(conn, after))
    return found


def entity_list(conn: Connection, *, type_: str | None = None, name: str | None = None,
                limit: int = 100) -> list[dict[str, Any]]:
    """The most reported cross-document entities (by name: those its words name), kept until the store changes."""
    if name:
        return cache.cached(conn, ("entities", type_, name, limit), lambda: entity_queries.entities(
            conn, type=type_, name=name, limit=limit, mentions=False))
    return cache.cached(conn, ("entities", type_, None, limit),
                        lambda: entity_queries.listed(tally(conn), type=type_, limit=limit))


def stored_entity(conn: Connection, raw: str) -> int:
    """The id of a stored entity from a path, or NotFound."""
    number = record_id(raw)
    if number is None or not entity_queries.exists(conn, number):
        raise NotFound(f"no entity with id {raw}")
    return number


def entity(conn: Connection, canonical_id: int) -> dict[str, Any]:
    """One entity as its page shows it, with the stories of its claims and the analysts' notes and tags."""
    found: dict[str, Any] = cache.cached(conn, ("entity", canonical_id),
                                         lambda: entity_queries.entity(conn, canonical_id))
    shown = {**found, "claims": stories.with_stories(conn, [dict(c) for c in found["claims"]]),
             "about": stories.with_stories(conn, [dict(c) for c in found["about"]])}
    shown["notes"] = notebook.notes_on(conn, "entity", str(canonical_id))
    shown["tags"] = notebook.tags_on(conn, "entity", [str(canonical_id)]).get(str(canonical_id), [])
    return shown


@router.get("/entities", include_in_schema=False)
@router.get("/api/entities", tags=["entities"], summary="Cross-document entities, most reported first")
def entities_view(request: Request, name: str | None = None, type: str | None = None,  # noqa: A002
                  limit: int = Query(ENTITIES_PAGE, ge=1, le=1000), conn: Connection = Depends(read)) -> Response:
    """The entity list, by name and type."""
    rows = entity_list(conn, type_=type or None, name=name or None, limit=limit)
    return respond(request, "entities.html", rows, entities=rows, name=name or "", type=type or "")


@router.get("/entities/{entity_id}", include_in_schema=False)
@router.get("/api/entities/{entity_id}", tags=["entities"],
            summary="One entity: spellings and why, what it said, what was said about it, its events, notes, tags")
def entity_view(request: Request, entity_id: str, conn: Connection = Depends(read)) -> Response:
    """One entity."""
    found = entity(conn, stored_entity(conn, entity_id))
    return respond(request, "entity.html", found, e=found)


def _other(conn: Connection, ref: str | None) -> int:
    if not ref or not ref.strip():
        raise InputError("other: give the id or the name of the entity to merge into this one")
    return resolve.entity_id(conn, ref)


@router.get("/entities/{entity_id}/merge", include_in_schema=False)
def merge_confirm(request: Request, entity_id: str, other: str | None = None,
                  conn: Connection = Depends(read)) -> Response:
    """The confirmation page of a merge: both entities side by side, and what the merge will do."""
    a = stored_entity(conn, entity_id)
    b = _other(conn, other)
    if a == b:
        raise InputError(f"entity {a} cannot be merged with itself")
    both = entity_queries.entities(conn, ids=[a, b], mentions=False)
    by_id = {e["id"]: e for e in both}
    return page(request, "merge.html", a=by_id.get(a) or {"id": a, "name": str(a)},
                b=by_id.get(b) or {"id": b, "name": str(b)})


@router.post("/entities/{entity_id}/merge", include_in_schema=False)
async def merge(request: Request, entity_id: str) -> Response:
    """Merge the confirmed entity into this one; then open the merged entity."""
    fields = await csrf.form(request)

    def write() -> int:
        with store(request).begin(write=True) as conn:
            return resolve.merge(conn, stored_entity(conn, entity_id), _other(conn, fields.get("other")))
    merged = await run_in_threadpool(write)
    return RedirectResponse(f"/entities/{merged}?merged=1", status_code=303)


def split_preview(request: Request, canonical_id: int, member: str) -> list[dict[str, Any]]:
    """The members a split would move, worked out by splitting inside a transaction that is rolled back."""
    with store(request).begin(write=True) as conn:
        trial = conn.begin_nested()
        try:
            new = resolve.split(conn, canonical_id, member)
            return entity_queries.members(conn, new)
        finally:
            trial.rollback()


@router.get("/entities/{entity_id}/split", include_in_schema=False)
def split_confirm(request: Request, entity_id: str, member: str | None = None,
                  conn: Connection = Depends(read)) -> Response:
    """The confirmation page of a split: the document entities that would move to a new entity."""
    cid = stored_entity(conn, entity_id)
    if not member or not member.strip():
        raise InputError("member: give the spelling (or DOCUMENT_ID:ENTITY_ID) to split off")
    moving = split_preview(request, cid, member.strip())
    e = entity_queries.entities(conn, ids=[cid], mentions=False)
    return page(request, "split.html", e=e[0] if e else {"id": cid, "name": str(cid)}, member=member.strip(),
                moving=moving)


@router.post("/entities/{entity_id}/split", include_in_schema=False)
async def split(request: Request, entity_id: str) -> Response:
    """Split the confirmed members off into a new entity; then open it."""
    fields = await csrf.form(request)

    def write() -> int:
        with store(request).begin(write=True) as conn:
            member = (fields.get("member") or "").strip()
            if not member:
                raise InputError("member: give the spelling (or DOCUMENT_ID:ENTITY_ID) to split off")
            return resolve.split(conn, stored_entity(conn, entity_id), member)
    new = await run_in_threadpool(write)
    return RedirectResponse(f"/entities/{new}?split=1", status_code=303)
