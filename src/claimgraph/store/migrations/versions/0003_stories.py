"""Stories: claims grouped by proposition across documents, their term index and term frequencies.

Revision ID: 0003
Revises: 0002
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the story tables."""
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "story_claims",
        sa.Column("claim_pk", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("denial", sa.Boolean(), nullable=False),
        sa.Column("agent", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["claim_pk"], ["claims.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("claim_pk"),
    )
    op.create_index("ix_story_claims_story", "story_claims", ["story_id"])
    op.create_table(
        "story_terms",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("term", "story_id"),
    )
    op.create_table(
        "term_counts",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term"),
    )


def downgrade() -> None:
    """Drop the story tables."""
    op.drop_table("term_counts")
    op.drop_table("story_terms")
    op.drop_index("ix_story_claims_story", table_name="story_claims")
    op.drop_table("story_claims")
    op.drop_table("stories")
