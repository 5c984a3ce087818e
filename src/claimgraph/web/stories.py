"""Stories for the workbench: what corroboration (`claimgraph.corpus.corroborate`) found, shaped for the pages.

A story's grade depends on every claim in it and on the grades of its sources; summaries are worked
out for the stories a page shows and kept until the store changes (`web.cache`).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from claimgraph.corpus import corroborate
from claimgraph.errors import InputError
from claimgraph.store import schema as t
from claimgraph.web import cache

ORDERS = ("newest", "disputed", "single")
CANDIDATES = 100
"""Stories summarised to fill a home-page list when the whole corpus has not been summarised yet."""


def available(conn: Connection) -> bool:
    """Whether this store holds stories."""
    if not cache.has_table(conn, "story_claims"):
        return False
    return conn.execute(select(corroborate.story_claims.c.claim_pk).limit(1)).first() is not None


def all_stories(conn: Connection) -> list[dict[str, Any]]:
    """Every story's summary (proposition, counts, origins, grade), most widely reported first; kept until the
    store changes."""
    if not available(conn):
        return []
    return cache.cached(conn, "all-stories", lambda: [_shaped(s) for s in corroborate.stories(conn)])


def summaries(conn: Connection, story_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Summaries of some stories (grade and why, counts, origins), each kept until the store changes."""
    current = cache.version(conn)
    out: dict[int, dict[str, Any]] = {}
    missing = []
    for sid in dict.fromkeys(story_ids):
        found = cache.peek(("story", sid), current)
        if found is None:
            missing.append(sid)
        else:
            out[sid] = found
    if missing:
        # corroborate's own loading and summary, for just these stories
        loaded = corroborate._load(conn, missing)
        for sid, items in loaded.items():
            s = corroborate.summarise(sid, items, detail=False)
            s.pop("_entities", None)
            out[sid] = _shaped(s)
            cache.put(("story", sid), current, out[sid])
    return out


def _shaped(s: dict[str, Any]) -> dict[str, Any]:
    """A summary with the names the templates use beside corroborate's own keys."""
    g = s.get("grade") or {}
    return {**s, "grade": g.get("code"), "grade_label": g.get("label"), "reason": g.get("reason"),
            "disputes": len(s.get("disputing_origins") or ()), "latest": s.get("last_published")}


def _claim_story(conn: Connection, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], int]:
    c, sc = t.claims, corroborate.story_claims
    out: dict[tuple[str, str], int] = {}
    docs = sorted({d for d, _ in keys})
    for i in range(0, len(docs), 400):
        q = select(c.c.document_id, c.c.id, sc.c.story_id).join(sc, sc.c.claim_pk == c.c.pk) \
            .where(c.c.document_id.in_(docs[i:i + 400]))
        for r in conn.execute(q):
            out[(r.document_id, r.id)] = r.story_id
    return out


def grades_of(conn: Connection, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(document id, claim id) -> {id, grade, reason, reports, origins} of the story the claim belongs to."""
    if not keys or not available(conn):
        return {}
    wanted = set(keys)
    story_of = {k: v for k, v in _claim_story(conn, keys).items() if k in wanted}
    found = summaries(conn, sorted(set(story_of.values())))
    out = {}
    for key, sid in story_of.items():
        s = found.get(sid)
        if s is not None:
            out[key] = {"id": sid, "grade": s["grade"], "reason": s["reason"], "reports": s["reports"],
                        "origins": s["independent_origins"]}
    return out


def claims_with_grade(conn: Connection, grade: int) -> Any:
    """A subquery of the row keys (`claims.pk`) of the claims whose story has this credibility grade."""
    sc = corroborate.story_claims
    ids = [s["id"] for s in all_stories(conn) if s["grade"] == grade]
    return select(sc.c.claim_pk).where(sc.c.story_id.in_(ids or [-1]))


def _candidates(conn: Connection, order: str) -> list[int]:
    """Story ids worth summarising for a list, found by SQL alone."""
    c, d, sc = t.claims, t.documents, corroborate.story_claims
    if order == "newest":
        q = select(sc.c.story_id, func.max(d.c.published).label("p")).select_from(
            sc.join(c, c.c.pk == sc.c.claim_pk).join(d, d.c.id == c.c.document_id)) \
            .where(d.c.pk.in_(select(d.c.pk).order_by(d.c.published.desc(), d.c.pk.desc()).limit(CANDIDATES))) \
            .group_by(sc.c.story_id).order_by(func.max(d.c.published).desc())
    elif order == "disputed":
        q = select(sc.c.story_id).select_from(sc.join(c, c.c.pk == sc.c.claim_pk)) \
            .where((c.c.stance == "disputed") | sc.c.denial | sc.c.negated) \
            .group_by(sc.c.story_id).order_by(func.count().desc())
    else:
        q = select(sc.c.story_id).select_from(sc.join(c, c.c.pk == sc.c.claim_pk)) \
            .group_by(sc.c.story_id).order_by(func.count(func.distinct(c.c.document_id)).desc())
    return [r[0] for r in conn.execute(q.limit(CANDIDATES))]


def listing(conn: Connection, *, order: str = "newest", limit: int = 10) -> list[dict[str, Any]]:
    """Stories for the home page: `newest` (last reported first), `disputed` (most disputing origins first) or
    `single` (resting on one independent origin, undisputed; most reported first).

    Where the whole corpus has been summarised (the grade filter, `/api/stories`) the lists come from all
    stories; otherwise from the CANDIDATES stories that SQL picks for each list."""
    if order not in ORDERS:
        raise InputError(f"order '{order}' is not one of {', '.join(ORDERS)}")
    if not available(conn):
        return []
    current = cache.version(conn)
    rows = cache.peek("all-stories", current)
    if rows is None:
        ids = cache.cached(conn, ("story-candidates", order), lambda: _candidates(conn, order), current)
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
    the grade and why; None where there is no such story."""
    if not story_id.isdigit() or not available(conn):
        return None
    try:
        s = _shaped(corroborate.story(conn, int(story_id)))
    except InputError:
        return None
    reports = s.pop("items", [])
    from claimgraph.web.overview import claims_by_key

    claims = claims_by_key(conn, [(r["document"]["id"], r["claim"]) for r in reports])
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
             hedges=s.get("hedged_by") or [])
    return s
