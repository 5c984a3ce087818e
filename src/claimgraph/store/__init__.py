"""The store: every record of `claimgraph.document/1` in SQLite (default) or PostgreSQL, plus the
cross-document tables (canonical entities, copies), migrated with alembic on open."""
from __future__ import annotations

from claimgraph.store.engine import DEFAULT_DB, ENV_DB, Store, database_url
from claimgraph.store.records import document_exists, load_analysis, load_document, save_analysis

__all__ = ["DEFAULT_DB", "ENV_DB", "Store", "database_url", "document_exists", "load_analysis",
           "load_document", "save_analysis"]
