"""The claim ledger (every stored claim, filtered, faceted, sorted and paged), its CSV, and one claim; each view
answers a page or JSON.

The filters are one `store.filters.ClaimFilter`, parsed once from the query string
(`web.params.claim_filter`); the store's query API answers them (`store.claims`), with the story
grades that corroboration works out (`web.stories`).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import Connection

from claimgraph.store import claims as claim_queries
from claimgraph.store import notebook
from claimgraph.store.filters import HEDGE_CHOICES, PER_PAGE, SORTS, ClaimFilter, Lookups, Paging
from claimgraph.web import cache, stories
from claimgraph.web.errors import NotFound
from claimgraph.web.names import named
from claimgraph.web.params import claim_filter, paging, read
from claimgraph.web.rendering import respond, speaker_name

CSV_LIMIT = 100_000
"""At most this many rows go into one CSV export."""
CSV_CHUNK = 500
"""Rows read, looked up and sent at a time."""
CSV_COLUMNS = ("published", "outlet", "speaker", "via", "cue", "stance", "hedges", "probability", "band",
               "grade", "content", "title", "url", "document_id", "claim_id")
COLUMNS = (("speaker", "Speaker"), (None, "Via"), (None, "Claim"), ("stance", "Stance"), (None, "Hedge / band"),
           (None, "Grade"), ("date", "Date"), ("outlet", "Outlet"))
"""The ledger's columns, with the sort key of those it can be sorted by."""
router = APIRouter()

LOOKUPS = Lookups(grader=stories.with_grade, namer=named)
"""Story grades and names to entities, both kept until the store changes."""


def page(conn: Connection, f: ClaimFilter, p: Paging, found: claim_queries.FacetTally | None = None) -> dict[str, Any]:
    """One page of the ledger: claim dicts with their story and tags, the total, the pages, the filters (the total,
    and the pages sorted by a facet's column, read off the filter's facet tally where it is given)."""
    result = claim_queries.page(conn, f, p, lookups=LOOKUPS, tally=found)
    result["claims"] = stories.with_stories(conn, result["claims"])
    return result


def tally(conn: Connection, f: ClaimFilter) -> claim_queries.FacetTally:
    """The facet tally of a filter: kept until the store changes, and for the ledger without a grade or a tag
    filter, counted again only from the documents stored since."""
    asked = replace(f, sort="-date")
    key = ("facets", tuple(sorted(asked.active().items())))
    if f.tag is not None:  # tags change without the store's version: counted each time
        return claim_queries.facet_tally(conn, f, lookups=LOOKUPS)
    if f.grade is not None:  # a story's grade changes as claims join it: which claims a grade keeps is not additive
        return cache.cached(conn, ("tally", key), lambda: claim_queries.facet_tally(conn, f, lookups=LOOKUPS))
    base = asked if asked.active() else None
    found: claim_queries.FacetTally = cache.grown(
        conn, key, lambda: claim_queries.facet_tally(conn, base, lookups=LOOKUPS),
        lambda kept, after: claim_queries.add_tallies(kept, claim_queries.facet_tally(conn, base, after, LOOKUPS)))
    return found


def facets(conn: Connection, f: ClaimFilter,
           found: claim_queries.FacetTally | None = None) -> dict[str, list[dict[str, Any]]]:
    """The ledger's facets for a filter (from its tally, where given), kept until the store changes."""
    found = found if found is not None else tally(conn, f)
    if f.tag is not None:
        return claim_queries.facets_of(found, stories.grades(conn))
    key = ("facets", tuple(sorted(replace(f, sort="-date").active().items())))
    return cache.cached(conn, key, lambda: claim_queries.facets_of(found, stories.grades(conn)))


