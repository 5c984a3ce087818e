"""The resolver's candidate index in the store: each canonical entity's names and their block keys.

Revision ID: 0005
Revises: 0008

Before this, every process loaded all canonical entities, members and aliases into memory and
reloaded them whenever another writer changed the tables (with many writers: at every article).
The index is filled here from the stored links, so an existing store resolves as before.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create canonical_names and canonical_blocks and fill them from the stored canonical entities."""
    op.create_table(
        "canonical_names",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("canonical_id", sa.Integer, sa.ForeignKey("canonical_entities.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("own", sa.Boolean, nullable=False),
        sa.UniqueConstraint("canonical_id", "own", "name", name="uq_canonical_names"),
    )
    op.create_table(
        "canonical_blocks",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("canonical_id", sa.Integer, sa.ForeignKey("canonical_entities.id", ondelete="CASCADE"),
                  primary_key=True),
    )
    op.create_index("ix_canonical_blocks_canonical", "canonical_blocks", ["canonical_id"])
    from claimgraph.store.canonical import rebuild_names

    rebuild_names(op.get_bind())


def downgrade() -> None:
    """Drop the index tables."""
    op.drop_index("ix_canonical_blocks_canonical", "canonical_blocks")
    op.drop_table("canonical_blocks")
    op.drop_table("canonical_names")
