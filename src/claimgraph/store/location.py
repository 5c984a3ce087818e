"""Where a store is when nobody says: the default file and the environment variable that names another.

Kept apart from `store.engine` so that the CLI can describe its `--db` option without loading SQLAlchemy.
"""
from __future__ import annotations

DEFAULT_DB = "claimgraph.db"
"""The store used when neither `--db` nor `CLAIMGRAPH_DB` names one (in the working directory)."""

ENV_DB = "CLAIMGRAPH_DB"
"""The environment variable that names the store when `--db` is not given."""
