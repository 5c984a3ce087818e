"""The relational form of `claimgraph.document/1`, plus the cross-document tables (SQLAlchemy Core).

Per-document rows are keyed by the document id and the record's own id inside the document
(`e1`, `c3`, `v2`), so the rows of one analysis never depend on what else is stored. Spans keep
their text and their character offsets into `documents.text`, which is stored exactly.

The alembic migrations under `migrations/` create these tables; this module is what the code
queries. A change here needs a new migration.
"""
from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData()

sources = Table(
    "sources", metadata,
    Column("id", Integer, primary_key=True),
    # unique: SQLite indexes the name itself; PostgreSQL, whose index entries hold at most 2,704 bytes,
    # its md5 (and finds it by a hash index), so an outlet of any length is one source (migration 0006)
    Column("name", Text, nullable=False, unique=True, doc="the organisation's name (canonical where known)"),
    Column("reliability", String(1), doc="Admiralty source reliability A–F: the analyst's grade, else the default"),
    Column("kind", String(40), doc="outlet, news agency, ministry, research institute, relay, ... where known"),
    Column("reason", Text, doc="why it has its grade"),
    Column("graded_by", String(16), doc="'analyst', 'default' (the lexicon of known sources), NULL: not graded"),
    Column("graded_at", String(32)),
    Column("part_of", String(300), doc="the larger body a mission or service belongs to, as the lexicon names it"),
)

source_channels = Table(
    "source_channels", metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(300), nullable=False, doc="the site that carried the source's words (a relay, a platform)"),
    Column("kind", String(40), doc="relay, platform or archive, where the lexicon knows it"),
    UniqueConstraint("source_id", "name", name="uq_source_channels_source_name"),
)

source_names = Table(
    "source_names", metadata,
    Column("key", String(300), primary_key=True, doc="the name folded as `store.outlets.source_key` folds it"),
    Column("name", Text, nullable=False, doc="the name or outlet line as written (an outlet line of any length)"),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("channel_id", Integer, ForeignKey("source_channels.id", ondelete="SET NULL"),
           doc="for an outlet line: the channel it names"),
    Column("qualifier", Text, doc="for an outlet line: the desk, format or unit it names ('transcript')"),
)

source_grades = Table(
    "source_grades", metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("grade", String(1), doc="the grade given (NULL: back to no grade)"),
    Column("reason", Text),
    Column("graded_by", String(16), nullable=False, doc="'default' (on first sight), 'analyst', or 'reset'"),
    Column("at", String(32), nullable=False),
    sqlite_autoincrement=True,
)

documents = Table(
    "documents", metadata,
    # An integer key of its own, because SQLite's full-text index addresses rows by integer.
    Column("pk", Integer, primary_key=True),
    Column("id", String(128), nullable=False, unique=True, doc="Document.id: sha256 of the normalised text"),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("source_id", Integer, ForeignKey("sources.id")),
    Column("outlet", Text),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(32), index=True, doc="ISO date (or date-time) as the document gives it"),
    Column("language", String(16), nullable=False, default="en"),
    Column("text", Text, nullable=False),
    Column("origin", Text, doc="the path or URL it was ingested from"),
    Column("repairs", Text, doc="JSON list of Document.repairs (NUL, lone surrogates replaced), NULL for none"),
    Column("ingested_at", String(32), nullable=False),
    # hash indexes on PostgreSQL, whose btree entries hold at most 2,704 bytes (migration 0012)
    Index("ix_documents_outlet", "outlet", postgresql_using="hash"),
    Index("ix_documents_id_published", "id", "published"),
)

