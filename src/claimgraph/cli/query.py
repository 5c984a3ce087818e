"""`claimgraph claims | documents | entities | show`: the questions asked of a stored corpus.

Each command is a thin caller of `claimgraph.Corpus` (which asks the store's query API,
`claimgraph.store.claims` and friends): its flags build the filter, its body prints the rows.
`claimgraph entities` also takes sub-commands from `ENTITY_COMMAND_MODULES` (each defines
`register_entities(subparsers)`), so that entity administration (merge, split) lives beside the
resolver that it undoes.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from claimgraph.cli import positive_int, ref_text
from claimgraph.corpus import Corpus
from claimgraph.records import STANCES
from claimgraph.store import DEFAULT_DB, ENV_DB
from claimgraph.store.documents import DocumentFilter
from claimgraph.store.filters import ClaimFilter

ENTITY_COMMAND_MODULES = ("claimgraph.cli.entities_admin",)
"""Modules (where installed) that add sub-commands under `claimgraph entities`."""

DB_HELP = (f"the store: a SQLite file path or a postgresql://USER@HOST:PORT/DB URL "
           f"(default: ${ENV_DB}, else ./{DEFAULT_DB})")
TABLE_WIDTH = 140
"""Width of tables when standard output is not a terminal."""


def _store_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("claims", help="list stored claims by speaker, topic, stance, date or words",
                       description="List stored claims, newest articles first. --speaker and --about match "
                                   "the cross-document entity, so any spelling of a name finds them all.")
    _store_option(p)
    p.add_argument("--speaker", metavar="NAME", help="claims made by this entity (any of its spellings)")
    p.add_argument("--about", metavar="NAME", help="claims whose content names this entity")
    p.add_argument("--stance", choices=STANCES, help="claims framed this way")
    p.add_argument("--since", metavar="DATE", help="claims in articles published on or after DATE (YYYY-MM-DD)")
    p.add_argument("--search", metavar="TEXT", help="claims whose content holds these words (full-text search)")
    p.add_argument("--limit", type=positive_int, default=100, metavar="N", help="show at most N claims (default 100)")
    p.add_argument("--json", action="store_true", help="print the claims as a JSON list")
    p.set_defaults(func=run_claims)

    p = sub.add_parser("documents", help="list stored articles by words, date or outlet",
                       description="List stored articles, newest first, with their numbers of claims and "
                                   "entities and the article each copies (if any).")
    _store_option(p)
    p.add_argument("--search", metavar="TEXT", help="articles whose title or text holds these words (full-text)")
    p.add_argument("--since", metavar="DATE", help="articles published on or after DATE (YYYY-MM-DD)")
    p.add_argument("--outlet", metavar="NAME", help="articles from an outlet whose name holds these words")
    p.add_argument("--limit", type=positive_int, default=100, metavar="N", help="show at most N articles (default 100)")
    p.add_argument("--json", action="store_true", help="print the articles as a JSON list")
    p.set_defaults(func=run_documents)

    p = sub.add_parser("entities", help="list entities across the corpus, or administer them",
                       description="List canonical entities (one per real-world entity across articles) with "
                                   "their spellings and how many articles, mentions and claims they have.")
    _store_option(p)
    p.add_argument("--type", metavar="TYPE", help="only entities of this type (PERSON, ORG, GPE, NORP, ...)")
    p.add_argument("--name", metavar="NAME", help="only entities with a spelling that holds these words")
    p.add_argument("--limit", type=positive_int, default=100, metavar="N", help="show at most N entities (default 100)")
    p.add_argument("--json", action="store_true", help="print the entities as a JSON list")
    p.set_defaults(func=run_entities)
    modules = []
    for name in ENTITY_COMMAND_MODULES:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as e:
            if e.name != name:
                raise
    if modules:
        admin = p.add_subparsers(dest="entities_command", metavar="ACTION")
        for module in modules:
            module.register_entities(admin)

    p = sub.add_parser("show", help="show one stored article or entity with its claims",
                       description="Show a document (by id, the first 6+ characters of its id, or its URL) or an "
                                   "entity (by id or name): metadata, copies, entities, and claims.")
    p.add_argument("ref", metavar="ENTITY|DOCUMENT", help="a document id, id prefix or URL, or an entity id or name")
    _store_option(p)
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(func=run_show)


def _console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, width=None if stream.isatty() else TABLE_WIDTH, highlight=False)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1))


def claims_table(claims: list[dict[str, Any]], title: str | None = None) -> Table:
    """The readable table of claims: speaker, via chain, stance, hedges and band, content, article."""
    table = Table(title=title, show_lines=True, expand=False)
    for name in ("speaker", "via", "stance", "hedges", "content", "article"):
        table.add_column(name, overflow="fold", ratio=4 if name == "content" else None)
    for c in claims:
        hedges = ", ".join(h["text"] for h in c["hedges"])
        if c["probability"]:
            p = c["probability"]
            hedges = f"{hedges} ({p['term']} {p['low']:.2f}–{p['high']:.2f})".strip()
        doc = c["document"]
        article = " · ".join(x for x in (doc["outlet"], doc["published"], doc["id"][:10]) if x)
        content = ("“" + c["content"]["text"] + "”") if c["quote"] else c["content"]["text"]
        table.add_row(ref_text(c["speaker"]), " → ".join(ref_text(v) for v in c["via"]) or "-", c["stance"],
                      hedges or "-", content, article)
    return table


def run_claims(args: argparse.Namespace) -> int:
    with Corpus(args.db) as corpus:
        f = ClaimFilter(speaker=args.speaker, about=args.about, stance=args.stance, since=args.since,
                        search=args.search)
        found = corpus.claims(f, limit=args.limit)
    if args.json:
        _print_json(found)
        return 0
    out = _console()
    if not found:
        out.print("no claims match")
        return 0
    out.print(claims_table(found))
    if len(found) == args.limit:
        out.print(f"the first {args.limit} shown; --limit N shows more")
    return 0


def run_documents(args: argparse.Namespace) -> int:
    with Corpus(args.db) as corpus:
        found = corpus.documents(DocumentFilter(search=args.search, since=args.since, outlet=args.outlet),
                                 limit=args.limit)
    if args.json:
        _print_json(found)
        return 0
    out = _console()
    if not found:
        out.print("no articles match")
        return 0
    table = Table()
    for name in ("id", "published", "outlet", "title", "claims", "entities", "copy of"):
        table.add_column(name, overflow="fold", justify="right" if name in ("claims", "entities") else "left")
    for d in found:
        table.add_row(d["id"][:12], d["published"] or "-", d["outlet"] or "-", d["title"] or "-", str(d["claims"]),
                      str(d["entities"]), (d["copy_of"] or "")[:12])
    out.print(table)
    return 0


def entities_table(found: list[dict[str, Any]]) -> Table:
    """The readable table of canonical entities."""
    table = Table(show_lines=False)
    for name in ("id", "name", "type", "articles", "mentions", "claims", "other spellings"):
        table.add_column(name, overflow="fold", justify="right" if name in ("id", "articles", "mentions", "claims")
                         else "left")
    for e in found:
        table.add_row(str(e["id"]), e["name"], e["type"], str(e["documents"]), str(e["mentions"]), str(e["claims"]),
                      ", ".join(e["spellings"]))
    return table


def run_entities(args: argparse.Namespace) -> int:
    with Corpus(args.db) as corpus:
        found = corpus.entities(type=args.type, name=args.name, limit=args.limit)
    if args.json:
        _print_json(found)
        return 0
    out = _console()
    if not found:
        out.print("no entities match")
        return 0
    out.print(entities_table(found))
    return 0


def run_show(args: argparse.Namespace) -> int:
    with Corpus(args.db) as corpus:
        item = corpus.show(args.ref)
    if args.json:
        _print_json(item)
        return 0
    out = _console()
    if item["kind"] == "document":
        d = item["document"]
        out.print(f"[bold]{d['title'] or '(no title)'}[/bold]")
        out.print(" · ".join(x for x in (d["outlet"], d["published"], d["url"]) if x), markup=False)
        out.print(f"document {d['id']}  ({len(d['text']):,} characters, {item['events']} events)")
        for c in item["copy_of"]:
            out.print(f"copy of {c['id']} ({c['similarity']:.0%} shared)")
        for c in item["copies"]:
            out.print(f"copied by {c['id']} ({c['similarity']:.0%} shared)")
        if item["entities"]:
            out.print("entities: " + "; ".join(
                f"{e['name']} ({e['type']}, {e['mentions']}×" +
                (f", entity {e['canonical']['id']})" if e["canonical"] else ")") for e in item["entities"]),
                markup=False)
    else:
        e = item["entity"]
        out.print(f"[bold]{e['name']}[/bold] ({e['type']}), entity {e['id']}: {e['documents']} articles, "
                  f"{e['mentions']} mentions, {e['claims']} claims")
        if e["spellings"]:
            out.print("also spelled: " + ", ".join(e["spellings"]), markup=False)
        members = Table(title="in articles")
        for name in ("article", "published", "as", "why joined"):
            members.add_column(name, overflow="fold")
        for m in item["members"]:
            why = m["rule"] or "-"
            if m["score"] is not None and m["rule"]:
                why = f"{why} ({m['score']:.2f})"
            members.add_row(f"{m['title'] or ''} {m['document_id'][:10]}".strip(), m["published"] or "-",
                            m["name"], why)
        out.print(members)
    if item["claims"]:
        out.print(claims_table(item["claims"], title="claims"))
    return 0
