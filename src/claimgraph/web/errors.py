"""How the workbench answers what goes wrong: a 400 naming the bad input, a 404 for an unknown id, a 403 for a
cross-site form, a 503 when the store is away, a 500 without a traceback; as JSON under `/api/`, else a page."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimgraph.errors import ClaimgraphError, InputError, StoreError
from claimgraph.web.csrf import CrossSiteRequest
from claimgraph.web.rendering import problem

log = logging.getLogger("claimgraph.web")


class NotFound(Exception):
    """An id that names nothing in the store."""


async def _bad_input(request: Request, exc: Exception) -> Response:
    return problem(request, 400, "Bad request", str(exc))


async def _bad_parameter(request: Request, exc: Exception) -> Response:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    first = errors[0] if errors else {}
    where = ".".join(str(x) for x in first.get("loc", ()) if x not in ("query", "path", "body"))
    return problem(request, 400, "Bad request", f"{where or 'request'}: {first.get('msg', 'invalid value')}")


async def _not_found(request: Request, exc: Exception) -> Response:
    return problem(request, 404, "Not found", str(exc))


async def _cross_site(request: Request, exc: Exception) -> Response:
    return problem(request, 403, "Forbidden", str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return problem(request, 404, "Not found", f"there is no page at {request.url.path}")
    response = problem(request, exc.status_code, "Error", str(exc.detail))
    response.headers.update(exc.headers or {})  # a 405 says which methods are allowed
    return response


async def _store_error(request: Request, exc: Exception) -> Response:
    return problem(request, 503, "Store unavailable", str(exc))


async def _server_error(request: Request, exc: Exception) -> Response:
    log.error("error serving %s", request.url.path, exc_info=exc)  # the traceback goes to the log, never the page
    return problem(request, 500, "Server error", "something went wrong on the server; the log says what")


def install(app: FastAPI) -> None:
    """Answer every error the app can raise."""
    app.add_exception_handler(InputError, _bad_input)
    app.add_exception_handler(RequestValidationError, _bad_parameter)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(CrossSiteRequest, _cross_site)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(ClaimgraphError, _bad_input)
    app.add_exception_handler(Exception, _server_error)
