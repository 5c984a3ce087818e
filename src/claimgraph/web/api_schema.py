"""The JSON API's description in `/openapi.json`, made exact: parameters as their parsers take them, errors as sent.

The routes take their filters as strings, so that a bad value gets a 400 that names it in our own
words (`ClaimFilter.from_params`, `check_bound`, `whole_number`, ...) rather than a generic validation error; left
alone, the schema would call any string valid. `PARAMETERS` states, next to the constants the
parsers use, what each one accepts. Every error is a JSON object `{"error": "..."}`: 400 for a
bad parameter (FastAPI's own 422 never leaves the app: validation errors become 400s), 404 for an
id that names nothing, 401 without the token where one is required, 503 where the store cannot be
reached. A client, or schemathesis, can hold the API to the result.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from fastapi import FastAPI

from claimgraph.records import STANCES
from claimgraph.store.documents import COPIES
from claimgraph.store.filters import MAX_PAGE, MAX_PER_PAGE, SORTS, UNDATED
from claimgraph.store.graph import KINDS as GRAPH_KINDS
from claimgraph.store.notebook import KINDS as NOTE_KINDS
from claimgraph.store.notebook import TAG_MAX

_DATE = {"type": "string", "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
         "description": "YYYY-MM-DD, YYYY-MM or YYYY"}
_ID = {"type": "integer", "minimum": 1, "maximum": 999_999_999}
"""An id as `whole_number` reads it: at most nine digits."""
_PAGE = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}
_PER_PAGE = {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}


def _one_of(values: Sequence[str]) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _or_empty(schema: dict[str, Any]) -> dict[str, Any]:
    """A parameter that may also be given empty, meaning not given (as a form sends a field left blank)."""
    return {"anyOf": [schema, {"type": "string", "enum": [""]}]}


_DATES = {"since": _or_empty(_DATE), "until": _or_empty(_DATE)}
PARAMETERS: dict[str, dict[str, dict[str, Any]]] = {
    "/api/claims": {"stance": _or_empty(_one_of(STANCES)), "grade": _or_empty({**_ID, "maximum": 6}),
                    "undated": _or_empty(_one_of(UNDATED)), "sort": _or_empty(_one_of(SORTS)),
                    "story": _or_empty(_ID), "page": _or_empty(_PAGE), "per_page": _or_empty(_PER_PAGE), **_DATES},
    "/api/documents": {"undated": _or_empty(_one_of(UNDATED)), "copies": _or_empty(_one_of(COPIES)),
                       "page": _or_empty(_PAGE), **_DATES},
    "/api/timeline": {"page": _or_empty(_PAGE), **_DATES},
    "/api/graph": {"kind": _one_of(GRAPH_KINDS), "limit": _or_empty({**_ID, "minimum": 2, "maximum": 80}),
                   "expand": {"type": "array", "items": _or_empty(_ID)}, **_DATES},
    "/api/notes": {"kind": _or_empty(_one_of(NOTE_KINDS))},
    "/api/tags": {"tag": {"type": "string", "maxLength": TAG_MAX, "description": "a tag, case and spacing aside"}},
}
"""What a string parameter of a route accepts, by route and name."""

ERROR_SCHEMA = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}},
                "title": "Error"}
_REF = {"$ref": "#/components/schemas/Error"}


def _answer(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _REF}}}


def _can_miss(path: str, operation: dict[str, Any]) -> bool:
    """Whether the route looks something up that may not be there: an id in its path or an entity to centre on."""
    return "{" in path or any(p.get("name") == "entity" for p in operation.get("parameters", []))


def _exact(path: str, operation: dict[str, Any], gated: bool) -> None:
    """One operation with its parameters' real constraints and every error answer it gives."""
    exact = PARAMETERS.get(path, {})
    for parameter in operation.get("parameters", []):
        if parameter.get("name") in exact:
            parameter["schema"] = {**exact[parameter["name"]], "title": parameter.get("schema", {}).get("title", "")}
    answers = operation.setdefault("responses", {})
    answers.pop("422", None)
    if operation.get("parameters"):
        answers["400"] = _answer("A parameter is not valid: the error names it and says why")
    if _can_miss(path, operation):
        answers["404"] = _answer("Nothing in the store has this id")
    if gated:
        answers["401"] = _answer("The request does not show the workbench's access token")
    answers["503"] = _answer("The store cannot be reached")


def document(app: FastAPI, *, gated: bool = False) -> None:
    """Make `app.openapi()` describe each API route's parameters and error answers exactly (and no 422)."""
    generate = app.openapi
    done: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        if "schema" not in done:
            schema = generate()
            for path, operations in schema.get("paths", {}).items():
                for operation in operations.values():
                    _exact(path, operation, gated)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for unused in ("HTTPValidationError", "ValidationError"):
                components.pop(unused, None)
            components["Error"] = ERROR_SCHEMA
            done["schema"] = schema
        return cast(dict[str, Any], done["schema"])

    cast(Any, app).openapi = openapi
