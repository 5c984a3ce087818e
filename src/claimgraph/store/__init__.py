"""The store: every record of `claimgraph.document/1` in SQLite (default) or PostgreSQL, plus the
cross-document tables (canonical entities, copies), migrated with alembic on open."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from claimgraph.store.location import DEFAULT_DB, ENV_DB

if TYPE_CHECKING:
    from claimgraph.store.engine import Store, database_url
    from claimgraph.store.records import document_exists, load_analysis, load_document, save_analysis

__all__ = ["DEFAULT_DB", "ENV_DB", "Store", "database_url", "document_exists", "load_analysis",
           "load_document", "save_analysis"]

_LAZY = {"Store": "claimgraph.store.engine", "database_url": "claimgraph.store.engine",
         "document_exists": "claimgraph.store.records", "load_analysis": "claimgraph.store.records",
         "load_document": "claimgraph.store.records", "save_analysis": "claimgraph.store.records"}
"""Loaded on first use: SQLAlchemy and alembic come with the store, not with `claimgraph --help`."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'claimgraph.store' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
