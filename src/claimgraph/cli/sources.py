"""`claimgraph sources [show | grade | reset]`: the organisations behind the stored claims, graded with reasons."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from claimgraph.cli import output
from claimgraph.cli.options import output_format, output_options, store_option
from claimgraph.cli.output import Column

if TYPE_CHECKING:
    from claimgraph.corpus import Corpus

SOURCES_DESCRIPTION = """\
Sources are the organisations behind the stored claims: the outlet that published each article (a
news agency, a ministry, a broadcaster) and the organisations its claims name as speaker or relay.
The sites that carry a source's words (an aggregator, a government's publishing platform) are its
channels: "FCDO (via Wired-Gov)" and "GOV.UK (FCDO)" are one source, the FCDO, with two channels.

Each source has an Admiralty reliability grade with its reason: A completely reliable, B usually
reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be judged. Well-known
outlets, agencies and official bodies have a default grade from the shipped lexicon of known sources
(each default says why); an analyst's grade replaces it. Beside each grade is the source's track
record across the stories: in how many an independent origin bears out what it says (corroborated),
in how many an origin disputes it, in how many it stands alone. A story's credibility (1-6,
`claimgraph stories`) counts the best grade among its sources, so grading a source grades again the
stories that rest on it.

  claimgraph sources                                  every source: grade, why, channels, record
  claimgraph sources show "Foreign, Commonwealth & Development Office"
  claimgraph sources grade FCDO B --reason "official statements, checked against the record"
  claimgraph sources grade --file grades.yaml         one 'NAME: B' or 'NAME: {grade: B, reason: ...}' per line
  claimgraph sources reset FCDO                       back to the default grade
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("sources", help="list sources (organisations) with their grades, reasons, channels and records",
                       description=SOURCES_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    store_option(p)
    output_options(p, "sources")
    p.set_defaults(func=run_sources)
    ssub = p.add_subparsers(dest="sources_command", metavar="COMMAND")

    s = ssub.add_parser("show", help="show one source: grade and why, history, channels, record, its stories",
                        description="Show one source (by name, alias, outlet line or id): its reliability grade, the "
                                    "reason and whose grade it is, every grade it was given, its channels, its "
                                    "articles, its track record and the stories that rest on it.")
    s.add_argument("source", metavar="SOURCE", help="the source: its name, an alias ('FCDO'), an outlet line, or id")
    store_option(s, default=argparse.SUPPRESS)
    s.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print it as JSON")
    s.set_defaults(func=run_show)

    g = ssub.add_parser("grade", help="give a source an analyst's reliability grade A-F with a reason, or grade a file",
                        description="Give a source an analyst's Admiralty reliability grade (A completely reliable "
                                    "... E unreliable, F cannot be judged) and the reason for it; it replaces the "
                                    "default, covers every channel of the source, and grades again the stories that "
                                    "rest on it. --file grades every source of a YAML file of 'NAME: B' or "
                                    "'NAME: {grade: B, reason: why}' lines, all or none. An unknown source or grade "
                                    "stops it with a message naming it (and the line); nothing is changed then.")
    g.add_argument("source", nargs="?", metavar="SOURCE", help="the source: its name, an alias, an outlet line, or id")
    g.add_argument("grade", nargs="?", metavar="GRADE", help="A, B, C, D, E or F")
    g.add_argument("--reason", metavar="TEXT", help="why it has this grade (kept with it, shown beside it)")
    g.add_argument("--file", metavar="PATH", help="a YAML file of 'NAME: B' or 'NAME: {grade: B, reason: why}' lines")
    store_option(g, default=argparse.SUPPRESS)
    g.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print the grades given as JSON")
    g.set_defaults(func=run_grade)

    r = ssub.add_parser("reset", help="take an analyst's grade back: the source has its default grade again",
                        description="Take an analyst's grade of a source back: it has the default grade of the "
                                    "lexicon of known sources again, or none (F) where the lexicon does not know it. "
                                    "The grade taken back stays in the source's history.")
    r.add_argument("source", metavar="SOURCE", help="the source: its name, an alias, an outlet line, or id")
    store_option(r, default=argparse.SUPPRESS)
    r.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print the result as JSON")
    r.set_defaults(func=run_reset)


def _corpus(args: argparse.Namespace) -> Corpus:
    from claimgraph.cli.query import open_corpus

    return open_corpus(getattr(args, "db", None))


def _grade(s: dict[str, Any]) -> str:
    kind = {"analyst": "analyst", "default": "default"}.get(s.get("graded_by") or "", "not graded")
    return f"{s['reliability']} {s['label']} ({kind})"


def _record(s: dict[str, Any]) -> str:
    r = s.get("record") or {}
    if not r.get("stories"):
        return "no stories yet"
    parts = [f"{r['stories']} stor{'ies' if r['stories'] != 1 else 'y'}", f"{r['corroborated']} corroborated",
             f"{r['disputed']} disputed", f"{r['alone']} alone"]
    if r.get("disputes"):
        parts.append(f"disputes {r['disputes']}")
    return ", ".join(parts)


def _channels(s: dict[str, Any]) -> str:
    return ", ".join(f"{c['name']} ({c['documents']})" for c in s["channels"])


SOURCE_COLUMNS = (
    Column("id", lambda s: s["id"], numeric=True),
    Column("source", lambda s: s["source"]),
    Column("kind", lambda s: s["kind"]),
    Column("grade", _grade),
    Column("why", lambda s: s["reason"], wide=True),
    Column("articles", lambda s: s["documents"], numeric=True),
    Column("channels", _channels),
    Column("record", _record),
)
"""The columns of a source: its grade and why, its articles and channels, its track record."""


def run_sources(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    with _corpus(args) as corpus:
        found = corpus.sources()
        if not found and fmt == "table":
            from claimgraph.cli.query import nothing_found

            nothing_found(corpus, "sources")
            return 0
    output.emit(found, SOURCE_COLUMNS, fmt)
    return 0


def run_show(args: argparse.Namespace) -> int:
    with _corpus(args) as corpus:
        from claimgraph.cli.query import require_articles

        require_articles(corpus)
        s = corpus.source(args.source)
    if getattr(args, "json", False):
        output.print_json(s)
        return 0
    print(f"{s['source']} (source {s['id']}{', ' + s['kind'] if s['kind'] else ''}"
          f"{', part of ' + s['part_of'] if s['part_of'] else ''})")
    print(f"grade {_grade(s)}: {s['reason']}")
    print(f"{output.counted(s['documents'], 'article')}; track record: {_record(s)}")
    if s["channels"]:
        print("channels: " + _channels(s))
    print("grades given: " + "; ".join(f"{h['at']} {h['grade'] or 'none'} ({h['graded_by']})" for h in s["history"])
          if s["history"] else "grades given: none")
    if s["stories"]:
        print()
        output.emit(s["stories"], (
            Column("story", lambda x: x["id"], numeric=True),
            Column("proposition", lambda x: x["proposition"], wide=True),
            Column("its claims", lambda x: f"{x['supports']} support" + (f", {x['disputes']} dispute"
                                                                       if x["disputes"] else "")),
            Column("borne out", lambda x: "corroborated" if x["corroborated"] else
                   ("disputed" if x["disputed"] else "alone")),
            Column("grade", lambda x: x["grade"]["reason"], wide=True)), "table", title="stories it is in")
    return 0


def _done(args: argparse.Namespace, done: list[dict[str, Any]]) -> int:
    if getattr(args, "json", False):
        output.print_json(done)
        return 0
    for g in done:
        before = g["before"]
        channels = f"; its {g['channels']} channel{'s' if g['channels'] != 1 else ''} with it" if g["channels"] else ""
        print(f"{g['source']}: {g['reliability']} ({g['label']}, {g['graded_by'] or 'not graded'}; was "
              f"{before['reliability']}{', ' + before['graded_by'] if before['graded_by'] else ''}){channels}: "
              f"{g['reason'] or 'no reason'}")
    return 0


def run_grade(args: argparse.Namespace) -> int:
    from claimgraph.errors import InputError

    if args.file and (args.source or args.grade):
        raise InputError("sources grade: give either SOURCE GRADE or --file PATH, not both")
    if not args.file and not (args.source and args.grade):
        raise InputError("sources grade: give SOURCE GRADE (for example: claimgraph sources grade UNN B "
                         "--reason 'why') or --file PATH")
    with _corpus(args) as corpus:
        done = corpus.grade_sources(args.file) if args.file else \
            [corpus.grade_source(args.source, args.grade, args.reason)]
    return _done(args, done)


def run_reset(args: argparse.Namespace) -> int:
    with _corpus(args) as corpus:
        done = [corpus.reset_source(args.source)]
    return _done(args, done)
