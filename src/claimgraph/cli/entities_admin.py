"""`claimgraph entities merge | split | resolve | log`: an analyst's corrections to cross-document entities.

Each mirrors a function of `claimgraph.corpus.resolve`; every change is logged with its rule, so a
merge can be split again and a split merged back.
"""
from __future__ import annotations

import argparse
import json
from typing import Any

from sqlalchemy import Connection, select

from claimgraph.corpus import resolve
from claimgraph.store import DEFAULT_DB, ENV_DB, Store
from claimgraph.store import schema as t

DB_HELP = (f"the store: a SQLite file path or a postgresql://USER@HOST:PORT/DB URL "
           f"(default: ${ENV_DB}, else ./{DEFAULT_DB})")


def _common(p: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a --db or --json given before the action ("entities --db X merge ...") in force
    p.add_argument("--db", metavar="PATH|URL", default=argparse.SUPPRESS, help=DB_HELP)
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print the result as JSON")


def register_entities(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("merge", help="join entity B into entity A (the same real-world entity)",
                       description="Join canonical entity B into A: every article's mention of B becomes a mention "
                                   "of A. The merge is logged, and `claimgraph entities split` takes members out again.")
    p.add_argument("a", metavar="A", help="the entity that stays: its id, or a name that names only it")
    p.add_argument("b", metavar="B", help="the entity joined into A: its id, or a name that names only it")
    _common(p)
    p.set_defaults(func=run_merge)

    p = sub.add_parser("split", help="take wrongly joined members out of an entity into a new one",
                       description="Take members out of a canonical entity into a new canonical entity: either one "
                                   "article's entity (DOCUMENT_ID:ENTITY_ID, as `claimgraph show ENTITY` lists them; "
                                   "6+ characters of the document id suffice) or every member that has a name (for "
                                   "example a spelling that belongs to a different person).")
    p.add_argument("entity", metavar="ENTITY", help="the entity to split: its id, or a name that names only it")
    p.add_argument("member", metavar="NAME|DOCUMENT_ID:ENTITY_ID",
                   help="the members to take out: a name they bear, or one article's entity")
    _common(p)
    p.set_defaults(func=run_split)

    p = sub.add_parser("log", help="show why an entity holds what it holds: every link, merge and split",
                       description="List every logged resolution decision about one canonical entity, oldest "
                                   "first: each article entity linked to it with the rule and score, and every "
                                   "merge and split (an entity merged away keeps its log under its old id).")
    p.add_argument("entity", metavar="ENTITY", help="the entity: its id, or a name that names only it")
    _common(p)
    p.set_defaults(func=run_log)

    p = sub.add_parser("resolve", help="link entities of stored articles that are not linked yet",
                       description="Run cross-document entity resolution over every stored article whose entities "
                                   "are not yet linked to a canonical entity (ingest does this for each new article).")
    _common(p)
    p.set_defaults(func=run_resolve)


entity_id = resolve.entity_id
"""Kept under its old name: the CLI resolves an id or a name the way the Python API does."""


def _name(conn: Connection, cid: int) -> str:
    ce = t.canonical_entities
    return str(conn.execute(select(ce.c.name).where(ce.c.id == cid)).scalar_one())


def _members(conn: Connection, cid: int) -> int:
    e = t.entities
    return len(conn.execute(select(e.c.id).where(e.c.canonical_id == cid)).all())


def _report(args: argparse.Namespace, data: dict[str, Any], line: str) -> int:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print(line)
    return 0


def run_merge(args: argparse.Namespace) -> int:
    store = Store(getattr(args, "db", None))
    try:
        with store.begin(write=True) as conn:
            a, b = entity_id(conn, args.a), entity_id(conn, args.b)
            name_a, name_b = _name(conn, a), _name(conn, b)
            moved = _members(conn, b)
            resolve.merge(conn, a, b)
    finally:
        store.close()
    return _report(args, {"action": "merge", "into": {"id": a, "name": name_a}, "from": {"id": b, "name": name_b},
                          "moved": moved},
                   f"merged {b} ({name_b}) into {a} ({name_a}): {moved} article entities moved")


def run_split(args: argparse.Namespace) -> int:
    store = Store(getattr(args, "db", None))
    try:
        with store.begin(write=True) as conn:
            cid = entity_id(conn, args.entity)
            name = _name(conn, cid)
            new = resolve.split(conn, cid, args.member)
            new_name, moved = _name(conn, new), _members(conn, new)
    finally:
        store.close()
    return _report(args, {"action": "split", "from": {"id": cid, "name": name}, "into": {"id": new, "name": new_name},
                          "moved": moved},
                   f"split {moved} article entities out of {cid} ({name}) into new entity {new} ({new_name})")


def run_resolve(args: argparse.Namespace) -> int:
    store = Store(getattr(args, "db", None))
    try:
        with store.begin(write=True) as conn:
            links = resolve.resolve_all(conn)
    finally:
        store.close()
    joined = sum(1 for link in links if not link.rule.startswith("first mention"))
    return _report(args, {"action": "resolve", "linked": len(links), "joined_existing": joined},
                   f"linked {len(links)} article entities ({joined} joined an existing entity)")


def run_log(args: argparse.Namespace) -> int:
    store = Store(getattr(args, "db", None))
    try:
        with store.begin() as conn:
            ref = args.entity.strip()
            cid = int(ref) if ref.isdigit() else entity_id(conn, ref)
            rows = resolve.history(conn, cid)
    finally:
        store.close()
    if getattr(args, "json", False):
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        what = f"{r['document_id'][:12]}:{r['entity_id']} {r['entity_name'] or ''}".strip() if r["document_id"] else ""
        other = f" (other entity {r['other_canonical_id']})" if r["other_canonical_id"] is not None else ""
        score = f" {r['score']:.2f}" if r["score"] is not None else ""
        print(f"{r['at']}  {r['action']:<5} {r['canonical_id']}{other}  {what}  {r['rule'] or ''}{score}".rstrip())
    return 0
