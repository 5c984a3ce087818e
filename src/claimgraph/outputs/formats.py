"""The names of what `outputs` writes (export formats, tables, brief formats, hedge filter words), apart from the
writers, so that the CLI can list them in `--help` without loading the store or the export libraries."""
from __future__ import annotations

FORMATS = ("stix", "ftm", "graphml", "csv", "jsonl")
"""STIX 2.1 bundle, FollowTheMoney JSON lines, GraphML, and CSV / JSON Lines of one table."""

TABLES = ("claims", "entities", "events", "stories")
"""The tables a csv or jsonl export holds one of."""

BRIEF_FORMATS = ("md", "html", "pdf")
"""Markdown, HTML that loads nothing, and PDF rendered from that HTML."""

HEDGE_WORDS = ("any", "none")
"""Besides a hedge word or ICD 203 term: `any` (the claim is hedged) and `none` (it is stated flat)."""
