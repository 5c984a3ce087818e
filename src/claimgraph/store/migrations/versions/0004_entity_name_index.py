"""An index of entity names with their canonical entity, so that a search by name never reads the entity rows.

Revision ID: 0004
Revises: 0003
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ix_entities_name."""
    op.create_index("ix_entities_name", "entities", ["name", "canonical_id"])


def downgrade() -> None:
    """Drop ix_entities_name."""
    op.drop_index("ix_entities_name", "entities")
