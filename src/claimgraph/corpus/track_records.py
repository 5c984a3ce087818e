"""Sources' track records across the stories: each source with its grade and why, and how the stories that rest
on it stand (corroborated, disputed, alone). A module of its own, apart from `grades` and `corroborate`, because
it reads both: the grades a source has, and the stories as `corroborate` summarises them."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from claimgraph.corpus import grades
from claimgraph.corpus.corroborate import summaries
from claimgraph.store import sources as store_sources


def source_records(conn: Connection) -> dict[int, dict[str, int]]:
    """source id -> its track record across the stories: how many stories its claims are in, in how many another
    independent origin bears out what it says (corroborated), in how many an origin disputes it (disputed), in how
    many it stands alone, and in how many it disputes what others say."""
    out: dict[int, dict[str, int]] = {}
    for s in summaries(conn).values():
        if not s.get("full", True):
            continue
        for src in s.get("sources") or ():
            rec = out.setdefault(src["id"], {"stories": 0, "corroborated": 0, "disputed": 0, "alone": 0,
                                             "disputes": 0})
            rec["stories"] += 1
            if src["supports"]:
                rec["corroborated"] += bool(src["corroborated"])
                rec["disputed"] += bool(src["disputed"])
                rec["alone"] += not src["corroborated"] and not src["disputed"]
            elif src["disputes"]:
                rec["disputes"] += 1
    return out


def stories_resting_on(conn: Connection, source_id: int, limit: int = 200) -> list[dict[str, Any]]:
    """The stories a source's claims are in, most widely reported first, with how its claims stand in each."""
    found = []
    for s in summaries(conn).values():
        mine = next((x for x in s.get("sources") or () if x["id"] == source_id), None)
        if mine is None or not s.get("full", True):
            continue
        found.append({"id": s["id"], "proposition": s["proposition"], "reports": s["reports"],
                      "independent_origins": s["independent_origins"], "grade": s["grade"],
                      "best_source": s["best_source"], "best_source_name": s.get("best_source_name"),
                      "supports": mine["supports"], "disputes": mine["disputes"],
                      "corroborated": mine["corroborated"], "disputed": mine["disputed"]})
    found.sort(key=lambda x: (-x["reports"], -x["independent_origins"], x["id"]))
    return found[:limit]


def _labelled(row: dict[str, Any]) -> dict[str, Any]:
    scale = grades.reliability_scale()
    by = row["graded_by"]
    row["label"] = scale[row["reliability"]]
    row["grade_kind"] = "analyst" if by == "analyst" else ("default" if by == "default" else "ungraded")
    if not row["graded"]:
        row["reason"] = "not in the lexicon of known sources, and no analyst has graded it"
    return row


def sources(conn: Connection, *, records: bool = True) -> list[dict[str, Any]]:
    """Every source with its grade (F where ungraded), why, by whom, its channels, its articles and (with
    `records`) its track record across the stories."""
    rows = [_labelled(r) for r in store_sources.listing(conn)]
    if records:
        found = source_records(conn)
        for r in rows:
            r["record"] = found.get(r["id"], empty_record())
    return rows


def source(conn: Connection, name: object) -> dict[str, Any]:
    """One source: its grade and why, the history of its grades, its channels, articles and track record, and the
    stories that rest on it."""
    found = grades.find_source(conn, name)
    row = next(r for r in store_sources.listing(conn) if r["id"] == found["id"])
    row = _labelled(row)
    row["record"] = source_records(conn).get(found["id"], empty_record())
    row["history"] = store_sources.history(conn, found["id"])
    row["stories"] = stories_resting_on(conn, found["id"])
    return row


def empty_record() -> dict[str, int]:
    """The track record of a source no story rests on."""
    return {"stories": 0, "corroborated": 0, "disputed": 0, "alone": 0, "disputes": 0}
