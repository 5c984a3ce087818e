"""`claimgraph entities merge | split | resolve | log`: an analyst's corrections to cross-document entities.

Each mirrors a function of `claimgraph.corpus.resolve`; every change is logged with its rule, so a
merge can be split again and a split merged back.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from claimgraph.cli.options import DB_HELP
from claimgraph.cli.output import counted
from claimgraph.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from claimgraph.store import Store


def _common(p: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a --db or --json given before the action ("entities --db X merge ...") in force
    p.add_argument("--db", metavar="PATH|URL", default=argparse.SUPPRESS, help=DB_HELP)
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print the result as JSON")


def register_entities(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("merge", help="join entity B into entity A (the same real-world entity), after asking",
                       description="Join canonical entity B into A: every article's mention of B becomes a mention "
                                   "of A. It shows both entities and asks before it merges (--yes merges without "
                                   "asking; with no terminal to ask on, --yes is needed). The merge is logged, and "
                                   "`claimgraph entities split` takes members out again.")
    p.add_argument("a", metavar="A", help="the entity that stays: its id, or a name that names only it")
    p.add_argument("b", metavar="B", help="the entity joined into A: its id, or a name that names only it")
    p.add_argument("--yes", action="store_true", help="merge without asking")
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


def entity_id(conn: Connection, ref: str) -> int:
    """The entity an id or a name names, as the Python API resolves it (`corpus.resolve.entity_id`); in a store that
    holds no entity yet, an error that names the store."""
    from sqlalchemy import select

    from claimgraph.corpus import resolve
    from claimgraph.store import schema as t
    from claimgraph.store.engine import shown_url

    if conn.execute(select(t.canonical_entities.c.id).limit(1)).first() is None:
        store = shown_url(conn.engine.url.render_as_string(hide_password=True))
        raise InputError(f"the store {store} holds no entities yet: `claimgraph ingest PATH --db {store}` adds "
                         "articles, or --db opens another store")
    return resolve.entity_id(conn, ref)


def _store(args: argparse.Namespace) -> Store:
    from claimgraph.cli.query import require_store
    from claimgraph.store import Store

    require_store(getattr(args, "db", None))
    return Store(getattr(args, "db", None))


def _name(conn: Connection, cid: int) -> str:
    from sqlalchemy import select

    from claimgraph.store import schema as t

    ce = t.canonical_entities
    return str(conn.execute(select(ce.c.name).where(ce.c.id == cid)).scalar_one())


def _members(conn: Connection, cid: int) -> int:
    from sqlalchemy import select

    from claimgraph.store import schema as t

    e = t.entities
    return len(conn.execute(select(e.c.id).where(e.c.canonical_id == cid)).all())


def _described(conn: Connection, cid: int) -> str:
    """An entity in one line: id, name, type, articles, claims and spellings."""
    from claimgraph.store import entities as entity_queries

    found = entity_queries.entities(conn, ids=[cid], mentions=False)
    if not found:
        return f"{cid} {_name(conn, cid)}"
    e = found[0]
    spellings = f"; also {', '.join(e['spellings'][:6])}" if e.get("spellings") else ""
    return (f"{cid} {e['name']} ({e['type']}, {counted(e['documents'], 'article')}, {counted(e['claims'], 'claim')}"
            f"{spellings})")


def confirmed(question: str) -> bool:
    """Ask on the terminal; True for yes. With no terminal (a pipe, a script) nothing can be asked: an InputError
    says to pass --yes."""
    if not sys.stdin or not sys.stdin.isatty():
        raise InputError(f"{question} Not merged: there is no terminal to ask on; pass --yes to merge without asking")
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        answer = ""
    return answer.strip().lower() in ("y", "yes")


def _report(args: argparse.Namespace, data: dict[str, Any], line: str) -> int:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print(line)
    return 0


def run_merge(args: argparse.Namespace) -> int:
    from claimgraph.corpus import resolve

    store = _store(args)
    try:
        with store.begin() as conn:
            a, b = entity_id(conn, args.a), entity_id(conn, args.b)
            if a == b:
                raise InputError(f"entities merge: '{args.a}' and '{args.b}' are one entity ({a} "
                                 f"{_name(conn, a)}); it cannot be merged with itself")
            question = f"Merge {_described(conn, b)} into {_described(conn, a)}?"
        if not args.yes and not confirmed(question):
            print("not merged")
            return 1
        with store.begin(write=True) as conn:
            name_a, name_b = _name(conn, a), _name(conn, b)
            moved = _members(conn, b)
            resolve.merge(conn, a, b)
    finally:
        store.close()
    return _report(args, {"action": "merge", "into": {"id": a, "name": name_a}, "from": {"id": b, "name": name_b},
                          "moved": moved},
                   f"merged {b} ({name_b}) into {a} ({name_a}): {moved} article entities moved")


def run_split(args: argparse.Namespace) -> int:
    from claimgraph.corpus import resolve

    store = _store(args)
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
    from claimgraph.corpus import resolve

    store = _store(args)
    try:
        with store.begin(write=True) as conn:
            links = resolve.resolve_all(conn)
    finally:
        store.close()
    joined = sum(1 for link in links if not link.rule.startswith("first mention"))
    return _report(args, {"action": "resolve", "linked": len(links), "joined_existing": joined},
                   f"linked {len(links)} article entities ({joined} joined an existing entity)")


def run_log(args: argparse.Namespace) -> int:
    from claimgraph.corpus import resolve
    from claimgraph.store.ids import record_id

    store = _store(args)
    try:
        with store.begin() as conn:
            ref = args.entity.strip()
            # a merged-away entity's id keeps its log, though it names no entity now
            cid = record_id(ref) if ref.isdigit() else entity_id(conn, ref)
            if cid is None:
                raise InputError(f"no entity with id {ref}")
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
