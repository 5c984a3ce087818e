"""`claimgraph analyze`: read articles and print who said what, through whom, how sure."""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from claimgraph.analyze import analyze_document
from claimgraph.nlp import pipeline
from claimgraph.readers import read_path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("analyze", help="analyse articles into entities, claims and events",
                       description="Analyse articles (.txt, .html, article .json, or - for stdin).")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print claimgraph.document/1 JSON")
    p.add_argument("--out", type=Path, help="write DIR/NAME.json for each input NAME.*")
    p.add_argument("--outlet")
    p.add_argument("--published")
    p.add_argument("--title")
    p.add_argument("--url")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    nlp = pipeline.get()
    for name in args.paths:
        doc = read_path(Path(name))
        overrides = {k: getattr(args, k) for k in ("outlet", "published", "title", "url") if getattr(args, k)}
        if overrides:
            doc = replace(doc, **overrides)
        result = analyze_document(doc, nlp)
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{Path(name).stem}.json").write_text(
                json.dumps(result.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
        elif args.json:
            print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
        elif not args.quiet:
            for c in result.claims:
                print(c.speaker.text if c.speaker else "-", "|", c.cue.text if c.cue else "-", "|", c.content.text)
    sys.stdout.flush()
    return 0
