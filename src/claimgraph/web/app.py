"""The workbench: server-rendered pages and a JSON API over a claimgraph store (FastAPI + Jinja2, no script).

    from claimgraph.web import create_app
    app = create_app("news.db")          # then: uvicorn.run(app), or `claimgraph serve --db news.db`

Each resource is one view in the module named for it (`web.claims`, `web.documents`, `web.entities`,
`web.stories`, `web.timeline`, `web.graph`, `web.search`, `web.notebook`, `web.sources`,
`web.home`) that answers its page, or JSON under `/api/`, described by `/openapi.json`. Bad input
is a 400 naming the parameter, an unknown id a 404, a missing token a 401, a cross-site form a 403;
no response ever carries a traceback. `create_app` only assembles them.
"""
from __future__ import annotations

import logging
import os
import secrets
import threading
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from claimgraph.store import Store
from claimgraph.store.filters import ClaimFilter
from claimgraph.store.graph import GraphQuery
from claimgraph.store.timeline import TimelineFilter
from claimgraph.web import (
    api_schema,
    cache,
    claims,
    documents,
    entities,
    errors,
    exports,
    graph,
    home,
    notebook,
    search,
    security,
    sources,
    stories,
    timeline,
)
from claimgraph.web.answers import KeptAnswers
from claimgraph.web.csrf import BrowserCookie
from claimgraph.web.rendering import HERE, page, templates

log = logging.getLogger("claimgraph.web")

FAVICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" '
           'fill="#16202e"/><circle cx="5" cy="5" r="2.2" fill="#7fb0ff"/><circle cx="11" cy="11" r="2.2" '
           'fill="#ffd84d"/><path d="M5 5 L11 11" stroke="#fff" stroke-width="1.2"/></svg>')
ENV_KEEP_ANSWERS = "CLAIMGRAPH_KEEP_ANSWERS"
"""0 (or off) works every page out again on each request; by default pages are kept until the store changes."""
WATCH_SECONDS = 2.0
"""How often a warm workbench looks whether the store changed."""
RESOURCES = (home, claims, documents, entities, stories, timeline, graph, search, notebook, sources)
"""The modules whose `router` serves a resource."""
DESCRIPTION = ("Who said what, through whom, how sure: the claims, entities, events and stories of a claimgraph "
               "store. Every record is the `claimgraph.document/1` record it was stored from, with the "
               "cross-document entity and story it belongs to, and what analysts wrote about it.")

meta = APIRouter()


@meta.get("/api/", response_class=HTMLResponse, include_in_schema=False)
def api_index(request: Request) -> HTMLResponse:
    """The API described for people: every route, what it returns, its parameters."""
    schema = request.app.openapi()
    routes = [{"path": path, "summary": op.get("summary", ""), "tags": op.get("tags", []),
               "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                               "description": p.get("description", "")} for p in op.get("parameters", [])]}
              for path, ops in schema["paths"].items() for method, op in ops.items() if method == "get"]
    return page(request, "api.html", routes=routes, title=schema["info"]["title"],
                description=schema["info"].get("description", ""))


@meta.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return Response(FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})


def create_app(db: str | os.PathLike[str] | None = None, *, token: str | None = None,
               store: Store | None = None, warm: bool = False, keep_answers: bool | None = None) -> FastAPI:
    """The workbench over a store (opened from `db` unless given); with `token`, every request must show it;
    with `warm`, the corpus-wide answers are worked out in the background at once, and again whenever the
    store changes (see `keep_warm`); with `keep_answers` (by default, unless $CLAIMGRAPH_KEEP_ANSWERS is 0), whole
    answers are kept until the store or the notebook changes (`web.answers`)."""
    store = store or Store(db)
    _gather_statistics(store)
    if warm:
        threading.Thread(target=keep_warm, args=(store,), daemon=True, name="claimgraph-warm-up").start()
    app = FastAPI(title="claimgraph workbench", version="0.1.0", description=DESCRIPTION,
                  docs_url=None, redoc_url=None)  # Swagger UI and ReDoc load from a CDN; /api/ is ours
    app.state.store = store
    app.state.templates = templates()
    # forms are signed with a secret of this process (or of the token, so that they outlive a restart)
    app.state.csrf_secret = (token.encode() + b"/csrf") if token else secrets.token_bytes(32)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    errors.install(app)
    app.include_router(meta)
    for resource in RESOURCES:
        app.include_router(resource.router)
    exports.register(app)  # downloads in every format, and briefs
    if keep_answers is None:
        keep_answers = os.environ.get(ENV_KEEP_ANSWERS, "1").strip().lower() not in ("0", "no", "off", "false")
    if keep_answers:
        app.add_middleware(KeptAnswers, store=store)  # inside BrowserCookie, which sees the token it gives
    app.add_middleware(BrowserCookie)
    api_schema.document(app, gated=bool(token))
    security.harden(app, token)  # last: the gate runs first, the headers wrap every answer
    return app


def warm_up(store: Store) -> None:
    """Work out what the first visitors of the home, entities, graph and timeline pages and the grade filter
    would otherwise wait for (seconds on a large corpus), and keep it (`web.cache`) until the store changes."""
    try:
        with store.begin() as c:
            home.counts(c)
            for order in stories.ORDERS:
                stories.listing(c, order=order, limit=home.HOME_LIST)
            entities.entity_list(c, limit=home.HOME_ENTITIES)
            entities.entity_list(c, limit=entities.ENTITIES_PAGE)
            graph.graph(c, GraphQuery())
            timeline.page(c, TimelineFilter(), 1)
            timeline.months(c, TimelineFilter())
            stories.grades(c)
            claims.facets(c, ClaimFilter())
    except Exception:  # a warm-up that fails leaves the pages to work it out themselves
        log.exception("warming up the workbench failed")


def keep_warm(store: Store, every: float = WATCH_SECONDS, stop: threading.Event | None = None) -> None:
    """Warm up, then look every few seconds whether the store changed (an ingest in another process, a merge)
    and warm up again at once, so that the analyst's next page finds the new answers worked out."""
    stop = stop or threading.Event()
    seen: tuple[Any, ...] | None = None
    while not stop.is_set():
        current: tuple[Any, ...] | None
        try:
            with store.begin() as c:
                current = cache.version(c)
        except Exception:  # the store is away for a moment: look again later
            log.warning("could not read the store's version", exc_info=True)
            current = seen
        if current != seen:
            warm_up(store)
            seen = current
        stop.wait(every)


def _gather_statistics(store: Store) -> None:
    """Let SQLite's planner know the tables' sizes (ANALYZE) once, so that it walks documents by date for the
    ledger instead of sorting every claim; a store that cannot be written is served all the same."""
    if store.dialect != "sqlite":
        return
    try:
        with store.begin() as c:
            if inspect(c).has_table("sqlite_stat1"):  # get_table_names() leaves SQLite's own tables out
                return
        with store.begin(write=True) as c:
            c.exec_driver_sql("ANALYZE")
    except SQLAlchemyError as e:
        log.warning("could not ANALYZE %s: %s", store.shown, e)


__all__ = ["create_app", "keep_warm", "warm_up"]
