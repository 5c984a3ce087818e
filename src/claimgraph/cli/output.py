"""Printing records: a table a person reads, tab-separated rows a pipe reads, or JSON; chosen by `--format`.

A table on a terminal is drawn by rich at the terminal's width. Anywhere else (a pipe, a file) the same
table is plain text at full width: one line per row, each cell whole on its line, so `grep` and `less -S`
see every word of a row together. There the long free text (a claim's content, a story's proposition) comes
last and is not padded, and the short columns before it are padded to their widest cell up to `PAD_LIMIT`
characters: one long name makes its own line longer, not every line. `--format tsv` is for `cut`.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any

PAD_LIMIT = 30
"""The widest a column is padded to in plain text: a longer cell is printed whole and moves the rest of its own
line along."""

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
    """The table as plain lines at full width, nothing wrapped: the wide columns last, the last one not padded, the
    others padded to their widest cell (up to `PAD_LIMIT`)."""
    out = stream or sys.stdout
    columns = plain_order(columns)
    cells = [[one_line(c.cell(r)) for c in columns] for r in rows]
    widths = [min(max([len(row[i]) for row in cells], default=0), PAD_LIMIT) for i in range(len(columns))]
    widths = [max(w, len(c.name)) for w, c in zip(widths, columns, strict=True)]
    if title:
        print(title, file=out)

    starts = [sum(widths[:i]) + 2 * i for i in range(len(columns))]

    def line(values: Sequence[str]) -> str:
        text = ""
        for v, w, start, c in zip(values, widths, starts, columns, strict=True):
            if text:
                text += "  "
            # a cell past its column's width moves the rest of the line along, until a shorter cell takes it back
            text = text.ljust(start)
            text += v.rjust(start + w - len(text)) if c.numeric else v
        return text.rstrip()

    print(line([c.name for c in columns]), file=out)
    for row in cells:
        print(line(row), file=out)


def plain_order(columns: Sequence[Column]) -> list[Column]:
    """The columns as plain text shows them: the wide ones (free text) after the rest, each group in its order."""
    return [c for c in columns if not c.wide] + [c for c in columns if c.wide]


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


def counted(n: int, word: str, plural: str | None = None) -> str:
    """A number and its noun, singular for one: '1 claim', '2 claims', '3 entities' (with `plural`)."""
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def ref_text(r: dict[str, Any] | None) -> str:
    """A stored reference ({text, canonical}) as a cell: the words, and the canonical name where it differs."""
    if not r:
        return "-"
    canonical = r.get("canonical")
    if canonical and canonical["name"] != r["text"]:
        return f"{r['text']} [{canonical['name']}]"
    return str(r["text"] or "-")
