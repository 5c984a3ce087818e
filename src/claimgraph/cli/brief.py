"""`claimgraph brief`: a story, an entity or a topic written up, every statement footnoted to its exact words."""
from __future__ import annotations

import argparse
import sys

from claimgraph.cli.options import date_bound
from claimgraph.errors import InputError
from claimgraph.outputs.formats import BRIEF_FORMATS
from claimgraph.store.location import DEFAULT_DB, ENV_DB

DESCRIPTION = """\
Write a brief from the store:

  claimgraph brief story 12                    the proposition, its grade and why, who claims it and
                                               through whom, what disputes it, its events
  claimgraph brief entity Matsegora            what an entity said, relayed and had said about it, the
                                               stories those belong to and their grades, its events
  claimgraph brief --about Kursk --since 2025-01 --until 2025-03
                                               the claims about a topic, story by story, and its events

Every statement and event is footnoted with its outlet, date, URL and the exact span quoted from the
stored article. --format md (default), html (self-contained: the stylesheet is inline, nothing is
loaded) or pdf (rendered from the HTML by WeasyPrint). The same store gives the same brief, byte for
byte; --stamp adds the time it was made. --out FILE is written whole or not at all.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("brief", help="write a footnoted brief of a story, an entity or a topic",
                       description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("target", nargs="*", metavar="story ID | entity NAME",
                   help="what the brief is about: 'story' and a story id, or 'entity' and a name or id")
    p.add_argument("--about", metavar="NAME", help="a brief of the claims about this entity or these words")
    p.add_argument("--since", metavar="DATE", type=date_bound,
                   help="with --about: reported on or after DATE (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", type=date_bound, help="with --about: reported on or before DATE")
    p.add_argument("--format", default="md", metavar="FORMAT", help=f"{', '.join(BRIEF_FORMATS)} (default md)")
    p.add_argument("--out", metavar="FILE", help="write to FILE (whole or not at all); default: standard output")
    p.add_argument("--stamp", action="store_true", help="say when the brief was made (left out by default)")
    p.add_argument("--db", metavar="PATH|URL", help=f"the store (default: ${ENV_DB}, else ./{DEFAULT_DB})")
    p.set_defaults(func=run_brief)


def _target(words: list[str]) -> dict[str, str]:
    if not words:
        return {}
    kind, rest = words[0].lower(), " ".join(words[1:]).strip()
    if kind not in ("story", "entity") or not rest:
        raise InputError("brief: give 'story ID', 'entity NAME' or --about NAME "
                         f"(not '{' '.join(words)}')")
    return {kind: rest}


def run_brief(args: argparse.Namespace) -> int:
    from claimgraph.cli.query import open_corpus, require_articles

    target = _target(args.target)
    if args.format.strip().lower() == "pdf" and args.out in (None, "-") and sys.stdout.isatty():
        raise InputError("brief --format pdf: give --out FILE (a PDF is not for the terminal)")
    with open_corpus(args.db) as corpus:
        require_articles(corpus)
        rendered = corpus.brief(**target, about=args.about, since=args.since, until=args.until,
                                format=args.format, out=args.out, stamp=args.stamp)
    if args.out in (None, "-"):
        if isinstance(rendered, bytes):
            sys.stdout.buffer.write(rendered)
        else:
            sys.stdout.write(rendered)
    return 0
