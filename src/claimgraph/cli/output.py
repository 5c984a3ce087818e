"""Printing records: a table a person reads, tab-separated rows a pipe reads, or JSON; chosen by `--format`.

A table on a terminal is drawn by rich at the terminal's width. Anywhere else (a pipe, a file) the same
table is plain text at full width: one line per row, each cell whole on its line, columns padded to the
widest cell, so `grep`, `less -S` and `cut` see every word of a row together.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any

_CONTROL = {c: " " for c in range(32)} | {0x7F: " "}
"""Control characters (tabs, line breaks, escapes) become spaces in a cell: a cell is one line, and text
cannot drive the terminal."""


@dataclass(frozen=True)
class Column:
    """One column: its heading, how a record gives its cell, and whether it is a number (right-aligned)."""

    name: str
    cell: Callable[[dict[str, Any]], Any]
    numeric: bool = False
    wide: bool = False
    """The column that takes the room left (a claim's content): on a terminal it wraps, elsewhere nothing does."""


def one_line(value: Any) -> str:
    """A cell as one line of plain text ('-' for nothing)."""
    if value is None or value == "":
        return "-"
    return " ".join(str(value).translate(_CONTROL).split()) or "-"


def print_json(data: Any, stream: IO[str] | None = None) -> None:
    """JSON, indented, every character as it is."""
    print(json.dumps(data, ensure_ascii=False, indent=1), file=stream or sys.stdout)


def print_tsv(rows: Sequence[dict[str, Any]], columns: Sequence[Column], stream: IO[str] | None = None) -> None:
    """A header line, then one tab-separated line per record."""
    out = stream or sys.stdout
    print("\t".join(c.name for c in columns), file=out)
    for r in rows:
        print("\t".join(one_line(c.cell(r)) for c in columns), file=out)


def print_plain(rows: Sequence[dict[str, Any]], columns: Sequence[Column], stream: IO[str] | None = None,
                title: str | None = None) -> None:
    """The table as plain lines at full width: columns padded to their widest cell, nothing wrapped."""
    out = stream or sys.stdout
    cells = [[one_line(c.cell(r)) for c in columns] for r in rows]
    widths = [max([len(c.name)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    if title:
        print(title, file=out)

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if c.numeric else v.ljust(w) for v, w, c in zip(values, widths, columns, strict=True)]
        return "  ".join(parts).rstrip()

    print(line([c.name for c in columns]), file=out)
    for row in cells:
        print(line(row), file=out)


def print_rich(rows: Sequence[dict[str, Any]], columns: Sequence[Column], title: str | None = None) -> None:
    """The table drawn for a terminal."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=any(c.wide for c in columns))
    for c in columns:
        table.add_column(c.name, overflow="fold", justify="right" if c.numeric else "left",
                         ratio=4 if c.wide else None)
    for r in rows:
        table.add_row(*(one_line(c.cell(r)) for c in columns))
    Console(highlight=False).print(table)


def emit(rows: Sequence[dict[str, Any]], columns: Sequence[Column], fmt: str, *, title: str | None = None,
         data: Any = None) -> None:
    """Print records in a format: `json` (of `data` where given, else the records), `tsv` or `table`."""
    if fmt == "json":
        print_json(rows if data is None else data)
    elif fmt == "tsv":
        print_tsv(rows, columns)
    elif sys.stdout.isatty():
        print_rich(rows, columns, title)
    else:
        print_plain(rows, columns, title=title)


def note(text: str) -> None:
    """A line about the output (how many more there are, what was left out) on standard error, so that a pipe
    of records holds records only."""
    print(text, file=sys.stderr)


def ref_text(r: dict[str, Any] | None) -> str:
    """A stored reference ({text, canonical}) as a cell: the words, and the canonical name where it differs."""
    if not r:
        return "-"
    canonical = r.get("canonical")
    if canonical and canonical["name"] != r["text"]:
        return f"{r['text']} [{canonical['name']}]"
    return str(r["text"] or "-")
