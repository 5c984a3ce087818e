"""What analysts write: notes and tags on claims, entities and stories, and saved searches; an index of entities
by canonical entity and document, so that counting an entity's documents reads the index alone.

Revision ID: 0008
Revises: 0004
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create notes, tags and saved_searches, and ix_entities_canonical_document."""
    op.create_index("ix_entities_canonical_document", "entities", ["canonical_id", "document_id"])
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_notes_target", "notes", ["target_kind", "target_id"])
    op.create_table(
        "tags",
        sa.Column("target_kind", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.String(length=200), nullable=False),
        sa.Column("tag", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("target_kind", "target_id", "tag"),
    )
    op.create_index("ix_tags_tag", "tags", ["tag", "target_kind"])
    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("resource", sa.String(length=32), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", name="uq_saved_searches_name"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    """Drop the analysts' tables and the index."""
    op.drop_index("ix_entities_canonical_document", "entities")
    op.drop_table("saved_searches")
    op.drop_index("ix_tags_tag", "tags")
    op.drop_table("tags")
    op.drop_index("ix_notes_target", "notes")
    op.drop_table("notes")
