"""Outlets of any length, and what was replaced in a document's text where it was read.

`documents.outlet` and `sources.name` were VARCHAR(300), and PostgreSQL refused a longer outlet;
they become TEXT. A unique btree index on a long TEXT fails in PostgreSQL past 2,704 bytes, so there
a source's name is kept unique by its md5 and found by a hash index (SQLite enforces no declared
length and indexes text of any length: it keeps its table as it is). `documents.repairs` holds the
JSON list of `claimgraph.records.Repair` (NUL and lone surrogates replaced by U+FFFD), or NULL.

Revision ID: 0006
Revises: 0005 (the newest on main when this landed: numbers are assigned per task, not in order of landing)
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Widen the outlet columns (PostgreSQL) and add documents.repairs."""
    op.add_column("documents", sa.Column("repairs", sa.Text(), nullable=True))
    if op.get_bind().dialect.name != "postgresql":
        return
    op.alter_column("documents", "outlet", type_=sa.Text(), existing_type=sa.String(300))
    op.drop_constraint("sources_name_key", "sources", type_="unique")
    op.alter_column("sources", "name", type_=sa.Text(), existing_type=sa.String(300), existing_nullable=False)
    op.execute("CREATE UNIQUE INDEX uq_sources_name_md5 ON sources (md5(name))")
    op.execute("CREATE INDEX ix_sources_name_hash ON sources USING hash (name)")


def downgrade() -> None:
    """Drop documents.repairs; on PostgreSQL, outlets back to VARCHAR(300), cut where longer (sources that then
    share a name become the first of them)."""
    op.drop_column("documents", "repairs")  # SQLite drops a column in place since 3.35
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_sources_name_hash")
    op.execute("DROP INDEX uq_sources_name_md5")
    first = "SELECT id, min(id) OVER (PARTITION BY left(name, 300)) AS keep FROM sources"
    op.execute(f"UPDATE documents d SET source_id = m.keep FROM ({first}) m "
               "WHERE d.source_id = m.id AND m.id <> m.keep")
    op.execute(f"DELETE FROM sources s USING ({first}) m WHERE s.id = m.id AND m.id <> m.keep")
    op.execute("UPDATE documents SET outlet = left(outlet, 300) WHERE length(outlet) > 300")
    op.execute("UPDATE sources SET name = left(name, 300) WHERE length(name) > 300")
    op.alter_column("documents", "outlet", type_=sa.String(300), existing_type=sa.Text())
    op.alter_column("sources", "name", type_=sa.String(300), existing_type=sa.Text(), existing_nullable=False)
    op.create_unique_constraint("sources_name_key", "sources", ["name"])
