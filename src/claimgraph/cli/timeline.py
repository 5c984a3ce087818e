"""`claimgraph timeline`: the events of a stored corpus in date order, with who reports them."""
from __future__ import annotations

import argparse
from typing import Any

from claimgraph.cli.options import date_bound, output_format, output_options, positive_int, store_option
from claimgraph.cli.output import Column, emit, note, ref_text

DESCRIPTION = """\
List the events of the stored corpus in date order: who did what to whom, when and where, with
the PLOVER type of the action, how it is reported (done, ongoing, planned, threatened, hypothetical
or denied: "will withdraw" is planned, "did not attack" denied; an event stored before claimgraph
read modality shows "-"), how many articles report it and how many independent sources
they are (an article stored as a copy of another, such as the same wire story on two sites,
counts once), and who reports it (the speaker of the claim that holds it, or the outlet's own
narration). Dates keep their precision (2024, 2024-08, 2024-08-05); days with no known year
(--02-09) come after them, and undated events last. --since and --until keep the events whose
date may fall in the range, so "2024" is kept for --since 2024-06; undated events are then left out.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("timeline", help="list stored events in date order, with who reports them",
                       description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    store_option(p)
    p.add_argument("--about", metavar="NAME", help="events whose actor, target or place is this entity (any spelling)")
    p.add_argument("--since", metavar="DATE", type=date_bound,
                   help="events on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--until", metavar="DATE", type=date_bound,
                   help="events on or before DATE (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--limit", type=positive_int, default=200, metavar="N", help="show at most N events (default 200)")
    output_options(p, "events (as JSON, each with its reports)")
    p.set_defaults(func=run_timeline)


def _reporters(event: dict[str, Any]) -> str:
    """Who reports the event: each speaker (or, for narration, the outlet) once, with the outlets."""
    outlets: dict[str, dict[str, None]] = {}
    for rep in event["reports"]:
        outlet = rep["document"]["outlet"] or rep["document"]["id"][:10]
        claim = rep["claim"] or {}
        speaker = claim.get("speaker")
        who = ((speaker.get("canonical") or {}).get("name") or speaker["text"]) if speaker else outlet
        if claim.get("stance") in ("disputed", "claimed"):
            who = f"{who} ({claim['stance']})"  # a denial is no report of the event
        outlets.setdefault(who, {})
        if who != outlet:
            outlets[who].setdefault(outlet, None)
    return "; ".join(f"{who} via {', '.join(via)}" if via else who for who, via in outlets.items())


def _action(v: dict[str, Any]) -> str:
    a = v["action"]
    return f"{a['text']} ({a['code']}{'/' + a['mode'] if a['mode'] else ''})" if a["code"] else str(a["text"])


TIMELINE_COLUMNS = (
    Column("date", lambda v: v["date"]),
    Column("actor", lambda v: ref_text(v["actor"])),
    Column("action", _action),
    Column("as", lambda v: v.get("modality")),
    Column("target", lambda v: ref_text(v["target"])),
    Column("place", lambda v: ref_text(v["place"])),
    Column("docs", lambda v: v["documents"], numeric=True),
    Column("sources", lambda v: v["sources"], numeric=True),
    Column("reported by", _reporters, wide=True),
)
"""The columns of an event: when, who did what to whom, where, how reported, by how many and whom."""


def run_timeline(args: argparse.Namespace) -> int:
    from claimgraph.cli.query import open_corpus

    fmt = output_format(args)
    with open_corpus(args.db) as corpus:
        found = corpus.timeline(about=args.about, since=args.since, until=args.until, limit=args.limit)
        if not found and fmt == "table":
            from claimgraph.cli.query import nothing_found

            nothing_found(corpus, "events")
            return 0
    emit(found, TIMELINE_COLUMNS, fmt)
    if len(found) == args.limit:
        note(f"the first {args.limit} shown; --limit N shows more")
    return 0
