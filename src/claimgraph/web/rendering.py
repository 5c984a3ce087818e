"""One view, two answers: a resource rendered as an HTML page from its template, or returned as JSON.

A view computes its data once and hands it to `respond`: under `/api/` (or with `?format=json`)
the data is the JSON answer; elsewhere it fills the page's template. Jinja2 escapes every value,
so article text is always shown as text.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from claimgraph.records import STANCES
from claimgraph.web import csrf

HERE = Path(__file__).resolve().parent


def wants_json(request: Request) -> bool:
    """Whether a request asks for JSON: an `/api/` path, `/openapi.json`, or `?format=json`."""
    path = request.url.path
    return path.startswith("/api/") or path == "/openapi.json" or request.query_params.get("format") == "json"


def band(p: dict[str, Any] | None) -> str:
    """An ICD 203 band as the pages show it: 'likely (55%–80%)'."""
    return f"{p['term']} ({p['low']:.0%}–{p['high']:.0%})" if p else ""


def speaker_name(claim: dict[str, Any]) -> str:
    """The speaker as the ledger shows it: the cross-document name, else the words of the article."""
    sp = claim.get("speaker") or {}
    canonical = sp.get("canonical") or {}
    return str(canonical.get("name") or sp.get("text") or "")


def templates() -> Environment:
    """The page templates, every value escaped."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["speaker"] = speaker_name
    env.filters["band"] = band
    env.globals["stances"] = STANCES
    env.globals["csrf_field"] = csrf.field
    return env


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page rendered from its template."""
    env: Environment = request.app.state.templates
    html = env.get_template(template).render(request=request, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


def respond(request: Request, template: str, data: Any, *, json: Callable[[Any], Any] | None = None,
            **context: Any) -> Response:
    """The resource as JSON (shaped by `json` where given) or as its page, with `data` and `context`."""
    if wants_json(request):
        shaped = json(data) if json else data
        try:  # the store's answers are JSON-ready already; the encoder walks them only where they are not
            return JSONResponse(shaped)
        except (TypeError, ValueError):
            return JSONResponse(jsonable_encoder(shaped))
    return page(request, template, data=data, **context)


def problem(request: Request, status: int, title: str, reason: str) -> Response:
    """An error as JSON `{"error": reason}` or as the error page."""
    if wants_json(request):
        return JSONResponse({"error": reason}, status_code=status)
    return page(request, "error.html", status=status, title=title, reason=reason)
