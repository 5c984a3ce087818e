"""Stories: what corroboration (`claimgraph.corpus.corroborate`) found, shaped for the pages; the story list and
one story (support beside dispute, reports by independent origin, the grade and why), as pages or JSON.

A story's grade depends on every claim in it and on the grades of its sources; corroboration keeps
each story's summary until that story changes, and the whole-corpus answers (every grade, every
summary) are kept here until the store changes (`web.cache`).
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import Connection

from claimgraph.corpus import corroborate
from claimgraph.errors import InputError
from claimgraph.store import claims as claim_queries
from claimgraph.store import notebook
from claimgraph.store import stories as store_stories
from claimgraph.store.ids import record_id
from claimgraph.web import cache
from claimgraph.web.errors import NotFound
from claimgraph.web.params import read
from claimgraph.web.rendering import respond

ORDERS = store_stories.ORDERS
router = APIRouter()


def available(conn: Connection) -> bool:
    """Whether this store holds stories."""
    return cache.has_table(conn, "story_claims") and store_stories.available(conn)


def shaped(s: dict[str, Any]) -> dict[str, Any]:
    """A summary with the names the templates use beside corroborate's own keys."""
    g = s.get("grade") or {}
    return {**s, "grade": g.get("code"), "grade_label": g.get("label"), "reason": g.get("reason"),
            "disputes": len(s.get("disputing_origins") or ()), "latest": s.get("last_published")}


