"""`make demo`: ingest the shipped demo corpus into ./claimgraph-demo.db and show what it holds."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from claimgraph.corpus.api import Corpus

DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"
"""The openly licensed reports shipped with the project (see demo/ATTRIBUTION.md)."""


def main(argv: list[str] | None = None) -> int:
    """Ingest the demo articles, then print counts, the most named entities and a sample of the claim ledger."""
    argv = sys.argv[1:] if argv is None else argv
    db = argv[0] if argv else os.environ.get("CLAIMGRAPH_DEMO_DB", "claimgraph-demo.db")
    console = Console()
    if not DEMO.is_dir():
        console.print(f"demo: the demo corpus {DEMO} is missing; run from a clone of the project")
        return 2
    with Corpus(db) as corpus:
        console.print(f"[bold]claimgraph demo[/]: ingesting {len(list(DEMO.glob('*.json')))} openly licensed reports "
                      f"from {DEMO} into {db}")
        report = corpus.ingest([DEMO])
        console.print("ingest:", ", ".join(f"{k} {v}" for k, v in report.counts().items() if v))
        ents = Table(title="Most reported entities")
        for col in ("entity", "type", "documents"):
            ents.add_column(col)
        for e in corpus.entities(limit=12):
            ents.add_row(str(e.get("name")), str(e.get("type")), str(e.get("documents", e.get("document_count", ""))))
        console.print(ents)
        claims = Table(title="Claims with a named speaker (a sample of the ledger)", show_lines=True)
        for col in ("speaker", "via", "stance", "hedges", "content"):
            claims.add_column(col, overflow="fold")
        shown = 0
        for c in corpus.claims(limit=400):
            sp = c.get("speaker") or {}
            canonical = sp.get("canonical")
            name = canonical.get("name") if isinstance(canonical, dict) else canonical
            if not name:
                continue  # the sample shows claims whose speaker resolved to a named entity
            speaker = name if name == sp.get("text") else f"{name} ({sp.get('text')})"
            via = " → ".join(v.get("text", "") for v in c.get("via") or [])
            hedges = ", ".join(h.get("text", "") for h in c.get("hedges") or [])
            claims.add_row(speaker, via, c.get("stance", ""), hedges, (c.get("content") or {}).get("text", "")[:160])
            shown += 1
            if shown == 12:
                break
        console.print(claims)
    console.print(f"\nNext: [bold].venv/bin/claimgraph claims --db {db} --speaker Wood[/], "
                  f"[bold]claimgraph entities --db {db}[/], [bold]claimgraph show --db {db} \"North Korea\"[/]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