def sort_links(f: ClaimFilter, p: Paging) -> list[dict[str, Any]]:
    """Each column's header: its label, and where it can be sorted, the link that sorts by it (or reverses it)."""
    out = []
    for key, label in COLUMNS:
        if key is None:
            out.append({"label": label, "href": None, "current": None})
            continue
        current = "asc" if f.sort == key else "desc" if f.sort == f"-{key}" else None
        wanted = f"-{key}" if current == "asc" or (current is None and key == "date") else key
        size = p.per_page if p.per_page != PER_PAGE else None
        out.append({"label": label, "href": "?" + f.query_string(sort=wanted, per_page=size), "current": current})
    return out


@router.get("/claims", include_in_schema=False)
@router.get("/api/claims", tags=["claims"], summary="The claim ledger, filtered, sorted and paged, with facets")
def ledger_view(request: Request, f: ClaimFilter = Depends(claim_filter), p: Paging = Depends(paging),
                conn: Connection = Depends(read)) -> Response:
    """The ledger: one page of claims and the facets of the whole filtered set."""
    found = tally(conn, f)
    result = page(conn, f, p, found)
    result["facets"] = facets(conn, f, found)
    result["sort"] = f.sort
    return respond(request, "ledger.html", result, f=f, result=result, hedge_choices=HEDGE_CHOICES, sorts=SORTS,
                   columns=sort_links(f, p), saved=notebook.searches(conn, "claims"),
                   here=f.query_string())


@router.get("/claims.csv", include_in_schema=False)
def claims_csv(f: ClaimFilter = Depends(claim_filter), _: Paging = Depends(paging),
               conn: Connection = Depends(read)) -> StreamingResponse:
    """The filtered ledger as CSV (at most CSV_LIMIT rows; paging is checked, and the export is not paged), sent as
    it is read: the request's transaction lasts until the last row is sent."""
    return StreamingResponse(csv_rows(conn, f), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="claims.csv"'})


@router.get("/claims/{document_id}/{claim_id}", include_in_schema=False)
@router.get("/api/claims/{document_id}/{claim_id}", tags=["claims"],
            summary="One claim, with its story, notes and tags")
def claim_view(request: Request, document_id: str, claim_id: str, conn: Connection = Depends(read)) -> Response:
    """One claim with its story, and what analysts wrote about it."""
    found = claim_queries.claim(conn, document_id, claim_id)
    if found is None:
        raise NotFound(f"no claim {claim_id} in document {document_id}")
    stories.with_stories(conn, [found])
    found["notes"] = notebook.notes_on(conn, "claim", f"{document_id}/{claim_id}")
    return respond(request, "claim.html", found, c=found)


def csv_rows(conn: Connection, f: ClaimFilter) -> Iterator[str]:
    """The filtered ledger as CSV text, header first, in chunks (at most CSV_LIMIT rows)."""
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(CSV_COLUMNS)
    q = claim_queries.select_claims(conn, f, LOOKUPS).limit(CSV_LIMIT)
    for rows in conn.execute(q).mappings().partitions(CSV_CHUNK):
        for c in stories.with_stories(conn, claim_queries.claim_dicts(conn, list(rows))):
            out.writerow([cell(v) for v in _csv_values(c)])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.tell():  # no rows: the header alone
        yield buf.getvalue()


def _csv_values(c: dict[str, Any]) -> list[Any]:
    p = c["probability"]
    return [c["document"]["published"], c["document"]["outlet"], speaker_name(c),
            " > ".join(v["text"] for v in c["via"]), (c["cue"] or {}).get("text"), c["stance"],
            "; ".join(h["text"] for h in c["hedges"]), p["term"] if p else None,
            f"{p['low']:.2f}-{p['high']:.2f}" if p else None, (c["story"] or {}).get("grade"),
            c["content"]["text"], c["document"]["title"], c["document"]["url"], c["document"]["id"], c["id"]]


def cell(value: Any) -> str:
    """A CSV cell; one that a spreadsheet would run as a formula is article text, not a formula."""
    s = "" if value is None else str(value)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s
