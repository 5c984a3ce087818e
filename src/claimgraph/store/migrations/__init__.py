"""Alembic migrations of the claimgraph store, run by `Store.migrate()` on every open."""
