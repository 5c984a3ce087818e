"""`claimgraph export`: the claims a filter keeps, and what they touch, as STIX 2.1, FtM, GraphML, CSV or JSON Lines."""
from __future__ import annotations

import argparse
import json
import sys

from claimgraph.cli.options import credibility_grade, date_bound, positive_int
from claimgraph.outputs.formats import FORMATS, HEDGE_WORDS, TABLES
from claimgraph.records import STANCES
from claimgraph.store.location import DEFAULT_DB, ENV_DB

DESCRIPTION = """\
Export the stored claims that the filters keep, with the articles they stand in, the entities they
name and the events they report, in a format another tool reads:

  stix     a STIX 2.1 bundle (OpenCTI, MISP): reports, identities, locations, notes, relationships
  ftm      FollowTheMoney entities, one JSON object per line (Aleph: `alephclient write-entities`)
  graphml  entities and what links them: said about, relayed through, events (Gephi, Maltego, networkx)
  csv      one table (--table claims|entities|events|stories) with a header row
  jsonl    the same table as JSON Lines

With no filter the whole store is exported. Records are streamed: memory stays small whatever the
size of the store. --out FILE is written to a temporary file beside it and renamed when complete, so
an interrupted export leaves no half-written file; without --out the export goes to standard output.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="export claims, entities, events and stories for other tools",
                       description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--format", required=True, metavar="FORMAT", help=f"one of {', '.join(FORMATS)}")
    p.add_argument("--out", metavar="FILE", help="write to FILE (whole or not at all); default: standard output")
    p.add_argument("--table", metavar="TABLE", help=f"for csv and jsonl: {', '.join(TABLES)} (default claims)")
    p.add_argument("--db", metavar="PATH|URL", help=f"the store (default: ${ENV_DB}, else ./{DEFAULT_DB})")
    add_filters(p)
    p.add_argument("--quiet", action="store_true", help="print no summary on standard error")
    p.set_defaults(func=run_export)


def add_filters(p: argparse.ArgumentParser) -> None:
    """The filters of `claimgraph claims` and the ledger."""
    p.add_argument("--speaker", metavar="NAME", help="claims made by this entity (any of its spellings)")
    p.add_argument("--about", metavar="NAME", help="claims whose content names this entity or holds these words")
    p.add_argument("--entity", type=positive_int, metavar="ID",
                   help="claims this entity (by id) makes, relays or is named in")
    p.add_argument("--stance", choices=STANCES, help="claims framed this way")
    p.add_argument("--hedge", metavar="WORD", help=f"{' or '.join(HEDGE_WORDS)}, or a hedge word or ICD 203 term "
                                                   "('likely')")
    p.add_argument("--grade", type=credibility_grade, metavar="1-6",
                   help="claims whose story has this credibility grade")
    p.add_argument("--outlet", metavar="NAME", help="articles from an outlet whose name holds these words")
    p.add_argument("--since", metavar="DATE", type=date_bound,
                   help="articles published on or after DATE (YYYY-MM-DD, YYYY-MM, YYYY)")
    p.add_argument("--until", metavar="DATE", type=date_bound, help="articles published on or before DATE")
    p.add_argument("--search", metavar="TEXT", help="claims whose content holds these words (full-text search)")
    p.add_argument("--story", type=positive_int, metavar="ID", help="the claims of this story")


FILTERS = ("speaker", "about", "entity", "stance", "hedge", "grade", "outlet", "since", "until", "search", "story")


def run_export(args: argparse.Namespace) -> int:
    from claimgraph.cli.query import open_corpus, require_articles

    filters = {k: getattr(args, k) for k in FILTERS}
    with open_corpus(args.db) as corpus:
        require_articles(corpus)  # an empty bundle from an empty store says nothing of which store was read
        result = corpus.export(args.format, args.out, table=args.table, **filters)
    if not args.quiet and args.out not in (None, "-"):
        counts = {k: v for k, v in result.items() if k not in ("format", "filters", "bundle", "table")}
        print(f"{result['format']}{' ' + result['table'] if 'table' in result else ''} -> {args.out}: "
              + json.dumps(counts), file=sys.stderr)
    return 0
