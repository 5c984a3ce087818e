"""The filters of each resource, parsed once from the query string (FastAPI dependencies).

Each dependency declares its parameters (so `/openapi.json` and `/api/` describe them) and builds
the store's filter object from the query string; a value it cannot read is an InputError naming the
parameter, which the app answers with a 400.
"""
from __future__ import annotations

from collections.abc import Iterator

from fastapi import Depends, Query, Request
from sqlalchemy import Connection

from claimgraph.errors import InputError
from claimgraph.records import STANCES
from claimgraph.store import Store
from claimgraph.store.documents import COPIES, DocumentFilter
from claimgraph.store.filters import SORTS, ClaimFilter, Paging, check_bound, whole_number
from claimgraph.store.graph import KINDS, GraphQuery
from claimgraph.store.timeline import TimelineFilter
from claimgraph.web.names import best, ids_of

PAGE_PARAMS = ("page", "per_page")
ALWAYS_ALLOWED = ("format", "token")
"""Parameters any page takes besides its filters: `format=json`, and the access token (see `web.auth`)."""
TIMELINE_PER_PAGE = 100
DOCUMENTS_PER_PAGE = 50


def store(request: Request) -> Store:
    """The app's store."""
    found: Store = request.app.state.store
    return found


def read(request: Request) -> Iterator[Connection]:
    """A read transaction for the request."""
    with store(request).begin() as conn:
        yield conn


def claim_filter(
        request: Request,
        q: str | None = Query(None, description="words the claim's content holds (full-text search)"),
        speaker: str | None = Query(None, description="the speaker, any spelling of its name"),
        entity: str | None = Query(None, description="an entity id or name the claim involves (speaks, relays, "
                                                     "is named)"),
        about: str | None = Query(None, description="an entity the content names, or words it holds"),
        stance: str | None = Query(None, description=f"one of {', '.join(STANCES)}"),
        hedge: str | None = Query(None, description="any, none, or a hedge word such as 'likely'"),
        grade: str | None = Query(None, description="credibility grade 1–6 of the claim's story"),
        outlet: str | None = Query(None, description="part of the outlet's name"),
        since: str | None = Query(None, description="published on or after (YYYY-MM-DD, YYYY-MM or YYYY)"),
        until: str | None = Query(None, description="published on or before"),
        undated: str | None = Query(None, description="include, exclude or only: articles with no date (by "
                                                      "default a date filter leaves them out, and says how many)"),
        story: str | None = Query(None, description="only the claims of this story"),
        tag: str | None = Query(None, description="only claims an analyst tagged so"),
        sort: str | None = Query(None, description=f"order: {', '.join(SORTS)} (default -date, newest first)"),
        page: str | None = Query(None, description="page number, from 1"),
        per_page: str | None = Query(None, description="rows per page (default 50)"),
) -> ClaimFilter:
    """The ledger's filter from the query string."""
    return ClaimFilter.from_params(request.query_params, ignore=(*PAGE_PARAMS, *ALWAYS_ALLOWED), listed=PAGE_PARAMS)


def paging(request: Request) -> Paging:
    """The page asked for (`page`, `per_page`)."""
    return Paging.from_params(request.query_params)


def document_filter(
        request: Request,
        q: str | None = Query(None, description="words the title or text holds (full-text search)"),
        outlet: str | None = Query(None, description="part of the outlet's name"),
        since: str | None = Query(None, description="published on or after (YYYY-MM-DD, YYYY-MM or YYYY)"),
        until: str | None = Query(None, description="published on or before"),
        undated: str | None = Query(None, description="include, exclude or only: articles with no date"),
        copies: str | None = Query(None, description=f"copies of a stored article: {', '.join(COPIES)}"),
        page: str | None = Query(None, description="page number, from 1"),
) -> DocumentFilter:
    """The documents list's filter from the query string."""
    known = {"q", "outlet", "since", "until", "undated", "copies", *PAGE_PARAMS, *ALWAYS_ALLOWED}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise InputError(f"unknown filter '{unknown[0]}'; use q, outlet, since, until, undated, copies, "
                         f"{', '.join(PAGE_PARAMS)}")
    p = request.query_params
    for bound in ("since", "until"):
        if p.get(bound):
            check_bound(p[bound], bound)
    undated_value = (undated or "").strip().lower() or None
    return DocumentFilter(search=(q or "").strip() or None, outlet=(outlet or "").strip() or None,
                          since=(since or "").strip() or None, until=(until or "").strip() or None,
                          undated=undated_value,  # type: ignore[arg-type]
                          copies=(copies or "include").strip().lower())  # type: ignore[arg-type]


def timeline_filter(
        about: str | None = Query(None, description="events whose actor, target or place is this entity (any "
                                                    "spelling) or holds these words"),
        since: str | None = Query(None, description="events that may fall on or after this date"),
        until: str | None = Query(None, description="events that may fall on or before this date"),
        code: str | None = Query(None, description="only events of this PLOVER type (MOBILIZE, ASSAULT, ...)"),
) -> TimelineFilter:
    """The timeline's filter from the query string."""
    bounds = {}
    for name, value in (("since", since), ("until", until)):
        bounds[name] = check_bound(value, name) if value and value.strip() else None
    return TimelineFilter(about=(about or "").strip() or None, code=(code or "").strip() or None, **bounds)


def timeline_page(page: str | None = Query(None, description="page number, from 1")) -> int:
    """The timeline page asked for."""
    return whole_number(page, "page", 1, 1_000_000) if page and page.strip() else 1


def graph_query(
        conn: Connection = Depends(read),
        entity: str | None = Query(None, description="the entity at the centre: an id or a name (any spelling)"),
        expand: list[str] = Query([], description="entities (ids) expanded a step: their neighbours are added"),
        kind: str = Query("all", description=f"which links: {', '.join(KINDS)}"),
        limit: str | None = Query(None, description="how many entities, 2 to 80 (default 30)"),
        since: str | None = Query(None, description="documents published on or after this date"),
        until: str | None = Query(None, description="documents published on or before this date"),
) -> GraphQuery:
    """The graph asked for; a centre named by no entity is a NotFound."""
    from claimgraph.web.errors import NotFound

    centers: list[int] = []
    if entity and entity.strip():
        ids = ids_of(conn, entity)
        if not ids:
            raise NotFound(f"no entity with id or name '{entity.strip()}'")
        centers.append(best(conn, ids))
    for raw in expand:
        if raw.strip():
            centers.append(whole_number(raw, "expand", 1, 2**31 - 1))
    n = whole_number(limit, "limit", 2, 80) if limit and limit.strip() else 30
    first = check_bound(since, "since") if since and since.strip() else None
    last = check_bound(until, "until") if until and until.strip() else None
    return GraphQuery(centers=tuple(dict.fromkeys(centers)), kind=kind, limit=n, since=first, until=last)
