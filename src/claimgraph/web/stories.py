"""Stories for the workbench: what corroboration (`claimgraph.corpus.corroborate`) found, shaped for the pages.

A story's grade depends on every claim in it and on the grades of its sources, so the summaries of
all stories are worked out together and kept until the store changes (a new claim in a story, a new
story, a source graded): a version read with three cheap queries tells.
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, inspect, select

from claimgraph.corpus import corroborate
from claimgraph.errors import InputError
from claimgraph.store import schema as t

ORDERS = ("newest", "disputed", "single")

_lock = threading.Lock()
_cache: dict[str, Any] = {}


def available(conn: Connection) -> bool:
    """Whether this store holds stories."""
    if "story_claims" not in inspect(conn).get_table_names():
        return False
    return conn.execute(select(corroborate.story_claims.c.claim_pk).limit(1)).first() is not None


def _version(conn: Connection) -> tuple[Any, ...]:
    sc, s = corroborate.story_claims, t.sources
    return (str(conn.engine.url),
            *conn.execute(select(func.count(), func.max(sc.c.claim_pk), func.sum(sc.c.story_id))).one(),
            tuple(conn.execute(select(s.c.id, s.c.reliability).where(s.c.reliability.is_not(None))
                               .order_by(s.c.id)).all()))


def all_stories(conn: Connection) -> list[dict[str, Any]]:
    """Every story's summary (proposition, counts, origins, grade), most widely reported first; cached."""
    if not available(conn):
        return []
    version = _version(conn)
    with _lock:
        if _cache.get("version") == version:
            cached: list[dict[str, Any]] = _cache["stories"]
            return cached
    found = [_shaped(s) for s in corroborate.stories(conn)]
    with _lock:
        _cache.update(version=version, stories=found, by_id={s["id"]: s for s in found})
    return found


def _shaped(s: dict[str, Any]) -> dict[str, Any]:
    """A summary with the names the templates use beside corroborate's own keys."""
    g = s.get("grade") or {}
    return {**s, "grade": g.get("code"), "grade_label": g.get("label"), "reason": g.get("reason"),
            "origins_count": s.get("independent_origins", 0), "disputes": len(s.get("disputing_origins") or ()),
            "latest": s.get("last_published")}


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
    all_stories(conn)
    by_id: dict[int, dict[str, Any]] = _cache.get("by_id", {})
    out = {}
    for key, sid in story_of.items():
        s = by_id.get(sid)
        if s is not None:
            out[key] = {"id": sid, "grade": s["grade"], "reason": s["reason"], "reports": s["reports"],
                        "origins": s["independent_origins"]}
    return out


def claims_with_grade(conn: Connection, grade: int) -> list[int]:
    """Row keys (`claims.pk`) of the claims whose story has this credibility grade."""
    ids = [s["id"] for s in all_stories(conn) if s["grade"] == grade]
    if not ids:
        return []
    sc = corroborate.story_claims
    found: list[int] = []
    for i in range(0, len(ids), 400):
        found += conn.execute(select(sc.c.claim_pk).where(sc.c.story_id.in_(ids[i:i + 400]))).scalars().all()
    return found


def listing(conn: Connection, *, order: str = "newest", limit: int = 10) -> list[dict[str, Any]]:
    """Stories for the home page: `newest` (last reported first), `disputed` (most disputing origins first) or
    `single` (resting on one independent origin, undisputed; most reported first)."""
    if order not in ORDERS:
        raise InputError(f"order '{order}' is not one of {', '.join(ORDERS)}")
    rows = all_stories(conn)
    if order == "newest":
        rows = sorted(rows, key=lambda s: (s["last_published"] or "", s["reports"]), reverse=True)
    elif order == "disputed":
        rows = sorted((s for s in rows if s["disputed"]),
                      key=lambda s: (-s["disputes"], -s["reports"], s["id"]))
    else:
        rows = [s for s in rows if s["independent_origins"] == 1 and not s["disputed"]]
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
    support, dispute, by_origin = [], [], {}
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
