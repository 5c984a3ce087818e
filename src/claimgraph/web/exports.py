"""Downloads in the workbench: the ledger, an entity or a story exported in every format, and their briefs.

    /export.{stix|ftm|graphml|csv|jsonl}?<the ledger's filters>&story=ID&table=...
    /brief/stories/{id}.{md|html|pdf}      /brief/entities/{id}.{md|html|pdf}

The filters are the ledger's (q, speaker, entity, stance, hedge, grade, outlet, since, until) plus
`story`; a bad one is a 400 naming it before anything is sent. An export is written to a spooled
temporary file (memory up to SPOOL bytes, then disk) and streamed from it; a brief is built whole.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response, StreamingResponse
from starlette.exceptions import HTTPException

from claimgraph.errors import InputError
from claimgraph.outputs import brief as briefs
from claimgraph.outputs.exports import MEDIA_TYPES, SUFFIXES, check_format, write
from claimgraph.outputs.selection import Reader, Selection
from claimgraph.store import Store
from claimgraph.store.ids import record_id

SPOOL = 8 * 1024 * 1024
CHUNK = 256 * 1024
LEDGER_NAMES = {"q": "search"}
"""Query parameters whose name in the ledger differs from the export filter's."""
IGNORED = {"token", "page", "per_page", "table"}
BRIEF_MEDIA = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8", "pdf": "application/pdf"}
BRIEF_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; "
             "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
"""A brief carries its stylesheet inline (so that it stands alone when saved); it runs no script."""


def selection(params: Any) -> Selection:
    """The export filters of a query string (the ledger's names accepted)."""
    known = {"speaker", "about", "entity", "stance", "hedge", "grade", "outlet", "since", "until", "search", "story"}
    filters: dict[str, Any] = {}
    for key in params:
        name = LEDGER_NAMES.get(key, key)
        if key in IGNORED:
            continue
        if name not in known:
            raise InputError(f"unknown filter '{key}'; use {', '.join(sorted(known | set(LEDGER_NAMES)))}")
        value = params.get(key)
        if value not in (None, ""):
            filters[name] = value
    return Selection.of(**filters)


def _chunks(spool: Any) -> Iterator[bytes]:
    try:
        spool.seek(0)
        while True:
            block = spool.read(CHUNK)
            if not block:
                return
            yield block.encode("utf-8")
    finally:
        spool.close()


def _spooled(store: Store, sel: Selection, fmt: str, table: str) -> Any:
    """The export written into a spooled temporary file, at its start (closed again if writing fails)."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL, mode="w+", encoding="utf-8", newline="")  # noqa: SIM115
    try:
        with store.begin() as conn:
            write(Reader(conn, sel), fmt, spool, table)
    except BaseException:
        spool.close()
        raise
    return spool


def register(app: FastAPI) -> None:
    """Add the export and brief routes to the workbench (its store is `app.state.store`)."""
    store: Store = app.state.store

    @app.get("/export.{fmt}", include_in_schema=False)
    def export(request: Request, fmt: str) -> StreamingResponse:
        f, table = check_format(fmt, request.query_params.get("table") if fmt in ("csv", "jsonl") else None)
        sel = selection(request.query_params)
        spool = _spooled(store, sel, f, table)
        name = "-".join(["claimgraph", *(f"{k}-{v}" for k, v in sel.active().items())])[:80]
        name = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
        suffix = f"{table}.{SUFFIXES[f]}" if f in ("csv", "jsonl") else SUFFIXES[f]
        return StreamingResponse(_chunks(spool), media_type=MEDIA_TYPES[f],
                                 headers={"Content-Disposition": f'attachment; filename="{name}.{suffix}"'})

    def answer(data: dict[str, Any], fmt: str, name: str) -> Response:
        f = briefs.check_format(fmt)
        rendered = briefs.render(data, f)
        headers = {"Content-Security-Policy": BRIEF_CSP}
        if f != "html":
            headers["Content-Disposition"] = f'{"attachment" if f == "pdf" else "inline"}; filename="{name}.{f}"'
        return Response(rendered, media_type=BRIEF_MEDIA[f], headers=headers)

    @app.get("/brief/stories/{story_id}.{fmt}", include_in_schema=False)
    def story_brief(story_id: str, fmt: str) -> Response:
        briefs.check_format(fmt)
        number = record_id(story_id)
        if number is None:
            raise HTTPException(404)
        try:
            with store.begin() as conn:
                data = briefs.build(conn, story=number)
        except InputError:
            raise HTTPException(404) from None
        return answer(data, fmt, f"claimgraph-story-{story_id}")

    @app.get("/brief/entities/{entity_id}.{fmt}", include_in_schema=False)
    def entity_brief(entity_id: str, fmt: str) -> Response:
        briefs.check_format(fmt)
        if record_id(entity_id) is None:
            raise HTTPException(404)
        try:
            with store.begin() as conn:
                data = briefs.build(conn, entity=entity_id)
        except InputError:
            raise HTTPException(404) from None
        return answer(data, fmt, f"claimgraph-entity-{entity_id}")
