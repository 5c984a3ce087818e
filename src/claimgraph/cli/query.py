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
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimgraph.cli import output
from claimgraph.cli.options import (
    SORTS,
    UNDATED,
    claim_filters,
    date_bound,
    filter_values,
    output_format,
    output_options,
    positive_int,
    store_option,
)
from claimgraph.cli.output import Column, counted, ref_text
from claimgraph.store.location import DEFAULT_DB, ENV_DB

if TYPE_CHECKING:
    from claimgraph.corpus import Corpus

ENTITY_COMMAND_MODULES = ("claimgraph.cli.entities_admin",)
"""Modules (where installed) that add sub-commands under `claimgraph entities`."""

CLAIMS_DESCRIPTION = """\
List stored claims, newest articles first, with every filter of the workbench's ledger. --speaker,
--about and --entity match the cross-document entity, so any spelling of a name finds them all.

A date range (--since, --until) leaves out articles that carry no date, and says how many claims
it left out; --undated include keeps them, --undated exclude leaves them out even without a range.
--grade keeps the claims whose story has that credibility grade (1 confirmed ... 6 cannot be
judged; `claimgraph stories` says why each story has its grade).

  claimgraph claims --speaker Matsegora --hedge any
  claimgraph claims --about "North Korea" --since 2024-10 --undated include --format tsv
  claimgraph claims --grade 3 --outlet "State" --sort outlet --json
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("claims", help="list stored claims by speaker, topic, stance, hedge, grade, outlet, date, words",
                       description=CLAIMS_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    store_option(p)
    claim_filters(p)
    p.add_argument("--sort", choices=SORTS, default="-date",
                   help="order: date, speaker, outlet or stance, '-' first for descending (default -date)")
    p.add_argument("--limit", type=positive_int, default=100, metavar="N", help="show at most N claims (default 100)")
    output_options(p, "claims")
    p.set_defaults(func=run_claims)

    p = sub.add_parser("documents", help="list stored articles by words, date or outlet",
                       description="List stored articles, newest first, with their numbers of claims and "
                                   "entities and the article each copies (if any).")
    store_option(p)
    p.add_argument("--search", metavar="TEXT", help="articles whose title or text holds these words (full-text)")
    p.add_argument("--since", metavar="DATE", type=date_bound,
                   help="articles published on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--until", metavar="DATE", type=date_bound, help="articles published on or before DATE")
    p.add_argument("--undated", choices=UNDATED,
                   help="articles with no date: include keeps them beside a date range, exclude leaves them out, "
                        "only lists them alone")
    p.add_argument("--outlet", metavar="NAME", help="articles from an outlet whose name holds these words")
    p.add_argument("--limit", type=positive_int, default=100, metavar="N", help="show at most N articles (default 100)")
    output_options(p, "articles")
    p.set_defaults(func=run_documents)

    p = sub.add_parser("entities", help="list entities across the corpus, or administer them",
                       description="List canonical entities (one per real-world entity across articles) with "
                                   "their spellings and how many articles, mentions and claims they have.")
    store_option(p)
    p.add_argument("--type", metavar="TYPE", help="only entities of this type (PERSON, ORG, GPE, NORP, ...)")
    p.add_argument("--name", metavar="NAME", help="only entities with a spelling that holds these words")
    p.add_argument("--limit", type=positive_int, default=100, metavar="N", help="show at most N entities (default 100)")
    output_options(p, "entities")
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
    store_option(p)
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(func=run_show)


def sqlite_file(db: str | None) -> Path | None:
    """The file of the SQLite store that `--db` (else $CLAIMGRAPH_DB, else the default) names; None for a server."""
    raw = db if db is not None else (os.environ.get(ENV_DB) or DEFAULT_DB)
    if "://" not in raw:
        return Path(raw).expanduser().resolve()
    if raw.startswith("sqlite:"):
        from sqlalchemy.engine import make_url

        database = make_url(raw).database
        return Path(database).expanduser().resolve() if database and database != ":memory:" else None
    return None


def require_store(db: str | None) -> None:
    """A StoreError where `db` names a SQLite file that does not exist: a command that reads a store opens one,
    and leaves no new, empty file behind where a path was mistyped."""
    path = sqlite_file(db)
    if path is None or path.exists():
        return
    from claimgraph.errors import StoreError

    named = "" if db is not None or os.environ.get(ENV_DB) else f" (the default, ./{DEFAULT_DB})"
    raise StoreError(f"no store at {path}{named}: `claimgraph ingest PATH --db {path}` makes one (`make demo` builds "
                     f"./claimgraph-demo.db); --db or ${ENV_DB} names another store")


def open_corpus(db: str | None) -> Corpus:
    """The corpus in an existing store (imported here: the store's libraries load when a command runs, not for
    --help)."""
    from claimgraph.corpus import Corpus

    require_store(db)
    return Corpus(db)


def require_articles(corpus: Corpus) -> None:
    """An InputError naming the store where it holds no article yet (a command that needs one cannot answer)."""
    if corpus.is_empty():
        from claimgraph.errors import InputError

        raise InputError(f"the store {corpus.location} holds no articles yet: `claimgraph ingest PATH --db "
                         f"{corpus.location}` adds some, or --db (or ${ENV_DB}) opens another store")


def require_entity(corpus: Corpus, ref: str) -> None:
    """An InputError where `--entity` (an id or a name) names no entity of the store, as `export --entity` gives: an
    unknown entity is a mistyped filter, not a question whose answer is no claims."""
    from claimgraph.errors import InputError
    from claimgraph.store.matching import entity_ids

    with corpus.store.begin() as conn:
        if entity_ids(conn, ref):
            return
    if ref.strip().isdigit():
        raise InputError(f"entity {ref.strip()}: no such entity in the store {corpus.location} "
                         "(`claimgraph entities` lists them)")
    raise InputError(f"entity '{ref}': no entity of the store {corpus.location} has this name "
                     "(`claimgraph entities --name WORDS` finds them)")


def check_undated_only(args: argparse.Namespace) -> None:
    """An InputError for --undated only (the articles with no date) beside --since or --until, which hold none."""
    if getattr(args, "undated", None) == "only" and (args.since or args.until):
        from claimgraph.errors import InputError

        raise InputError("--undated only lists the articles with no date, which --since and --until hold none of: "
                         "give one or the other")


def nothing_found(corpus: Corpus, what: str) -> None:
    """Say that nothing matched, and which store was read where it holds nothing at all."""
    say = print if sys.stdout.isatty() else output.note
    if corpus.is_empty():
        say(f"no {what}: the store {corpus.location} holds no articles yet (`claimgraph ingest PATH "
            f"--db {corpus.location}` adds some; --db or ${ENV_DB} opens another store)")
    else:
        say(f"no {what} match")


def _hedges(c: dict[str, Any]) -> str:
    hedges = ", ".join(h["text"] for h in c["hedges"])
    if c["probability"]:
        p = c["probability"]
        hedges = f"{hedges} ({p['term']} {p['low']:.2f}–{p['high']:.2f})".strip()
    return hedges


def _article(c: dict[str, Any]) -> str:
    doc = c["document"]
    return " · ".join(x for x in (doc["outlet"], doc["published"] or "undated", doc["id"][:10]) if x)


CLAIM_COLUMNS = (
    Column("speaker", lambda c: ref_text(c["speaker"])),
    Column("via", lambda c: " → ".join(ref_text(v) for v in c["via"])),
    Column("stance", lambda c: c["stance"]),
    Column("hedges", _hedges),
    Column("content", lambda c: ("“" + c["content"]["text"] + "”") if c["quote"] else c["content"]["text"], wide=True),
    Column("article", _article),
)
"""The columns of a claim: speaker, via chain, stance, hedges and band, content, article."""


def run_claims(args: argparse.Namespace) -> int:
    from claimgraph.store.filters import ClaimFilter

    fmt = output_format(args)
    check_undated_only(args)
    with open_corpus(args.db) as corpus:
        f = ClaimFilter(**filter_values(args), sort=args.sort)
        if f.entity and not corpus.is_empty():
            require_entity(corpus, f.entity)
        found = corpus.ledger(f, limit=args.limit)
        if not found["claims"] and fmt == "table":
            nothing_found(corpus, "claims")
    claims = found["claims"]
    if claims or fmt != "table":
        output.emit(claims, CLAIM_COLUMNS, fmt)
    if found["total"] > len(claims):
        output.note(f"{len(claims)} of {found['total']} claims shown; --limit N shows more")
    if found["undated_left_out"]:
        n = found["undated_left_out"]
        output.note(f"{n} claim{'s' if n != 1 else ''} in articles without a date left out by the date range "
                    "(--undated include keeps them)")
    return 0


DOCUMENT_COLUMNS = (
    Column("id", lambda d: d["id"][:12]),
    Column("published", lambda d: d["published"] or "undated"),
    Column("outlet", lambda d: d["outlet"]),
    Column("title", lambda d: d["title"], wide=True),
    Column("claims", lambda d: d["claims"], numeric=True),
    Column("entities", lambda d: d["entities"], numeric=True),
    Column("copy of", lambda d: (d["copy_of"] or "")[:12]),
)


def run_documents(args: argparse.Namespace) -> int:
    from claimgraph.store.documents import DocumentFilter

    fmt = output_format(args)
    check_undated_only(args)
    with open_corpus(args.db) as corpus:
        found = corpus.documents(DocumentFilter(search=args.search, since=args.since, until=args.until,
                                                undated=args.undated, outlet=args.outlet), limit=args.limit)
        if not found and fmt == "table":
            nothing_found(corpus, "articles")
            return 0
    output.emit(found, DOCUMENT_COLUMNS, fmt)
    return 0


ENTITY_COLUMNS = (
    Column("id", lambda e: e["id"], numeric=True),
    Column("name", lambda e: e["name"]),
    Column("type", lambda e: e["type"]),
    Column("articles", lambda e: e["documents"], numeric=True),
    Column("mentions", lambda e: e["mentions"], numeric=True),
    Column("claims", lambda e: e["claims"], numeric=True),
    Column("other spellings", lambda e: ", ".join(e["spellings"])),
)


def run_entities(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    with open_corpus(args.db) as corpus:
        found = corpus.entities(type=args.type, name=args.name, limit=args.limit)
        if not found and fmt == "table":
            nothing_found(corpus, "entities")
            return 0
    output.emit(found, ENTITY_COLUMNS, fmt)
    return 0


def run_show(args: argparse.Namespace) -> int:
    with open_corpus(args.db) as corpus:
        require_articles(corpus)
        item = corpus.show(args.ref)
    if args.json:
        output.print_json(item)
        return 0
    if item["kind"] == "document":
        d = item["document"]
        print(output.one_line(d["title"] or "(no title)"))
        print(" · ".join(output.one_line(x) for x in (d["outlet"], d["published"], d["url"]) if x))
        print(f"document {d['id']}  ({counted(len(d['text']), 'character')}, {counted(item['events'], 'event')})")
        for c in item["copy_of"]:
            print(f"copy of {c['id']} ({c['similarity']:.0%} shared)")
        for c in item["copies"]:
            print(f"copied by {c['id']} ({c['similarity']:.0%} shared)")
        if item["entities"]:
            print("entities: " + "; ".join(
                f"{e['name']} ({e['type']}, {e['mentions']}×" +
                (f", entity {e['canonical']['id']})" if e["canonical"] else ")") for e in item["entities"]))
    else:
        e = item["entity"]
        print(f"{e['name']} ({e['type']}), entity {e['id']}: {counted(e['documents'], 'article')}, "
              f"{counted(e['mentions'], 'mention')}, {counted(e['claims'], 'claim')}")
        if e["spellings"]:
            print("also spelled: " + ", ".join(e["spellings"]))
        print()
        members = [dict(m, why=(f"{m['rule']} ({m['score']:.2f})" if m["score"] is not None and m["rule"]
                                else m["rule"])) for m in item["members"]]
        output.emit(members, (Column("article", lambda m: f"{m['title'] or ''} {m['document_id'][:10]}".strip()),
                              Column("published", lambda m: m["published"]), Column("as", lambda m: m["name"]),
                              Column("why joined", lambda m: m["why"], wide=True)), "table", title="in articles")
    if item["claims"]:
        print()
        output.emit(item["claims"], CLAIM_COLUMNS, "table", title="claims")
    return 0
