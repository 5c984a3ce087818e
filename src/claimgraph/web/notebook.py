"""What analysts write: notes and tags on claims, entities and stories, and saved searches. Forms post here
(without script, each protected by `web.csrf`) and go back to the page they came from; the lists answer pages or
JSON."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection

from claimgraph.errors import InputError
from claimgraph.store import notebook
from claimgraph.store.filters import whole_number
from claimgraph.web import csrf
from claimgraph.web.params import read, store
from claimgraph.web.rendering import respond

router = APIRouter()


def back(target: str | None, fallback: str) -> str:
    """Where a form returns: a path on this workbench (never another host), else the fallback."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")) and "\n" not in target:
        return target
    return fallback


def page_of(kind: str, target: str) -> str:
    """The page a claim, entity or story is shown on."""
    if kind == "claim":
        return f"/claims/{target}"
    return f"/{'entities' if kind == 'entity' else 'stories'}/{target}"


async def _write(request: Request, action: Callable[[Connection, dict[str, str]], str]) -> Response:
    """Read the form (a cross-site post is refused), run the action in a write transaction, go where it says."""
    fields = await csrf.form(request)

    def run() -> str:
        with store(request).begin(write=True) as conn:
            return action(conn, fields)
    where = await run_in_threadpool(run)
    return RedirectResponse(back(fields.get("next"), where), status_code=303)


@router.post("/notes", include_in_schema=False)
async def add_note(request: Request) -> Response:
    """Write a note on a claim, entity or story."""
    def action(conn: Connection, f: dict[str, str]) -> str:
        note = notebook.add_note(conn, f.get("kind", ""), f.get("target", ""), f.get("text", ""))
        return page_of(note["kind"], note["target"])
    return await _write(request, action)


@router.post("/notes/{note_id}/delete", include_in_schema=False)
async def delete_note(request: Request, note_id: str) -> Response:
    """Delete a note."""
    def action(conn: Connection, f: dict[str, str]) -> str:
        note = notebook.delete_note(conn, whole_number(note_id, "note", 1, 2**31 - 1))
        return page_of(note["kind"], note["target"])
    return await _write(request, action)


@router.post("/tags", include_in_schema=False)
async def add_tag(request: Request) -> Response:
    """Tag a claim, entity or story."""
    def action(conn: Connection, f: dict[str, str]) -> str:
        tag = notebook.add_tag(conn, f.get("kind", ""), f.get("target", ""), f.get("tag", ""))
        return page_of(tag["kind"], tag["target"])
    return await _write(request, action)


@router.post("/tags/delete", include_in_schema=False)
async def remove_tag(request: Request) -> Response:
    """Take a tag off a claim, entity or story."""
    def action(conn: Connection, f: dict[str, str]) -> str:
        tag = notebook.remove_tag(conn, f.get("kind", ""), f.get("target", ""), f.get("tag", ""))
        return page_of(tag["kind"], tag["target"])
    return await _write(request, action)


@router.post("/searches", include_in_schema=False)
async def save_search(request: Request) -> Response:
    """Keep the search of a page under a name."""
    def action(conn: Connection, f: dict[str, str]) -> str:
        notebook.save_search(conn, f.get("name", ""), f.get("resource", "claims"), f.get("query", ""))
        return "/searches"
    return await _write(request, action)


@router.post("/searches/{search_id}/delete", include_in_schema=False)
async def delete_search(request: Request, search_id: str) -> Response:
    """Forget a saved search."""
    def action(conn: Connection, f: dict[str, str]) -> str:
        notebook.delete_search(conn, whole_number(search_id, "search", 1, 2**31 - 1))
        return "/searches"
    return await _write(request, action)


@router.get("/searches", include_in_schema=False)
@router.get("/api/searches", tags=["analysts"], summary="Saved searches, by name")
def searches_view(request: Request, conn: Connection = Depends(read)) -> Response:
    """The saved searches."""
    rows = notebook.searches(conn)
    return respond(request, "searches.html", rows, searches=rows)


@router.get("/tags", include_in_schema=False)
@router.get("/api/tags", tags=["analysts"], summary="Tags, with how many claims, entities and stories carry each")
def tags_view(request: Request, tag: str | None = None, conn: Connection = Depends(read)) -> Response:
    """Every tag; with `tag`, what carries it."""
    data: dict[str, Any] = {"tags": notebook.all_tags(conn), "tag": None, "tagged": []}
    if tag and tag.strip():
        data["tag"] = notebook.check_tag(tag)
        data["tagged"] = [{**r, "href": page_of(r["kind"], r["target"])} for r in notebook.tagged(conn, tag)]
    return respond(request, "tags.html", data, t=data)


@router.get("/notes", include_in_schema=False)
@router.get("/api/notes", tags=["analysts"], summary="The newest notes on claims, entities and stories")
def notes_view(request: Request, kind: str | None = None, conn: Connection = Depends(read)) -> Response:
    """The newest notes (of one kind of target, where given)."""
    if kind and kind not in notebook.KINDS:
        raise InputError(f"kind '{kind}' is not one of {', '.join(notebook.KINDS)}")
    rows = [{**n, "href": page_of(n["kind"], n["target"])} for n in notebook.all_notes(conn, kind or None)]
    return respond(request, "notes.html", rows, notes=rows)
