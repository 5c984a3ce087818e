"""Sources are organisations: their channels, spellings, grades with reasons and the history of grades; stories
know how full each claim's proposition is, and claims that state none start no story.

Sources stored before this revision were outlet lines ("FCDO (via Wired-Gov)"); each becomes a spelling of
its organisation, with the line's channel, and the organisation gets the default grade of the lexicon of known
sources (an analyst's grade given to an outlet line is kept, as the analyst's, with a reason saying so). The
organisations that stored claims name as speaker or relay become sources too. Stories are left as they are:
`clause` is NULL for their claims, and is read from the content when a story is summarised.

Revision ID: 0011
Revises: 0006
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the source tables and columns, `story_claims.clause` and `claims_without_story`; adopt stored outlets."""
    with op.batch_alter_table("sources") as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("graded_by", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("graded_at", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("part_of", sa.String(length=300), nullable=True))
    op.create_table(
        "source_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "name", name="uq_source_channels_source_name"),
    )
    op.create_index("ix_source_channels_source_id", "source_channels", ["source_id"])
    op.create_table(
        "source_names",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=True),
        sa.Column("qualifier", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["channel_id"], ["source_channels.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_source_names_source_id", "source_names", ["source_id"])
    op.create_table(
        "source_grades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=1), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("graded_by", sa.String(length=16), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_source_grades_source_id", "source_grades", ["source_id"])
    with op.batch_alter_table("story_claims") as batch_op:
        batch_op.add_column(sa.Column("clause", sa.Integer(), nullable=True))
    op.create_table(
        "claims_without_story",
        sa.Column("claim_pk", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["claim_pk"], ["claims.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("claim_pk"),
    )
    # the data: what the outlet lines and the claims of a stored corpus name, as the code of this revision reads it
    from claimgraph.store.sources import adopt_stored

    adopt_stored(op.get_bind())


def downgrade() -> None:
    """Drop the source tables and columns and the story columns (sources stay one per organisation)."""
    op.drop_table("claims_without_story")
    with op.batch_alter_table("story_claims") as batch_op:
        batch_op.drop_column("clause")
    op.drop_index("ix_source_grades_source_id", "source_grades")
    op.drop_table("source_grades")
    op.drop_index("ix_source_names_source_id", "source_names")
    op.drop_table("source_names")
    op.drop_index("ix_source_channels_source_id", "source_channels")
    op.drop_table("source_channels")
    with op.batch_alter_table("sources") as batch_op:
        for column in ("part_of", "graded_at", "graded_by", "reason", "kind"):
            batch_op.drop_column(column)
