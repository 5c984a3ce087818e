"""`claimgraph stories | story`: what is corroborated, what is disputed, by whom, and how credible it is."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from claimgraph.cli import output
from claimgraph.cli.options import date_bound, output_format, output_options, positive_int, store_option
from claimgraph.cli.output import Column

if TYPE_CHECKING:
    from claimgraph.corpus import Corpus

STORIES_DESCRIPTION = """\
List the stories of the stored corpus: claims in different articles that state the same
proposition, most widely reported first. For each: how many articles report it, how many
independent origins they come down to (reports whose relay chains meet in one origin, such as
one official quoted through one think-tank by four outlets, or copies of one wire story, count
once), who disputes it (denials, "fake news", negations, contradictory numbers), and its
Admiralty information-credibility grade 1-6 with the reason, computed from the independent
support, the disputes and the best reliability grade (A-F) among the sources it rests on
(`claimgraph sources`). A claim without a predicate of its own (a noun phrase such as "the
provision of munitions", a fragment) starts no story; a story goes by its clearest full claim.
`claimgraph story ID` shows every report of one story.
"""

STORY_DESCRIPTION = """\
Show one story: the proposition, then each report of it with the outlet, the relay chain
(outlet, relays, speaker), the hedges ("likely", "reportedly"), the stance, the date, the source
whose reliability grade it counts (the organisation nearest the claim's origin that has a grade),
how it stands to the story (supports, disputes, or repeats an origin already counted) and why. A
claim that one outlet hedges and another states flat is shown with both.
"""

def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("stories", help="list stories: one proposition across articles, with support, dispute and grade",
                       description=STORIES_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    store_option(p)
    p.add_argument("--about", metavar="NAME", help="stories whose claims name this entity (any spelling)")
    p.add_argument("--disputed", action="store_true", help="only stories that some report disputes")
    p.add_argument("--since", metavar="DATE", type=date_bound,
                   help="stories reported on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--min-reports", type=positive_int, default=1, metavar="N",
                   help="only stories told by at least N articles (default 1)")
    p.add_argument("--limit", type=positive_int, default=50, metavar="N", help="show at most N stories (default 50)")
    output_options(p, "stories")
    p.set_defaults(func=run_stories)

    p = sub.add_parser("story", help="show one story with each report, its chain, hedges, stance and grade",
                       description=STORY_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("id", metavar="ID", help="the story's number, as `claimgraph stories` shows it")
    store_option(p)
    p.add_argument("--json", action="store_true", help="print the story as a JSON object")
    p.set_defaults(func=run_story)


def _corpus(db: str | None) -> Corpus:
    from claimgraph.cli.query import open_corpus

    return open_corpus(db)


def _origins(s: dict[str, Any]) -> str:
    return f"{s['independent_origins']}: {'; '.join(s['origins'])}" if s["origins"] else "0"


def _proposition(s: dict[str, Any]) -> str:
    hedge = f" [hedged: {'; '.join(s['hedged_by'])}; flat: {', '.join(s['stated_flat_by'])}]" \
        if s["hedged_by"] and s["stated_flat_by"] else ""
    return str(s["proposition"]) + hedge


STORY_COLUMNS = (
    Column("id", lambda s: s["id"], numeric=True),
    Column("proposition", _proposition, wide=True),
    Column("reports", lambda s: s["reports"], numeric=True),
    Column("origins", _origins),
    Column("disputed by", lambda s: "; ".join(s["disputing_origins"])),
    Column("grade", lambda s: s["grade"]["reason"]),
)


def run_stories(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    with _corpus(args.db) as corpus:
        found = corpus.stories(about=args.about, disputed=args.disputed, since=args.since,
                               min_reports=args.min_reports, limit=args.limit)
        if not found and fmt == "table":
            from claimgraph.cli.query import nothing_found

            nothing_found(corpus, "stories")
            return 0
    output.emit(found, STORY_COLUMNS, fmt)
    if len(found) == args.limit:
        output.note(f"the first {args.limit} shown; --limit N shows more")
    return 0


REPORT_COLUMNS = (
    Column("outlet", lambda r: r["document"]["outlet"] or r["document"]["id"][:10]),
    Column("date", lambda r: r["document"]["published"] or "undated"),
    Column("chain", lambda r: " > ".join(r["chain"])),
    Column("claim", lambda r: r["content"], wide=True),
    Column("hedges", lambda r: ", ".join(r["hedges"])),
    Column("stance", lambda r: r["stance"]),
    Column("source (grade)", lambda r: f"{r['graded_source'] or r['source'] or '-'} ({r['source_grade']})"),
    Column("relation", lambda r: f"{r['relation']}: {r['why']}"),
)


def run_story(args: argparse.Namespace) -> int:
    with _corpus(args.db) as corpus:
        from claimgraph.cli.query import require_articles

        require_articles(corpus)
        s = corpus.story(args.id)
    if args.json:
        output.print_json(s)
        return 0
    print(f"story {s['id']}: {output.one_line(s['proposition'])}")
    print(f"{output.counted(s['reports'], 'report')}, {output.counted(s['claims'], 'claim')}, "
          f"{output.counted(s['independent_origins'], 'independent origin')}"
          f"{': ' + '; '.join(s['origins']) if s['origins'] else ''}"
          f"{' — disputed by ' + '; '.join(s['disputing_origins']) if s['disputed'] else ''}")
    print(f"credibility {s['grade']['reason']}")
    if s["sources"]:
        print("rests on: " + "; ".join(f"{x['name']} ({x['grade']}, {x['supports']} supporting"
                                       + (f", {x['disputes']} disputing" if x["disputes"] else "") + ")"
                                       for x in s["sources"]))
    if s["hedged_by"] and s["stated_flat_by"]:
        print(f"hedged by {'; '.join(s['hedged_by'])}; stated flat by {', '.join(s['stated_flat_by'])}")
    print()
    output.emit(s["items"], REPORT_COLUMNS, "table")
    return 0
