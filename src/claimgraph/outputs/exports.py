"""`export`: a selection of the store in one format, streamed into a file (whole or not at all) or a stream."""
from __future__ import annotations

import os
from typing import IO, Any

from claimgraph.errors import InputError
from claimgraph.outputs import ftm, graphml, stix, tables
from claimgraph.outputs.atomic import output
from claimgraph.outputs.formats import FORMATS
from claimgraph.outputs.selection import Reader, Selection
from claimgraph.store import Store

MEDIA_TYPES = {"stix": "application/stix+json;version=2.1", "ftm": "application/x-ndjson",
               "graphml": "application/graphml+xml", "csv": "text/csv; charset=utf-8",
               "jsonl": "application/x-ndjson"}
SUFFIXES = {"stix": "stix.json", "ftm": "ftm.json", "graphml": "graphml", "csv": "csv", "jsonl": "jsonl"}


def check_format(fmt: str, table: str | None = None) -> tuple[str, str]:
    """(format, table), checked: an InputError names the one that is unknown."""
    f = (fmt or "").strip().lower()
    if f not in FORMATS:
        raise InputError(f"unknown export format '{fmt}'; use one of {', '.join(FORMATS)}")
    tb = (table or "claims").strip().lower()
    if tb not in tables.TABLES:
        raise InputError(f"unknown table '{table}'; use one of {', '.join(tables.TABLES)}")
    if table and f not in ("csv", "jsonl"):
        raise InputError(f"--table is for csv and jsonl; a {f} export holds every kind of record")
    return f, tb


def write(reader: Reader, fmt: str, stream: IO[str], table: str = "claims") -> dict[str, Any]:
    """Write the reader's selection in a checked format; returns what was written (counts)."""
    if fmt == "stix":
        return stix.write(reader, stream)
    if fmt == "ftm":
        return ftm.write(reader, stream)
    if fmt == "graphml":
        return graphml.write(reader, stream)
    if fmt == "csv":
        return tables.write_csv(reader, stream, table)
    return tables.write_jsonl(reader, stream, table)


def export(store: Store, fmt: str, out: str | os.PathLike[str] | IO[str] | None, *, table: str | None = None,
           **filters: Any) -> dict[str, Any]:
    """Export the claims the filters keep (and what they touch) to a file path, a text stream, or standard output
    (None or '-'); a file is written to a temporary name beside it and renamed when complete."""
    f, tb = check_format(fmt, table)
    selection = Selection.of(**filters)
    with store.begin() as conn:
        reader = Reader(conn, selection)  # checks the story or entity before anything is written
        if out is not None and hasattr(out, "write"):
            result = write(reader, f, out, tb)  # type: ignore[arg-type]
        else:
            with output(out) as stream:
                result = write(reader, f, stream, tb)
    return {**result, "filters": selection.active()}
