"""`make demo`: ingest the shipped demo corpus into ./claimgraph-demo.db, show what it holds, and serve the workbench.

    python -m claimgraph.demo [DB] [--port 8000] [--no-serve]
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import socket
import sys
from collections import Counter
from collections.abc import Sequence
from operator import itemgetter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from claimgraph.cli.ingest_progress import ingest_progress
from claimgraph.corpus.api import Corpus

DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"
"""The openly licensed reports shipped with the project (see demo/ATTRIBUTION.md)."""


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port(wanted: int) -> int:
    """The wanted port where it is free, else the next free one (a demo should not fail on a busy 8000)."""
    for port in range(wanted, wanted + 50):
        if _port_free(port):
            return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    """Ingest the demo articles; print counts, entities, top stories and a sample of the ledger; serve the workbench."""
    p = argparse.ArgumentParser(prog="python -m claimgraph.demo", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("db", nargs="?", default=os.environ.get("CLAIMGRAPH_DEMO_DB", "claimgraph-demo.db"),
                   help="the demo store (default ./claimgraph-demo.db)")
    p.add_argument("--port", type=int, default=int(os.environ.get("CLAIMGRAPH_DEMO_PORT", "8000")),
                   help="port of the workbench (default 8000, or the next free one)")
    p.add_argument("--no-serve", action="store_true", default=os.environ.get("CLAIMGRAPH_DEMO_SERVE") == "0",
                   help="ingest and print, then stop (also CLAIMGRAPH_DEMO_SERVE=0)")
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    db = args.db
    # off a terminal (a pipe, a log of `make demo`) lines are whole, as the listing commands print them
    console = Console(soft_wrap=not sys.stdout.isatty())
    if not DEMO.is_dir():
        console.print(f"demo: the demo corpus {DEMO} is missing; run from a clone of the project")
        return 2
    with Corpus(db) as corpus:
        console.print(f"[bold]claimgraph demo[/]: ingesting {len(list(DEMO.glob('*.json')))} openly licensed reports "
                      f"from {DEMO} into {db}")
        with ingest_progress(console, lines=True) as progress:
            report = corpus.ingest([DEMO], progress=progress)
        console.print("ingest:", ", ".join(f"{k} {v}" for k, v in report.counts().items() if v))
        print_table(console, "Most reported entities", ("entity", "type", "documents"),
                    [(str(e.get("name")), str(e.get("type")), str(e.get("documents", e.get("document_count", ""))))
                     for e in corpus.entities(limit=12)])
        print_table(console, "Top stories (most reported first)",
                    ("story", "proposition", "reports", "independent", "disputed by", "grade"),
                    [(str(s["id"]), s["proposition"][:140], str(s["reports"]), str(s["independent_origins"]),
                      ", ".join(s["disputing_origins"]) or "-", s["grade"]["reason"]) for s in corpus.stories(limit=8)],
                    wide="proposition")
        rows: list[tuple[str, ...]] = []
        hedged: Counter[str] = Counter()  # named speakers of hedged claims: the next steps' example filter
        for c in corpus.claims(limit=400):
            sp = c.get("speaker") or {}
            canonical = sp.get("canonical")
            name = canonical.get("name") if isinstance(canonical, dict) else canonical
            if name and c.get("hedges"):
                hedged[name] += 1
            if not name or len(rows) == 12:
                continue  # the sample shows claims whose speaker resolved to a named entity
            speaker = name if name == sp.get("text") else f"{name} ({sp.get('text')})"
            via = " → ".join(v.get("text", "") for v in c.get("via") or [])
            hedges = ", ".join(h.get("text", "") for h in c.get("hedges") or [])
            rows.append((speaker, via, c.get("stance", ""), hedges, (c.get("content") or {}).get("text", "")[:160]))
        print_table(console, "Claims with a named speaker (a sample of the ledger)",
                    ("speaker", "via", "stance", "hedges", "content"), rows, wide="content")
    example = hedged.most_common(1)[0][0] if hedged else None
    console.print(next_steps(db, example), markup=False, highlight=False, soft_wrap=True)
    if args.no_serve:
        console.print(f"Workbench: [bold].venv/bin/claimgraph serve --db {db}[/]")
        return 0
    return serve(db, _free_port(args.port), console)


def print_table(console: Console, title: str, headings: Sequence[str], rows: Sequence[Sequence[str]],
                wide: str | None = None, numeric: Sequence[str] = ("story", "documents", "reports", "independent")
                ) -> None:
    """A table drawn by rich on a terminal; elsewhere plain full-width lines, one a row (`cli.output.print_plain`)."""
    if not console.is_terminal:
        from claimgraph.cli.output import Column, print_plain

        columns = [Column(h, itemgetter(h), numeric=h in numeric, wide=h == wide) for h in headings]
        console.print()
        print_plain([dict(zip(headings, r, strict=True)) for r in rows], columns, console.file, title=title)
        return
    table = Table(title=title, show_lines=wide is not None)
    for h in headings:
        table.add_column(h, overflow="fold")
    for r in rows:
        table.add_row(*r)
    console.print(table)


def next_steps(db: str, hedged_speaker: str | None = None) -> str:
    """What to type next: the demo store is not the default one (./claimgraph.db), so every command names it;
    the claims example filters by a speaker the store holds hedged claims of."""
    shown = shlex.quote(db)
    claims = f"  .venv/bin/claimgraph claims --db {shown} --hedge any"
    if hedged_speaker:
        claims = f"  .venv/bin/claimgraph claims --db {shown} --speaker {shlex.quote(hedged_speaker)} --hedge any"
    return "\n".join([
        "",
        f"The demo store is {db}: pass --db {shown} to every command (or `export CLAIMGRAPH_DB={shown}`), for example",
        f"  .venv/bin/claimgraph stories --db {shown}",
        claims,
        f"  .venv/bin/claimgraph sources --db {shown}",
        f"  .venv/bin/claimgraph sources grade FCDO B --reason \"why\" --db {shown}",
        f"  .venv/bin/claimgraph show --db {shown} \"North Korea\"",
    ])


def serve(db: str, port: int, console: Console) -> int:
    """Serve the workbench over the demo store on 127.0.0.1 until Ctrl-C."""
    import uvicorn

    from claimgraph.web import create_app

    app = create_app(db, warm=True)
    console.print(f"\n[bold green]Workbench:[/] http://127.0.0.1:{port}/  — open it in a browser; Ctrl-C stops it.")
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
