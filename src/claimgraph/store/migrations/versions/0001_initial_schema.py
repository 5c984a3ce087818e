"""Initial schema: the records of claimgraph.document/1, sources, canonical entities, MinHash signatures.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 09:56:00.862732

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('canonical_entities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('canonical_entities', schema=None) as batch_op:
        batch_op.create_index('ix_canonical_entities_key', ['key', 'type'], unique=False)

    op.create_table('resolution_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('canonical_id', sa.Integer(), nullable=True),
    sa.Column('other_canonical_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.String(length=128), nullable=True),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('rule', sa.Text(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('reliability', sa.String(length=1), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('documents',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('outlet', sa.String(length=300), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published', sa.String(length=32), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('origin', sa.Text(), nullable=True),
    sa.Column('ingested_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], ),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('id')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_published'), ['published'], unique=False)

    op.create_table('claims',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.String(length=128), nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('speaker_entity', sa.String(length=64), nullable=True),
    sa.Column('speaker_text', sa.Text(), nullable=True),
    sa.Column('cue_text', sa.Text(), nullable=True),
    sa.Column('cue_start', sa.Integer(), nullable=True),
    sa.Column('cue_end', sa.Integer(), nullable=True),
    sa.Column('content_text', sa.Text(), nullable=False),
    sa.Column('content_start', sa.Integer(), nullable=False),
    sa.Column('content_end', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Boolean(), nullable=False),
    sa.Column('stance', sa.String(length=16), nullable=False),
    sa.Column('probability_term', sa.Text(), nullable=True),
    sa.Column('probability_low', sa.Float(), nullable=True),
    sa.Column('probability_high', sa.Float(), nullable=True),
    sa.Column('date_said', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('document_id', 'id', name='uq_claims_document_id')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index('ix_claims_speaker', ['document_id', 'speaker_entity'], unique=False)
        batch_op.create_index('ix_claims_stance', ['stance'], unique=False)

    op.create_table('document_copies',
    sa.Column('document_id', sa.String(length=128), nullable=False),
    sa.Column('original_id', sa.String(length=128), nullable=False),
    sa.Column('similarity', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['original_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'original_id')
    )
    with op.batch_alter_table('document_copies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_copies_original_id'), ['original_id'], unique=False)

    op.create_table('document_signatures',
    sa.Column('document_id', sa.String(length=128), nullable=False),
    sa.Column('num_perm', sa.Integer(), nullable=False),
    sa.Column('hashvalues', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id')
    )
    op.create_table('entities',
    sa.Column('document_id', sa.String(length=128), nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('canonical_id', sa.Integer(), nullable=True),
    sa.Column('link_rule', sa.Text(), nullable=True),
    sa.Column('link_score', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['canonical_id'], ['canonical_entities.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'id')
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_canonical_id'), ['canonical_id'], unique=False)

    op.create_table('events',
    sa.Column('document_id', sa.String(length=128), nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('actor_entity', sa.String(length=64), nullable=True),
    sa.Column('actor_text', sa.Text(), nullable=True),
    sa.Column('action_text', sa.Text(), nullable=False),
    sa.Column('action_code', sa.String(length=32), nullable=True),
    sa.Column('action_mode', sa.String(length=32), nullable=True),
    sa.Column('action_start', sa.Integer(), nullable=True),
    sa.Column('action_end', sa.Integer(), nullable=True),
    sa.Column('target_entity', sa.String(length=64), nullable=True),
    sa.Column('target_text', sa.Text(), nullable=True),
    sa.Column('place_entity', sa.String(length=64), nullable=True),
    sa.Column('place_text', sa.Text(), nullable=True),
    sa.Column('date', sa.String(length=32), nullable=True),
    sa.Column('date_precision', sa.String(length=16), nullable=True),
    sa.Column('sentence_text', sa.Text(), nullable=False),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('sentence_end', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'id')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_action_code'), ['action_code'], unique=False)

    op.create_table('minhash_bands',
    sa.Column('band', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.BigInteger(), nullable=False),
    sa.Column('document_id', sa.String(length=128), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('band', 'bucket', 'document_id')
    )
    op.create_table('aliases',
    sa.Column('document_id', sa.String(length=128), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('alias', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id', 'entity_id'], ['entities.document_id', 'entities.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'entity_id', 'position')
    )
    op.create_table('claim_hops',
    sa.Column('document_id', sa.String(length=128), nullable=False),
    sa.Column('claim_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id', 'claim_id'], ['claims.document_id', 'claims.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'claim_id', 'position')
    )
    op.create_table('hedges',
    sa.Column('document_id', sa.String(length=128), nullable=False),
    sa.Column('claim_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id', 'claim_id'], ['claims.document_id', 'claims.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'claim_id', 'position')
    )
    op.create_table('mentions',
    sa.Column('document_id', sa.String(length=128), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id', 'entity_id'], ['entities.document_id', 'entities.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'entity_id', 'position')
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('mentions')
    op.drop_table('hedges')
    op.drop_table('claim_hops')
    op.drop_table('aliases')
    op.drop_table('minhash_bands')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_action_code'))

    op.drop_table('events')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entities_canonical_id'))

    op.drop_table('entities')
    op.drop_table('document_signatures')
    with op.batch_alter_table('document_copies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_copies_original_id'))

    op.drop_table('document_copies')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index('ix_claims_stance')
        batch_op.drop_index('ix_claims_speaker')

    op.drop_table('claims')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_published'))
        batch_op.drop_index(batch_op.f('ix_documents_content_hash'))

    op.drop_table('documents')
    op.drop_table('sources')
    op.drop_table('resolution_log')
    with op.batch_alter_table('canonical_entities', schema=None) as batch_op:
        batch_op.drop_index('ix_canonical_entities_key')

    op.drop_table('canonical_entities')
