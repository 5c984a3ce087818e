"""What leaves claimgraph for other tools and readers: exports (STIX 2.1, FollowTheMoney, GraphML, CSV, JSON Lines)
and briefs (Markdown, HTML, PDF) with every statement footnoted to its exact span.

    selection.py  the one reader of the store: the claims a filter keeps, document by document
    stix.py, ftm.py, graphml.py, tables.py   one writer per format, each streaming what the reader yields
    exports.py    `export(store, format, out, **filters)`: a format into a file, whole or not at all
    brief.py      `brief(store, ...)`: a story, an entity or a topic as a footnoted brief (templates/)
    formats.py    the names of the formats and tables, light enough for `--help`
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from claimgraph.outputs.formats import FORMATS

if TYPE_CHECKING:
    from claimgraph.outputs.exports import export
    from claimgraph.outputs.selection import Selection

__all__ = ["FORMATS", "Selection", "export"]

_LAZY = {"export": "claimgraph.outputs.exports", "Selection": "claimgraph.outputs.selection"}
"""Loaded on first use: the writers bring SQLAlchemy, stix2 and FollowTheMoney."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'claimgraph.outputs' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
