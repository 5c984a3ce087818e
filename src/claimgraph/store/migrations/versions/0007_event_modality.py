"""Events say how they are reported: done, ongoing, planned, threatened, hypothetical or denied.

Events stored before this revision keep NULL: their modality was not read.

Revision ID: 0007
Revises: 0004
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add events.modality."""
    with op.batch_alter_table("events") as batch_op:
        batch_op.add_column(sa.Column("modality", sa.String(length=16), nullable=True))


def downgrade() -> None:
    """Drop events.modality."""
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_column("modality")
