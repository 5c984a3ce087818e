"""What every module that writes to the store shares: the time stamp of a write and an INSERT that skips rows
already there. A module of its own so that the writers (records, sources, canonical entities) import it, not
each other."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert


def now() -> str:
    """The current UTC time as an ISO string (what every `*_at` column holds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def insert_ignoring_conflicts(conn: Connection, table: Table) -> Insert:
    """An INSERT that skips rows whose key is already there (on either back-end)."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()
