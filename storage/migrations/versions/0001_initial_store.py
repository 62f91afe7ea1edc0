"""initial store: workspaces, candidates, resume files and their facts, and the search index

Revision ID: 0001
Revises: 
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate emits sqlmodel.sql.sqltypes.AutoString)
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import storage.types

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('index_state',
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('workspace')
    )
    op.create_table('vocab',
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('term', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('df', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('workspace', 'field', 'term'),
    sqlite_with_rowid=False
    )
    op.create_table('workspace',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('candidate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('name_key', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('company', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('location', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('years_experience', sa.Float(), nullable=True),
    sa.Column('emails', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('phones', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('links', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('skills', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('resume', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('corrections', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('versions', sa.Integer(), nullable=False),
    sa.Column('uploaded_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('search_text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ingested_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace'], ['workspace.key'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.create_index('ix_candidate_workspace_ingested', ['workspace', 'ingested_at'], unique=False)
        batch_op.create_index('ix_candidate_workspace_name', ['workspace', 'name_key'], unique=False)
        batch_op.create_index('ix_candidate_workspace_updated', ['workspace', 'updated_at'], unique=False)

    op.create_table('candidate_skill',
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('skill', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('candidate_id', 'skill')
    )
    with op.batch_alter_table('candidate_skill', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidate_skill_workspace'), ['workspace'], unique=False)

    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index('ix_contact_lookup', ['workspace', 'kind', 'value'], unique=False)

    op.create_table('education',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('institution', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('degree', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('start', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('end', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('gpa', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('location', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('education', schema=None) as batch_op:
        batch_op.create_index('ix_education_candidate', ['candidate_id'], unique=False)

    op.create_table('experience',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('company', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('location', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('start', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('end', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('internship', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('experience', schema=None) as batch_op:
        batch_op.create_index('ix_experience_candidate', ['candidate_id'], unique=False)

    op.create_table('posting',
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('term', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workspace', 'field', 'term', 'candidate_id'),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('posting', schema=None) as batch_op:
        batch_op.create_index('ix_posting_candidate', ['candidate_id'], unique=False)

    op.create_table('resume_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('original_name', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('media_type', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('parsed', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('parser_version', sa.Integer(), nullable=False),
    sa.Column('uploaded_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace'], ['workspace.key'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workspace', 'sha256', name='uq_resume_file_workspace_sha256')
    )
    with op.batch_alter_table('resume_file', schema=None) as batch_op:
        batch_op.create_index('ix_resume_file_candidate', ['candidate_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('resume_file', schema=None) as batch_op:
        batch_op.drop_index('ix_resume_file_candidate')

    op.drop_table('resume_file')
    with op.batch_alter_table('posting', schema=None) as batch_op:
        batch_op.drop_index('ix_posting_candidate')

    op.drop_table('posting')
    with op.batch_alter_table('experience', schema=None) as batch_op:
        batch_op.drop_index('ix_experience_candidate')

    op.drop_table('experience')
    with op.batch_alter_table('education', schema=None) as batch_op:
        batch_op.drop_index('ix_education_candidate')

    op.drop_table('education')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_lookup')

    op.drop_table('contact')
    with op.batch_alter_table('candidate_skill', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_skill_workspace'))

    op.drop_table('candidate_skill')
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_index('ix_candidate_workspace_updated')
        batch_op.drop_index('ix_candidate_workspace_name')
        batch_op.drop_index('ix_candidate_workspace_ingested')

    op.drop_table('candidate')
    op.drop_table('workspace')
    op.drop_table('vocab')
    op.drop_table('index_state')
