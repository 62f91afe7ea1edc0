"""filters, digests, posted messages and event claims

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate emits sqlmodel.sql.sqltypes.AutoString)
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import storage.types

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('posted_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('posted_message', schema=None) as batch_op:
        batch_op.create_index('ix_posted_message_candidate', ['workspace', 'candidate_id'], unique=False)

    op.create_table('processed_event',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('result', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('saved_filter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('query', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('schedule', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('timezone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('post_empty', sa.Boolean(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workspace', 'channel', 'name', name='uq_saved_filter_channel_name')
    )
    with op.batch_alter_table('saved_filter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_filter_workspace'), ['workspace'], unique=False)

    op.create_table('digest_run',
    sa.Column('filter_id', sa.Integer(), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('claimed_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('window_start', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('window_end', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('candidates', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.ForeignKeyConstraint(['filter_id'], ['saved_filter.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('filter_id', 'period')
    )
    op.create_table('digest_entry',
    sa.Column('filter_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('listed_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['filter_id'], ['saved_filter.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('filter_id', 'candidate_id')
    )


def downgrade() -> None:
    op.drop_table('digest_entry')
    op.drop_table('digest_run')
    with op.batch_alter_table('saved_filter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_filter_workspace'))

    op.drop_table('saved_filter')
    op.drop_table('processed_event')
    with op.batch_alter_table('posted_message', schema=None) as batch_op:
        batch_op.drop_index('ix_posted_message_candidate')

    op.drop_table('posted_message')
