"""The `claimgraph` command: one sub-command per module of this package, each mirroring the Python API.

Registering the commands is light (argparse and the names of choices): `claimgraph --help` and every
`claimgraph COMMAND --help` print without loading spaCy, SQLAlchemy, datasketch or FastAPI, which each
command imports when it runs.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from claimgraph.cli.options import positive_int
from claimgraph.cli.output import ref_text
from claimgraph.errors import ClaimgraphError

__all__ = ["COMMAND_MODULES", "Parser", "main", "parser", "positive_int", "ref_text"]

COMMAND_MODULES = ("claimgraph.cli.analyze", "claimgraph.cli.corpus", "claimgraph.cli.query", "claimgraph.cli.timeline",
                   "claimgraph.cli.serve", "claimgraph.cli.stories", "claimgraph.cli.sources", "claimgraph.cli.export",
                   "claimgraph.cli.brief")
"""Modules that each define `register(subparsers)`; their commands set `func(args) -> int`."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line naming the command and the problem (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (`{self.prog} --help` says more)\n")


def parser() -> argparse.ArgumentParser:
    """The full argument parser, with every sub-command registered."""
    p = Parser(prog="claimgraph", description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--version", action="version", version="claimgraph 0.1.0")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; user errors end in one line on stderr and exit status 2."""
    p = parser()
    args = p.parse_args(argv)  # a usage error ends here, in one line and exit status 2 (`Parser.error`)
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
