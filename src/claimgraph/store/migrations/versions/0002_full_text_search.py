"""Full-text search over claim contents and document texts: FTS5 on SQLite, tsvector indexes on PostgreSQL.

Revision ID: 0002
Revises: 0001
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# External-content FTS5 tables read the text from the base tables; the triggers keep the index in
# the same transaction as every insert, update and delete, so it cannot drift from the rows.
SQLITE_UP = [
    "CREATE VIRTUAL TABLE claims_fts USING fts5(content_text, content='claims', content_rowid='pk', "
    "tokenize='porter unicode61')",
    "CREATE TRIGGER claims_fts_ai AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, content_text) VALUES (new.pk, new.content_text); END",
    "CREATE TRIGGER claims_fts_ad AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, content_text) VALUES ('delete', old.pk, old.content_text); END",
    "CREATE TRIGGER claims_fts_au AFTER UPDATE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, content_text) VALUES ('delete', old.pk, old.content_text); "
    "INSERT INTO claims_fts(rowid, content_text) VALUES (new.pk, new.content_text); END",
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='pk', "
    "tokenize='porter unicode61')",
    "CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); END",
    "CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text); END",
    "CREATE TRIGGER documents_fts_au AFTER UPDATE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text); "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER documents_fts_au", "DROP TRIGGER documents_fts_ad", "DROP TRIGGER documents_fts_ai",
    "DROP TABLE documents_fts",
    "DROP TRIGGER claims_fts_au", "DROP TRIGGER claims_fts_ad", "DROP TRIGGER claims_fts_ai",
    "DROP TABLE claims_fts",
]
# PostgreSQL computes the vectors from the rows themselves, so expression indexes are always in sync.
POSTGRES_UP = [
    "CREATE INDEX ix_claims_fts ON claims USING gin (to_tsvector('english', content_text))",
    "CREATE INDEX ix_documents_fts ON documents USING gin "
    "(to_tsvector('english', coalesce(title, '') || ' ' || text))",
]
POSTGRES_DOWN = ["DROP INDEX ix_documents_fts", "DROP INDEX ix_claims_fts"]


def upgrade() -> None:
    """Create the full-text indexes."""
    for sql in SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP:
        op.execute(sql)


def downgrade() -> None:
    """Drop the full-text indexes."""
    for sql in SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN:
        op.execute(sql)
