"""`claimgraph stories | story | sources`: what is corroborated, what is disputed, and by whom; source grades."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from claimgraph.cli import positive_int
from claimgraph.store import DEFAULT_DB, ENV_DB

TABLE_WIDTH = 140
"""Width of tables when standard output is not a terminal."""

DB_HELP = (f"the store: a SQLite file path or a postgresql:// URL (default: ${ENV_DB}, else ./{DEFAULT_DB})")

STORIES_DESCRIPTION = """\
List the stories of the stored corpus: claims in different articles that state the same
proposition, most widely reported first. For each: how many articles report it, how many
independent origins they come down to (reports whose relay chains meet in one origin, such as
one official quoted through one think-tank by four outlets, or copies of one wire story, count
once), who disputes it (denials, "fake news", negations, contradictory numbers), and its
Admiralty information-credibility grade 1-6 with the reason, computed from the independent
support, the disputes and the best reliability grade (A-F) among the sources that report it.
`claimgraph story ID` shows every report of one story.
"""

STORY_DESCRIPTION = """\
Show one story: the proposition, then each report of it with the outlet, the relay chain
(outlet, relays, speaker), the hedges ("likely", "reportedly"), the stance, the date, the
outlet's reliability grade, how it stands to the story (supports, disputes, or repeats an
origin already counted) and why. A claim that one outlet hedges and another states flat is shown
with both.
"""

SOURCES_DESCRIPTION = """\
Sources are the outlets of the stored articles. Each has an Admiralty reliability grade:
A completely reliable, B usually reliable, C fairly reliable, D not usually reliable,
E unreliable, F cannot be judged (the default until graded). Grades feed each story's
credibility grade (`claimgraph stories`).

  claimgraph sources                      list sources with their grades
  claimgraph sources grade UNN B          grade one outlet
  claimgraph sources grade --file g.yaml  grade many: one 'outlet: grade' per line
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("stories", help="list stories: one proposition across articles, with support, dispute and grade",
                       description=STORIES_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    p.add_argument("--about", metavar="NAME", help="stories whose claims name this entity (any spelling)")
    p.add_argument("--disputed", action="store_true", help="only stories that some report disputes")
    p.add_argument("--since", metavar="DATE", help="stories reported on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--min-reports", type=positive_int, default=1, metavar="N",
                   help="only stories told by at least N articles (default 1)")
    p.add_argument("--limit", type=positive_int, default=50, metavar="N", help="show at most N stories (default 50)")
    p.add_argument("--json", action="store_true", help="print the stories as a JSON list")
    p.set_defaults(func=run_stories)

    p = sub.add_parser("story", help="show one story with each report, its chain, hedges, stance and grade",
                       description=STORY_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("id", metavar="ID", help="the story's number, as `claimgraph stories` shows it")
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    p.add_argument("--json", action="store_true", help="print the story as a JSON object")
    p.set_defaults(func=run_story)

    p = sub.add_parser("sources", help="list sources (outlets) with their reliability grades, or grade them",
                       description=SOURCES_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    p.add_argument("--json", action="store_true", help="print the sources as a JSON list")
    p.set_defaults(func=run_sources)
    ssub = p.add_subparsers(dest="sources_command", metavar="COMMAND")
    g = ssub.add_parser("grade", help="set an outlet's reliability grade A-F, or grade the outlets of a YAML file",
                        description="Set an outlet's Admiralty reliability grade (A completely reliable ... "
                                    "E unreliable, F cannot be judged), or grade every outlet of a YAML file of "
                                    "'outlet: grade' lines. An unknown outlet or grade stops it with a message "
                                    "naming the line; nothing is changed then.")
    g.add_argument("outlet", nargs="?", metavar="OUTLET", help="the outlet's name as stored (`claimgraph sources`)")
    g.add_argument("grade", nargs="?", metavar="GRADE", help="A, B, C, D, E or F")
    g.add_argument("--file", metavar="PATH", help="a YAML file of 'outlet: grade' lines")
    g.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    g.add_argument("--json", action="store_true", help="print the grades set as JSON")
    g.set_defaults(func=run_grade)


def _console() -> Console:
    return Console(file=sys.stdout, width=None if sys.stdout.isatty() else TABLE_WIDTH, highlight=False)


def _corpus(db: str | None) -> Any:
    from claimgraph.corpus import Corpus

    return Corpus(db)


def run_stories(args: argparse.Namespace) -> int:
    with _corpus(args.db) as corpus:
        found = corpus.stories(about=args.about, disputed=args.disputed, since=args.since,
                               min_reports=args.min_reports, limit=args.limit)
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=1))
        return 0
    out = _console()
    if not found:
        out.print("no stories match")
        return 0
    table = Table(show_lines=True)
    for name in ("id", "proposition", "reports", "origins", "disputed by", "grade"):
        table.add_column(name, overflow="fold", justify="right" if name in ("id", "reports") else "left")
    for s in found:
        origins = f"{s['independent_origins']}: {', '.join(s['origins'])}" if s["origins"] else "0"
        hedge = f"\nhedged: {'; '.join(s['hedged_by'])}; flat: {', '.join(s['stated_flat_by'])}" \
            if s["hedged_by"] and s["stated_flat_by"] else ""
        table.add_row(str(s["id"]), s["proposition"] + hedge, str(s["reports"]), origins,
                      ", ".join(s["disputing_origins"]) or "-", s["grade"]["reason"])
    out.print(table)
    if len(found) == args.limit:
        out.print(f"the first {args.limit} shown; --limit N shows more")
    return 0


def run_story(args: argparse.Namespace) -> int:
    with _corpus(args.db) as corpus:
        s = corpus.story(args.id)
    if args.json:
        print(json.dumps(s, ensure_ascii=False, indent=1))
        return 0
    out = _console()
    out.print(f"story {s['id']}: {s['proposition']}")
    out.print(f"{s['reports']} report(s), {s['claims']} claim(s), {s['independent_origins']} independent origin(s)"
              f"{': ' + ', '.join(s['origins']) if s['origins'] else ''}"
              f"{'; disputed by ' + ', '.join(s['disputing_origins']) if s['disputed'] else ''}")
    out.print(f"credibility {s['grade']['reason']}")
    if s["hedged_by"] and s["stated_flat_by"]:
        out.print(f"hedged by {'; '.join(s['hedged_by'])}; stated flat by {', '.join(s['stated_flat_by'])}")
    table = Table(show_lines=True)
    for name in ("outlet", "date", "chain", "claim", "hedges", "stance", "grade", "relation"):
        table.add_column(name, overflow="fold")
    for r in s["items"]:
        d = r["document"]
        table.add_row(d["outlet"] or d["id"][:10], d["published"] or "-", " > ".join(r["chain"]) or "-",
                      r["content"], ", ".join(r["hedges"]) or "-", r["stance"], r["source_grade"],
                      f"{r['relation']}: {r['why']}")
    out.print(table)
    return 0


def run_sources(args: argparse.Namespace) -> int:
    with _corpus(args.db) as corpus:
        found = corpus.sources()
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=1))
        return 0
    out = _console()
    if not found:
        out.print("no sources stored")
        return 0
    table = Table()
    for name in ("source", "grade", "documents"):
        table.add_column(name)
    for s in found:
        table.add_row(s["source"], f"{s['reliability']} {s['label']}" + ("" if s["graded"] else " (default)"),
                      str(s["documents"]))
    out.print(table)
    return 0


def run_grade(args: argparse.Namespace) -> int:
    from claimgraph.errors import InputError

    if args.file and (args.outlet or args.grade):
        raise InputError("sources grade: give either OUTLET GRADE or --file PATH, not both")
    if not args.file and not (args.outlet and args.grade):
        raise InputError("sources grade: give OUTLET GRADE (for example: claimgraph sources grade UNN B) "
                         "or --file PATH")
    with _corpus(args.db) as corpus:
        done = corpus.grade_sources(args.file) if args.file else [corpus.grade_source(args.outlet, args.grade)]
    if args.json:
        print(json.dumps(done, ensure_ascii=False, indent=1))
    else:
        for g in done:
            print(f"{g['source']}: {g['reliability']} ({g['label']})")
    return 0