entities = Table(
    "entities", metadata,
    Column("document_id", String(128), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("position", Integer, nullable=False, doc="order of the entity in the analysis"),
    Column("name", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("canonical_id", Integer, ForeignKey("canonical_entities.id", ondelete="SET NULL"), index=True),
    Column("link_rule", Text, doc="why this entity belongs to its canonical entity"),
    Column("link_score", Float),
    Index("ix_entities_name", "name", "canonical_id"),
)

aliases = Table(
    "aliases", metadata,
    Column("document_id", String(128), primary_key=True),
    Column("entity_id", String(64), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("alias", Text, nullable=False),
    ForeignKeyConstraint(["document_id", "entity_id"], ["entities.document_id", "entities.id"],
                         ondelete="CASCADE"),
)

mentions = Table(
    "mentions", metadata,
    Column("document_id", String(128), primary_key=True),
    Column("entity_id", String(64), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    ForeignKeyConstraint(["document_id", "entity_id"], ["entities.document_id", "entities.id"],
                         ondelete="CASCADE"),
)

claims = Table(
    "claims", metadata,
    Column("pk", Integer, primary_key=True),
    Column("document_id", String(128), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("id", String(64), nullable=False),
    Column("speaker_entity", String(64), doc="entity id within the document, or NULL"),
    Column("speaker_text", Text),
    Column("cue_text", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("content_text", Text, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("quote", Boolean, nullable=False, default=False),
    Column("stance", String(16), nullable=False),
    Column("probability_term", Text),
    Column("probability_low", Float),
    Column("probability_high", Float),
    Column("date_said", String(32)),
    UniqueConstraint("document_id", "id", name="uq_claims_document_id"),
    Index("ix_claims_speaker", "document_id", "speaker_entity"),
    Index("ix_claims_stance", "stance"),
    Index("ix_claims_unresolved_speaker", "speaker_text", postgresql_using="hash",
          sqlite_where=text("speaker_entity IS NULL"), postgresql_where=text("speaker_entity IS NULL")),
)

claim_hops = Table(
    "claim_hops", metadata,
    Column("document_id", String(128), primary_key=True),
    Column("claim_id", String(64), primary_key=True),
    Column("position", Integer, primary_key=True, doc="0 is the outermost relay"),
    Column("entity_id", String(64)),
    Column("text", Text, nullable=False),
    ForeignKeyConstraint(["document_id", "claim_id"], ["claims.document_id", "claims.id"], ondelete="CASCADE"),
)

hedges = Table(
    "hedges", metadata,
    Column("document_id", String(128), primary_key=True),
    Column("claim_id", String(64), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    ForeignKeyConstraint(["document_id", "claim_id"], ["claims.document_id", "claims.id"], ondelete="CASCADE"),
)

events = Table(
    "events", metadata,
    Column("document_id", String(128), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("position", Integer, nullable=False, doc="order of the event in the analysis"),
    Column("actor_entity", String(64)),
    Column("actor_text", Text),
    Column("action_text", Text, nullable=False),
    Column("action_code", String(32), index=True),
    Column("action_mode", String(32)),
    Column("action_start", Integer),
    Column("action_end", Integer),
    Column("target_entity", String(64)),
    Column("target_text", Text),
    Column("place_entity", String(64)),
    Column("place_text", Text),
    Column("date", String(32)),
    Column("date_precision", String(16)),
    Column("sentence_text", Text, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("claim_id", String(64), doc="the claim (same document) whose content holds the event"),
    Column("modality", String(16), doc="done, ongoing, planned, threatened, hypothetical or denied; NULL before 0007"),
)

canonical_entities = Table(
    "canonical_entities", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("key", Text, nullable=False, doc="the folded name the resolver matches on"),
    Column("created_at", String(32), nullable=False),
    Index("ix_canonical_entities_key", "key", "type"),
    Index("ix_canonical_entities_name", "name", postgresql_using="hash"),
)

canonical_names = Table(
    "canonical_names", metadata,
    Column("id", Integer, primary_key=True, doc="order of arrival: a canonical entity's names are read in this order"),
    Column("canonical_id", Integer, ForeignKey("canonical_entities.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),
    Column("own", Boolean, nullable=False, doc="its own name or a member entity's name; false for an alias"),
    UniqueConstraint("canonical_id", "own", "name", name="uq_canonical_names"),
)
"""The names the resolver compares a new entity with, kept as entities join (never re-read from the members)."""

canonical_blocks = Table(
    "canonical_blocks", metadata,
    Column("key", Text, primary_key=True, doc="a block key of one of its names (nlp.variants.block_keys)"),
    Column("canonical_id", Integer, ForeignKey("canonical_entities.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_canonical_blocks_canonical", "canonical_id"),
)
"""Where a new name finds its candidate canonical entities: one indexed lookup per key."""

resolution_log = Table(
    "resolution_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("action", String(16), nullable=False, doc="link, merge or split"),
    Column("canonical_id", Integer),
    Column("other_canonical_id", Integer),
    Column("document_id", String(128)),
    Column("entity_id", String(64)),
    Column("rule", Text),
    Column("score", Float),
)

document_signatures = Table(
    "document_signatures", metadata,
    Column("document_id", String(128), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("num_perm", Integer, nullable=False),
    Column("hashvalues", LargeBinary, nullable=False, doc="MinHash hash values, uint64 little-endian"),
)

minhash_bands = Table(
    "minhash_bands", metadata,
    Column("band", Integer, primary_key=True),
    Column("bucket", BigInteger, primary_key=True),
    Column("document_id", String(128), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)

document_copies = Table(
    "document_copies", metadata,
    Column("document_id", String(128), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("original_id", String(128), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True,
           index=True),
    Column("similarity", Float, nullable=False, doc="share of the shorter text's shingles found in the other"),
)
