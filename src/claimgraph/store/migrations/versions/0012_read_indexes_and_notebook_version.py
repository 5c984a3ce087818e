"""Indexes that the ledger's speaker filter and its sorted pages read instead of the claims table, and the
notebook's version.

- `ix_claims_unresolved_speaker`: the words of the speakers that no entity holds, for the claims that have
  none (a partial index: only those claims), so that a speaker filter finds them without reading every claim.
- `ix_canonical_entities_name` and `ix_documents_outlet`: the claims of one speaker's name or of one outlet,
  which a page sorted by speaker or outlet reads value by value (`store.claims.page_rows`).
- `ix_documents_id_published`: a claim's document's date by the document's id, so that the claims of a filter
  are put in date order without reading their documents' rows (each holds the article's whole text).
- `notebook_version`: one row whose number moves with every note, tag or saved search written or taken back
  (`store.notebook.version`), so that a page that shows them is known to have changed.

PostgreSQL keeps an index entry of at most 2,704 bytes and these columns hold text of any length (a hostile
outlet of 5,000 characters is stored), so there they are hash indexes, which answer the equality the pages ask.

Revision ID: 0012
Revises: 0011
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (("ix_claims_unresolved_speaker", "claims", "speaker_text", "speaker_entity IS NULL", True),
           ("ix_canonical_entities_name", "canonical_entities", "name", None, True),
           ("ix_documents_outlet", "documents", "outlet", None, True),
           ("ix_documents_id_published", "documents", "id, published", None, False))
"""(name, table, columns, the rows it holds, hashed on PostgreSQL: a column of text of any length)"""


def upgrade() -> None:
    """Create the four indexes (on a SQLite store whose tables were measured, measure them too) and
    notebook_version."""
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    for name, table, columns, where, hashed in INDEXES:
        op.execute(f"CREATE INDEX {name} ON {table}{' USING hash' if hashed and postgresql else ''} ({columns})"
                   + (f" WHERE {where}" if where else ""))
    # the workbench runs ANALYZE once on a store without statistics; one that has them would otherwise plan
    # without the new indexes' (a store migrated from empty has none yet, and gets them all at once later)
    if not postgresql and sa.inspect(bind).has_table("sqlite_stat1"):
        for name, *_ in INDEXES:
            op.execute(f"ANALYZE {name}")
    version = op.create_table(
        "notebook_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(version, [{"id": 1, "version": 0}])


def downgrade() -> None:
    """Drop them."""
    op.drop_table("notebook_version")
    for name, *_ in INDEXES:
        op.execute(f"DROP INDEX {name}")