def summaries(conn: Connection, story_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Summaries of some stories (grade and why, counts, origins), each kept until the store changes; those not
    kept are asked of corroboration, which works out again only the stories that changed."""
    current = cache.version(conn)
    out: dict[int, dict[str, Any]] = {}
    missing = []
    for sid in dict.fromkeys(story_ids):
        found = cache.peek(("story", sid), current)
        if found is None:
            missing.append(sid)
        else:
            out[sid] = found
    if missing and _only_grew_since_every_story(conn):
        # every story was summarised in this process and since then claims were only placed: every story again
        # costs only the stories new claims joined (corroborate reads their signatures alone), where the stories
        # asked for here would each have their signature read again, changed or not (a grouping over their claims)
        every = cache.peek("all-stories-by-id", current)
        if every is None:
            every = {s["id"]: s for s in all_stories(conn)}
            cache.put("all-stories-by-id", current, every)
        out.update((sid, every[sid]) for sid in missing if sid in every)
        missing = [sid for sid in missing if sid not in every]
    if missing:
        for sid, s in corroborate.summaries(conn, missing).items():
            out[sid] = shaped(s)
            cache.put(("story", sid), current, out[sid])
    return out


_every_lock = threading.Lock()
_every_stamp: dict[str, tuple[Any, ...]] = {}
"""Per store: its stories' stamp (`store.stories.stamp`) when every story was last summarised here."""


def _only_grew_since_every_story(conn: Connection) -> bool:
    """Whether every story was summarised in this process, and since then no source was graded and no entities
    merged or split (which change stories no new claim joined: every story would be graded again)."""
    with _every_lock:
        before = _every_stamp.get(str(conn.engine.url))
    return before is not None and corroborate.graded_before(conn) and before[3:] == store_stories.stamp(conn)[3:]


def all_stories(conn: Connection) -> list[dict[str, Any]]:
    """Every story's summary, most widely reported first; kept until the store changes."""
    if not available(conn):
        return []

    def compute() -> list[dict[str, Any]]:
        current = cache.version(conn)
        stamp = store_stories.stamp(conn)
        rows = [shaped(s) for s in corroborate.summaries(conn).values()]
        with _every_lock:
            _every_stamp[str(conn.engine.url)] = stamp
        for s in rows:
            cache.put(("story", s["id"]), current, s)
        return sorted(rows, key=lambda s: (-s["reports"], -s["independent_origins"], -s["claims"], s["id"]))
    return cache.cached(conn, "all-stories", compute)


def grades(conn: Connection) -> dict[int, int]:
    """story id -> credibility grade, for every story; kept until the store changes."""
    if not available(conn):
        return {}
    return cache.cached(conn, "grades", lambda: {s["id"]: s["grade"] for s in all_stories(conn) if s["grade"]})


def with_grade(conn: Connection, grade: int) -> list[int]:
    """The stories of one grade (the ledger's `store.filters.Grader`)."""
    return sorted(sid for sid, g in grades(conn).items() if g == grade)


def grades_of(conn: Connection, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(document id, claim id) -> {id, grade, reason, reports, origins} of the story the claim belongs to."""
    if not keys or not available(conn):
        return {}
    story_of = store_stories.story_of_claims(conn, keys)
    found = summaries(conn, sorted(set(story_of.values())))
    out = {}
    for key, sid in story_of.items():
        s = found.get(sid)
        if s is not None:
            out[key] = {"id": sid, "grade": s["grade"], "reason": s["reason"], "reports": s["reports"],
                        "origins": s["independent_origins"]}
    return out


def with_stories(conn: Connection, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claim dicts with the story (id, grade, why) each belongs to, and the analysts' tags on each."""
    found = grades_of(conn, [(c["document"]["id"], c["id"]) for c in claims])
    tags = notebook.tags_on(conn, "claim", [f"{c['document']['id']}/{c['id']}" for c in claims])
    for c in claims:
        c["story"] = found.get((c["document"]["id"], c["id"]))
        c["tags"] = tags.get(f"{c['document']['id']}/{c['id']}", [])
    return claims


def listing(conn: Connection, *, order: str = "newest", limit: int = 10) -> list[dict[str, Any]]:
    """Stories for a list: `newest` (last reported first), `disputed` (most disputing origins first) or
    `single` (resting on one independent origin, undisputed; most reported first).

    Where every story has been summarised (the grade filter, the story list) the lists come from all
    stories; otherwise from the stories that SQL picks for each list."""
    if order not in ORDERS:
        raise InputError(f"order '{order}' is not one of {', '.join(ORDERS)}")
    if not available(conn):
        return []
    current = cache.version(conn)
    rows = cache.peek("all-stories", current)
    if rows is None and corroborate.graded_before(conn):  # every story again costs only the changed ones
        rows = all_stories(conn)
    if rows is None:
        ids = cache.cached(conn, ("story-candidates", order), lambda: store_stories.candidates(conn, order), current)
        rows = list(summaries(conn, ids).values())
    if order == "newest":
        rows = sorted(rows, key=lambda s: (s["last_published"] or "", s["reports"], s["id"]), reverse=True)
    elif order == "disputed":
        rows = sorted((s for s in rows if s["disputed"]), key=lambda s: (-s["disputes"], -s["reports"], s["id"]))
    else:
        rows = sorted((s for s in rows if s["independent_origins"] == 1 and not s["disputed"]),
                      key=lambda s: (-s["reports"], s["id"]))
    return rows[:limit]


def story(conn: Connection, story_id: str) -> dict[str, Any] | None:
    """One story: proposition, reports grouped by independent origin, supporting and disputing side by side,
    the grade and why, the analysts' notes and tags; None where there is no such story."""
    number = record_id(story_id)
    if number is None or not available(conn):
        return None
    try:
        s = shaped(corroborate.story(conn, number))
    except InputError:
        return None
    reports = s.pop("items", [])
    claims = claim_queries.by_key(conn, [(r["document"]["id"], r["claim"]) for r in reports])
    support: list[dict[str, Any]] = []
    dispute: list[dict[str, Any]] = []
    by_origin: dict[str, list[dict[str, Any]]] = {}
    for r in reports:
        c = claims.get((r["document"]["id"], r["claim"]))
        if c is None:
            continue
        c = {**c, "relation": r["relation"], "why": r["why"], "origin": r["origin"],
             "source_grade": r["source_grade"]}
        (dispute if r["relation"] == "disputes" else support).append(c)
        by_origin.setdefault(r["origin"], []).append(c)
    s.update(support=support, dispute=dispute, reports_detail=reports,
             by_origin=[{"origin": k, "claims": v} for k, v in by_origin.items()],
             hedges=s.get("hedged_by") or [],
             notes=notebook.notes_on(conn, "story", story_id),
             tags=notebook.tags_on(conn, "story", [story_id]).get(story_id, []))
    return s


@router.get("/stories", include_in_schema=False)
@router.get("/api/stories", tags=["stories"], summary="Stories: newest, most disputed, or single-source")
def stories_view(request: Request, order: str = Query("newest", pattern="^(newest|disputed|single)$"),
                 limit: int = Query(50, ge=1, le=1000), conn: Connection = Depends(read)) -> Response:
    """The story list in one order."""
    rows = listing(conn, order=order, limit=limit)
    return respond(request, "stories.html", rows, order=order, orders=ORDERS, has_stories=available(conn))


@router.get("/stories/{story_id}", include_in_schema=False)
@router.get("/api/stories/{story_id}", tags=["stories"],
            summary="One story with its reports, support and dispute, notes and tags")
def story_view(request: Request, story_id: str, conn: Connection = Depends(read)) -> Response:
    """One story."""
    found = story(conn, story_id)
    if found is None:
        raise NotFound(f"no story with id {story_id}")
    return respond(request, "story.html", found, s=found)
