"""Stories for the workbench: what corroboration (`claimgraph.corpus.corroborate`) found, read for the pages.

The corroboration stage may be absent from a store (an older store, or one never clustered): then
every question here answers "nothing yet" and the pages say so instead of failing.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection


def available(conn: Connection) -> bool:
    """Whether this store holds stories."""
    return False


def grades_of(conn: Connection, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(document id, claim id) -> {id, grade, reason} of the story the claim belongs to."""
    return {}


def claims_with_grade(conn: Connection, grade: int) -> list[int]:
    """Row keys (`claims.pk`) of the claims whose story has this credibility grade."""
    return []


def listing(conn: Connection, *, order: str = "newest", limit: int = 10) -> list[dict[str, Any]]:
    """Stories for the home page: `newest`, `disputed` (most disputed first) or `single` (one origin)."""
    return []


def story(conn: Connection, story_id: str) -> dict[str, Any] | None:
    """One story: its proposition, reports by independent origin, support and dispute, grade and why."""
    return None
