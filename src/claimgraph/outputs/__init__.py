"""What leaves claimgraph for other tools and readers: exports (STIX 2.1, FollowTheMoney, GraphML, CSV, JSON Lines)
and briefs (Markdown, HTML, PDF) with every statement footnoted to its exact span.

    selection.py  the one reader of the store: the claims a filter keeps, document by document
    stix.py, ftm.py, graphml.py, tables.py   one writer per format, each streaming what the reader yields
    exports.py    `export(store, format, out, **filters)`: a format into a file, whole or not at all
    brief.py      `brief(store, ...)`: a story, an entity or a topic as a footnoted brief (templates/)
"""
from __future__ import annotations

from claimgraph.outputs.exports import FORMATS, export
from claimgraph.outputs.selection import Selection

__all__ = ["FORMATS", "Selection", "export"]
