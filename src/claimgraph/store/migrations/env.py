"""Alembic environment: migrations run on the connection that `store.open_store` hands over."""
from __future__ import annotations

from alembic import context

from claimgraph.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by the bare `alembic` command line
    raise RuntimeError("claimgraph migrations run through claimgraph.store.open_store(), not the alembic CLI")

# SQLite's own DDL is transactional once our connection emits BEGIN itself (see store.engine), so an
# upgrade is all-or-nothing on both back-ends. One transaction for the whole upgrade, begun before the
# current version is read: on SQLite it takes the write lock first (the connection is a writer), so a
# second process opening the store at the same moment waits and then finds nothing left to do.
context.configure(connection=connection, target_metadata=metadata, transactional_ddl=True,
                  transaction_per_migration=False, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
