"""The workbench: server-rendered pages and a JSON API over a claimgraph store (FastAPI + Jinja2, no script).

    from claimgraph.web import create_app
    app = create_app("news.db")          # then: uvicorn.run(app), or `claimgraph serve --db news.db`

Pages: `/` home, `/claims` the ledger (and `/claims.csv`), `/entities` and `/entities/{id}`,
`/documents/{id}` the provenance view, `/stories/{id}`, `/timeline`, `/graph`. The API under
`/api/` returns the same records as JSON, described by `/openapi.json`. Bad input is a 400 naming
the parameter, an unknown id a 404, a missing token a 401; no response ever carries a traceback.
"""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Connection, inspect
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimgraph.errors import ClaimgraphError, InputError, StoreError
from claimgraph.records import STANCES
from claimgraph.store import Store
from claimgraph.store.timeline import check_bound
from claimgraph.web import cache, events, exports, highlight, ledger, overview, stories
from claimgraph.web import graph as graphs
from claimgraph.web.auth import TokenGate
from claimgraph.web.ledger import LedgerFilter

HERE = Path(__file__).resolve().parent
log = logging.getLogger("claimgraph.web")

TIMELINE_PER_PAGE = 100
HOME_LIST = 8
HOME_ENTITIES = 12
ENTITIES_PAGE = 200
SECURITY_HEADERS = {
    # Defence in depth: the pages run no script at all, and article text is escaped anyway.
    "Content-Security-Policy": "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
FAVICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" '
           'fill="#16202e"/><circle cx="5" cy="5" r="2.2" fill="#7fb0ff"/><circle cx="11" cy="11" r="2.2" '
           'fill="#ffd84d"/><path d="M5 5 L11 11" stroke="#fff" stroke-width="1.2"/></svg>')


class NotFound(Exception):
    """An id that names nothing in the store."""


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["speaker"] = ledger.speaker_name
    env.filters["band"] = lambda p: f"{p['term']} ({p['low']:.0%}–{p['high']:.0%})" if p else ""
    env.globals["stances"] = STANCES
    return env


