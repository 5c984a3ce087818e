"""`claimgraph timeline`: the events of a stored corpus in date order, with who reports them."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from claimgraph.cli import positive_int, ref_text
from claimgraph.store import DEFAULT_DB, ENV_DB, Store
from claimgraph.store.timeline import check_bound, timeline

TABLE_WIDTH = 140
"""Width of the table when standard output is not a terminal."""

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
    p.add_argument("--db", metavar="PATH|URL",
                   help=f"the store: a SQLite file path or a postgresql:// URL (default: ${ENV_DB}, "
                        f"else ./{DEFAULT_DB})")
    p.add_argument("--about", metavar="NAME", help="events whose actor, target or place is this entity (any spelling)")
    p.add_argument("--since", metavar="DATE", type=_bound("--since"),
                   help="events on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--until", metavar="DATE", type=_bound("--until"),
                   help="events on or before DATE (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--limit", type=positive_int, default=200, metavar="N", help="show at most N events (default 200)")
    p.add_argument("--json", action="store_true", help="print the events as a JSON list, each with its reports")
    p.set_defaults(func=run_timeline)


def _bound(option: str) -> Any:
    def parse(value: str) -> str:
        from claimgraph.errors import InputError

        try:
            return check_bound(value, option)
        except InputError as e:
            raise argparse.ArgumentTypeError(str(e)) from None
    return parse


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


def timeline_table(events: list[dict[str, Any]]) -> Table:
    """The readable table of a timeline."""
    table = Table(show_lines=True)
    for name in ("date", "actor", "action", "as", "target", "place", "docs", "sources", "reported by"):
        table.add_column(name, overflow="fold", justify="right" if name in ("docs", "sources") else "left")
    for v in events:
        a = v["action"]
        action = f"{a['text']} ({a['code']}{'/' + a['mode'] if a['mode'] else ''})" if a["code"] else a["text"]
        table.add_row(v["date"] or "-", ref_text(v["actor"]), action, v.get("modality") or "-", ref_text(v["target"]),
                      ref_text(v["place"]), str(v["documents"]), str(v["sources"]), _reporters(v))
    return table


def run_timeline(args: argparse.Namespace) -> int:
    store = Store(args.db)
    try:
        with store.begin() as conn:
            found = timeline(conn, about=args.about, since=args.since, until=args.until, limit=args.limit)
    finally:
        store.close()
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=1))
        return 0
    out = Console(file=sys.stdout, width=None if sys.stdout.isatty() else TABLE_WIDTH, highlight=False)
    if not found:
        out.print("no events match")
        return 0
    out.print(timeline_table(found))
    if len(found) == args.limit:
        out.print(f"the first {args.limit} shown; --limit N shows more")
    return 0
