"""Sources: the organisations behind the stored claims with their Admiralty reliability grades, the reason for
each, their channels and track records; one source with the history of its grades and the stories resting on it;
and the form by which an analyst grades a source (or takes the grade back). Pages or JSON."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection

from claimgraph.corpus import grades, track_records
from claimgraph.store import sources as store_sources
from claimgraph.store.ids import record_id
from claimgraph.web import cache, csrf
from claimgraph.web.errors import NotFound
from claimgraph.web.params import read, store
from claimgraph.web.rendering import respond

router = APIRouter()


def source_list(conn: Connection) -> list[dict[str, Any]]:
    """Every source with its grade, why, channels and record; kept until the store changes."""
    return cache.cached(conn, "sources", lambda: track_records.sources(conn))


def stored_source(conn: Connection, raw: str) -> dict[str, Any]:
    """One source as its page shows it, by id, or NotFound."""
    number = record_id(raw)
    if number is None or store_sources.find(conn, str(number)) is None:
        raise NotFound(f"no source with id {raw}")
    found: dict[str, Any] = cache.cached(conn, ("source", number), lambda: track_records.source(conn, str(number)))
    return found


@router.get("/sources", include_in_schema=False)
@router.get("/api/sources", tags=["corpus"],
            summary="Sources (organisations) with their reliability grades, reasons, channels and track records")
def sources_view(request: Request, conn: Connection = Depends(read)) -> Response:
    """Every source with its reliability grade, the reason, whose grade it is, its channels and its record."""
    rows = source_list(conn)
    return respond(request, "sources.html", rows, sources=rows, scale=grades.reliability_scale(),
                   graded=request.query_params.get("graded"))


@router.get("/sources/{source_id}", include_in_schema=False)
@router.get("/api/sources/{source_id}", tags=["corpus"],
            summary="One source: grade and why, history of grades, channels, track record, the stories resting on it")
def source_view(request: Request, source_id: str, conn: Connection = Depends(read)) -> Response:
    """One source, with the form that grades it."""
    found = stored_source(conn, source_id)
    return respond(request, "source.html", found, s=found, scale=grades.reliability_scale(),
                   graded=request.query_params.get("graded"))


@router.post("/sources/{source_id}/grade", include_in_schema=False)
async def grade(request: Request, source_id: str) -> Response:
    """Give the source an analyst's grade with its reason (or, with `reset`, its default again); then show it."""
    fields = await csrf.form(request)

    def write() -> int:
        with store(request).begin(write=True) as conn:
            number = record_id(source_id)
            found = store_sources.find(conn, str(number)) if number is not None else None
            if found is None:
                raise NotFound(f"no source with id {source_id}")
            if fields.get("reset"):
                grades.reset_source(conn, str(found["id"]))
            else:
                grades.grade_source(conn, str(found["id"]), fields.get("grade", ""), fields.get("reason"),
                                    where="grade")
            return int(found["id"])
    graded = await run_in_threadpool(write)
    return RedirectResponse(f"/sources/{graded}?graded=1", status_code=303)
