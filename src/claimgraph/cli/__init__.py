"""The `claimgraph` command: one sub-command per module of this package, each mirroring the Python API."""
from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

from claimgraph.errors import ClaimgraphError

COMMAND_MODULES = ("claimgraph.cli.analyze", "claimgraph.cli.corpus", "claimgraph.cli.query", "claimgraph.cli.timeline",
                   "claimgraph.cli.serve", "claimgraph.cli.stories", "claimgraph.cli.export", "claimgraph.cli.brief")
"""Modules that each define `register(subparsers)`; their commands set `func(args) -> int`."""


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1 ("--limit 0" is an error, not "no limit")."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be at least 1")
    return n


def ref_text(r: dict[str, Any] | None) -> str:
    """A stored reference ({text, canonical}) as a table cell: the words, and the canonical name where it differs."""
    if not r:
        return "-"
    canonical = r.get("canonical")
    if canonical and canonical["name"] != r["text"]:
        return f"{r['text']} [{canonical['name']}]"
    return r["text"] or "-"


def parser() -> argparse.ArgumentParser:
    """The full argument parser, with every sub-command registered."""
    p = argparse.ArgumentParser(prog="claimgraph", description=__doc__)
    p.add_argument("--version", action="version", version="claimgraph 0.1.0")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; user errors end in one line on stderr and exit status 2."""
    p = parser()
    args = p.parse_args(argv)
    if not getattr(args, "func", None):
        p.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ClaimgraphError as e:
        print(f"claimgraph: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("claimgraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