def create_app(db: str | os.PathLike[str] | None = None, *, token: str | None = None,
               store: Store | None = None, warm: bool = False) -> FastAPI:
    """The workbench over a store (opened from `db` unless given); with `token`, every request must show it;
    with `warm`, the corpus-wide answers are worked out in the background at once (see `warm_up`)."""
    store = store or Store(db)
    _gather_statistics(store)
    if warm:
        threading.Thread(target=warm_up, args=(store,), daemon=True, name="claimgraph-warm-up").start()
    env = _templates()
    app = FastAPI(title="claimgraph workbench", version="0.1.0",
                  description="Who said what, through whom, how sure: the claims, entities, events and stories "
                              "of a claimgraph store. Every record is the `claimgraph.document/1` record it "
                              "was stored from, with the cross-document entity and story it belongs to.",
                  docs_url=None, redoc_url=None)  # Swagger UI and ReDoc load from a CDN; /api/ is ours
    app.state.store = store
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(request=request, path=request.url.path, **context)
        return HTMLResponse(html, status_code=status)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    def problem(request: Request, status: int, title: str, reason: str) -> Response:
        if wants_json(request):
            return JSONResponse({"error": reason}, status_code=status)
        return page(request, "error.html", status=status, title=title, reason=reason)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return problem(request, 400, "Bad request", str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        first = errors[0] if errors else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x not in ("query", "path"))
        return problem(request, 400, "Bad request", f"{where or 'request'}: {first.get('msg', 'invalid value')}")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return problem(request, 404, "Not found", str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return problem(request, 404, "Not found", f"there is no page at {request.url.path}")
        return problem(request, exc.status_code, "Error", str(exc.detail))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return problem(request, 503, "Store unavailable", str(exc))

    @app.exception_handler(ClaimgraphError)
    async def other_error(request: Request, exc: ClaimgraphError) -> Response:
        return problem(request, 400, "Bad request", str(exc))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)  # the traceback goes to the log, never the page
        return problem(request, 500, "Server error", "something went wrong on the server; the log says what")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response


    def read(fn: Any, *args: Any, **kwargs: Any) -> Any:
        with store.begin() as c:
            return fn(c, *args, **kwargs)

    # ---- pages -------------------------------------------------------------------------------

    @app.get("/api/", response_class=HTMLResponse, include_in_schema=False)
    def api_index(request: Request) -> HTMLResponse:
        schema = app.openapi()
        routes = [{"path": path, "summary": op.get("summary", ""), "tags": op.get("tags", []),
                   "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                   "description": p.get("description", "")} for p in op.get("parameters", [])]}
                  for path, ops in schema["paths"].items() for method, op in ops.items() if method == "get"]
        return page(request, "api.html", routes=routes, title=schema["info"]["title"],
                    description=schema["info"].get("description", ""))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        with store.begin() as c:
            return page(request, "home.html", counts=overview.counts(c), has_stories=stories.available(c),
                        newest=stories.listing(c, order="newest", limit=HOME_LIST),
                        disputed=stories.listing(c, order="disputed", limit=HOME_LIST),
                        single=stories.listing(c, order="single", limit=HOME_LIST),
                        documents=overview.newest_documents(c, HOME_LIST),
                        entities=overview.entity_list(c, limit=HOME_ENTITIES))

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_page(request: Request) -> HTMLResponse:
        f = LedgerFilter.parse(request.query_params)
        result = read(ledger.page, f)
        return page(request, "ledger.html", f=f, result=result, hedge_choices=ledger.HEDGE_CHOICES)

    @app.get("/claims.csv", include_in_schema=False)
    def claims_csv(request: Request) -> StreamingResponse:
        f = LedgerFilter.parse(request.query_params)
        with store.begin() as c:
            chunks = list(ledger.csv_rows(c, f))
        return StreamingResponse(iter(chunks), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="claims.csv"'})

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(request: Request, name: str | None = None, type: str | None = None) -> HTMLResponse:
        rows = read(overview.entity_list, type_=type or None, name=name or None, limit=ENTITIES_PAGE)
        return page(request, "entities.html", entities=rows, name=name or "", type=type or "")

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: str) -> HTMLResponse:
        return page(request, "entity.html", e=read(_entity, entity_id))

    @app.get("/documents/{document_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, document_id: str, claim: str | None = None) -> HTMLResponse:
        shown = read(_document, document_id)
        analysis = shown["analysis"]
        body = highlight.render(analysis.document.text, highlight.marks(analysis), focus=claim)
        return page(request, "document.html", d=shown, body=body, focus=claim, legend=highlight.legend())

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> HTMLResponse:
        return page(request, "story.html", s=read(_story, story_id))

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(request: Request, about: str | None = None, since: str | None = None,
                      until: str | None = None, page_: str | None = Query(None, alias="page")) -> HTMLResponse:
        result = read(_timeline, about, since, until, page_)
        return page(request, "timeline.html", t=result)

    @app.get("/graph", response_class=HTMLResponse, include_in_schema=False)
    def graph_page(request: Request, entity: str | None = None, kind: str = "all",
                   limit: str | None = None) -> HTMLResponse:
        data = read(_graph, entity, kind, limit)
        return page(request, "graph.html", g=data, svg=graphs.svg(data), kinds=graphs.KINDS)

    # ---- API ---------------------------------------------------------------------------------

    filter_docs = {
        "q": "words the claim's content holds (full-text search)",
        "speaker": "the speaker, any spelling of its name", "entity": "an entity id or name the claim involves",
        "stance": f"one of {', '.join(STANCES)}", "hedge": "any, none, or a hedge word such as 'likely'",
        "grade": "credibility grade 1–6 of the claim's story", "outlet": "part of the outlet's name",
        "since": "published on or after (YYYY-MM-DD, YYYY-MM or YYYY)", "until": "published on or before",
        "page": "page number, from 1", "per_page": f"rows per page (default {ledger.PER_PAGE})",
    }

    @app.get("/api/stats", tags=["corpus"], summary="How much the store holds")
    def api_stats() -> dict[str, Any]:
        with store.begin() as c:
            return {**overview.counts(c), "stories": stories.available(c)}

    @app.get("/api/claims", tags=["claims"], summary="The claim ledger, filtered and paged")
    def api_claims(request: Request, q: str | None = Query(None, description=filter_docs["q"]),
                   speaker: str | None = Query(None, description=filter_docs["speaker"]),
                   entity: str | None = Query(None, description=filter_docs["entity"]),
                   stance: str | None = Query(None, description=filter_docs["stance"]),
                   hedge: str | None = Query(None, description=filter_docs["hedge"]),
                   grade: str | None = Query(None, description=filter_docs["grade"]),
                   outlet: str | None = Query(None, description=filter_docs["outlet"]),
                   since: str | None = Query(None, description=filter_docs["since"]),
                   until: str | None = Query(None, description=filter_docs["until"]),
                   page: str | None = Query(None, description=filter_docs["page"]),
                   per_page: str | None = Query(None, description=filter_docs["per_page"])) -> dict[str, Any]:
        result: dict[str, Any] = read(ledger.page, LedgerFilter.parse(request.query_params))
        return result

    @app.get("/api/claims/{document_id}/{claim_id}", tags=["claims"], summary="One claim, with its story")
    def api_claim(document_id: str, claim_id: str) -> dict[str, Any]:
        found: dict[str, Any] | None = read(overview.claim, document_id, claim_id)
        if found is None:
            raise NotFound(f"no claim {claim_id} in document {document_id}")
        return found

    @app.get("/api/entities", tags=["entities"], summary="Cross-document entities, most reported first")
    def api_entities(name: str | None = None, type: str | None = None,
                     limit: int = Query(100, ge=1, le=1000)) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = read(overview.entity_list, type_=type, name=name, limit=limit)
        return rows

    @app.get("/api/entities/{entity_id}", tags=["entities"],
             summary="One entity: spellings and why, what it said, what was said about it, its events")
    def api_entity(entity_id: str) -> dict[str, Any]:
        found: dict[str, Any] = read(_entity, entity_id)
        return found

    @app.get("/api/documents/{document_id}", tags=["documents"],
             summary="One document's analysis (claimgraph.document/1), its copies and cross-document entities")
    def api_document(document_id: str) -> dict[str, Any]:
        shown = read(_document, document_id)
        return {**shown.pop("analysis").to_json(), "copy_of": shown["copy_of"], "copies": shown["copies"],
                "canonical_entities": shown["entities"], "stories": {c["id"]: c["story"] for c in shown["claims"]}}

    @app.get("/api/stories", tags=["stories"], summary="Stories: newest, most disputed, or single-source")
    def api_stories(order: str = Query("newest", pattern="^(newest|disputed|single)$"),
                    limit: int = Query(50, ge=1, le=1000)) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = read(stories.listing, order=order, limit=limit)
        return rows

    @app.get("/api/stories/{story_id}", tags=["stories"], summary="One story with its reports, support and dispute")
    def api_story(story_id: str) -> dict[str, Any]:
        found: dict[str, Any] = read(_story, story_id)
        return found

    @app.get("/api/timeline", tags=["events"], summary="Events in date order, with reports and independent sources")
    def api_timeline(about: str | None = None, since: str | None = None, until: str | None = None,
                     page: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = read(_timeline, about, since, until, page)
        return result

    @app.get("/api/graph", tags=["entities"], summary="Entities linked by claims and events")
    def api_graph(entity: str | None = None, kind: str = "all", limit: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = read(_graph, entity, kind, limit)
        return {k: v for k, v in result.items() if not k.startswith("_")}

    exports.register(app)  # downloads in every format, and briefs
    if token:
        app.add_middleware(TokenGate, token=token)  # added last, so it runs first
    return app


def warm_up(store: Store) -> None:
    """Work out what the first visitors of the home, entities, graph and timeline pages and the grade filter
    would otherwise wait for (seconds on a large corpus), and keep it (`web.cache`) until the store changes."""
    try:
        with store.begin() as c:
            overview.counts(c)
            for order in stories.ORDERS:
                stories.listing(c, order=order, limit=HOME_LIST)
            overview.entity_list(c, limit=HOME_ENTITIES)
            overview.entity_list(c, limit=ENTITIES_PAGE)
            _graph(c, None, "all", None)
            _timeline(c, None, None, None, None)
            stories.all_stories(c)
    except Exception:  # a warm-up that fails leaves the pages to work it out themselves
        log.exception("warming up the workbench failed")


def _gather_statistics(store: Store) -> None:
    """Let SQLite's planner know the tables' sizes (ANALYZE) once, so that it walks documents by date for the
    ledger instead of sorting every claim; a store that cannot be written is served all the same."""
    if store.dialect != "sqlite":
        return
    try:
        with store.begin() as c:
            if "sqlite_stat1" in inspect(c).get_table_names():
                return
        with store.begin(write=True) as c:
            c.exec_driver_sql("ANALYZE")
    except SQLAlchemyError as e:
        log.warning("could not ANALYZE %s: %s", store.shown, e)


def _entity(c: Connection, entity_id: str) -> dict[str, Any]:
    if not entity_id.isdigit() or not overview.canonical_exists(c, int(entity_id)):
        raise NotFound(f"no entity with id {entity_id}")
    return cache.cached(c, ("entity", int(entity_id)), lambda: overview.entity_page(c, int(entity_id)))


def _document(c: Connection, document_id: str) -> dict[str, Any]:
    shown = overview.document_page(c, document_id)
    if shown is None:
        raise NotFound(f"no document with id {document_id}")
    return shown


def _story(c: Connection, story_id: str) -> dict[str, Any]:
    found = stories.story(c, story_id)
    if found is None:
        raise NotFound(f"no story with id {story_id}")
    return found


def _page_number(raw: str | None) -> int:
    if raw is None or raw == "":
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= 1_000_000:
        raise InputError(f"page '{raw}' must be a whole number from 1")
    return int(raw)


def _timeline(c: Connection, about: str | None, since: str | None, until: str | None,
              page: str | None) -> dict[str, Any]:
    n = _page_number(page)
    since = check_bound(since, "since") if since else None
    until = check_bound(until, "until") if until else None
    result: dict[str, Any] = cache.cached(c, ("timeline", about or None, since, until, n), lambda: events.page(
        c, about=about or None, since=since, until=until, page=n, per_page=TIMELINE_PER_PAGE))
    return result


def _graph(c: Connection, entity: str | None, kind: str, limit: str | None) -> dict[str, Any]:
    if limit is not None and (not limit.isdigit() or not 2 <= int(limit) <= 80):
        raise InputError(f"limit '{limit}' must be a whole number from 2 to 80")
    center = None
    if entity:
        if not entity.isdigit() or not overview.canonical_exists(c, int(entity)):
            raise NotFound(f"no entity with id {entity}")
        center = int(entity)
    n = int(limit) if limit else 30
    return cache.cached(c, ("graph", center, kind, n), lambda: graphs.graph(c, center=center, kind=kind, limit=n))
