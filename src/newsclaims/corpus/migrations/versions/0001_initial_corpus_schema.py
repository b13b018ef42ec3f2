"""initial corpus schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 11:41:53.231267
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('report_id', sa.String(length=32), nullable=False),
    sa.Column('source_kind', sa.String(length=16), nullable=True),
    sa.Column('source_name', sa.Text(), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('site', sa.Text(), nullable=True),
    sa.Column('near_duplicate_of', sa.Integer(), nullable=True),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('report_json', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['near_duplicate_of'], ['documents.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('content_hash')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_near_duplicate_of'), ['near_duplicate_of'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_published'), ['published'], unique=False)

    op.create_table('tracks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=True),
    sa.Column('entity', sa.String(length=8), nullable=True),
    sa.Column('counted', sa.Text(), nullable=True),
    sa.Column('head', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('cid', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('certainty', sa.String(length=16), nullable=False),
    sa.Column('source_name', sa.Text(), nullable=True),
    sa.Column('source_kind', sa.String(length=32), nullable=True),
    sa.Column('negated', sa.Boolean(), nullable=False),
    sa.Column('checkworthiness', sa.Float(), nullable=False),
    sa.Column('quantities', sa.Text(), nullable=False),
    sa.Column('entities', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_document_id'), ['document_id'], unique=False)

    op.create_table('doc_bands',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('band', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('doc_bands', schema=None) as batch_op:
        batch_op.create_index('ix_doc_bands_band', ['band'], unique=False)
        batch_op.create_index(batch_op.f('ix_doc_bands_document_id'), ['document_id'], unique=False)

    op.create_table('entities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('eid', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_entities_document_id'), ['document_id'], unique=False)

    op.create_table('figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('qid', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('low', sa.Float(), nullable=True),
    sa.Column('high', sa.Float(), nullable=True),
    sa.Column('approx', sa.String(length=16), nullable=False),
    sa.Column('unit', sa.String(length=32), nullable=True),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('counted', sa.Text(), nullable=True),
    sa.Column('counted_start', sa.Integer(), nullable=True),
    sa.Column('counted_end', sa.Integer(), nullable=True),
    sa.Column('head', sa.String(length=64), nullable=False),
    sa.Column('generic_head', sa.Boolean(), nullable=False),
    sa.Column('actor', sa.String(length=8), nullable=True),
    sa.Column('source_name', sa.Text(), nullable=True),
    sa.Column('source_kind', sa.String(length=32), nullable=True),
    sa.Column('certainty', sa.String(length=16), nullable=False),
    sa.Column('negated', sa.Boolean(), nullable=False),
    sa.Column('time_text', sa.Text(), nullable=True),
    sa.Column('time_start', sa.Date(), nullable=True),
    sa.Column('time_end', sa.Date(), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('date_from', sa.String(length=16), nullable=False),
    sa.Column('sentence_index', sa.Integer(), nullable=False),
    sa.Column('sentence', sa.Text(), nullable=True),
    sa.Column('sentence_start', sa.Integer(), nullable=True),
    sa.Column('sentence_end', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_figures_actor'), ['actor'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_document_id'), ['document_id'], unique=False)
        batch_op.create_index('ix_figures_measure', ['category', 'head', 'actor'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_source_name'), ['source_name'], unique=False)

    op.create_table('sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('entity_code', sa.String(length=8), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sources_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sources_name'), ['name'], unique=False)

    op.create_table('times',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('tid', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('value_start', sa.Date(), nullable=True),
    sa.Column('value_end', sa.Date(), nullable=True),
    sa.Column('precision', sa.String(length=8), nullable=False),
    sa.Column('resolved', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('times', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_times_document_id'), ['document_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('times', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_times_document_id'))

    op.drop_table('times')
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sources_name'))
        batch_op.drop_index(batch_op.f('ix_sources_document_id'))

    op.drop_table('sources')
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figures_source_name'))
        batch_op.drop_index('ix_figures_measure')
        batch_op.drop_index(batch_op.f('ix_figures_document_id'))
        batch_op.drop_index(batch_op.f('ix_figures_date'))
        batch_op.drop_index(batch_op.f('ix_figures_actor'))

    op.drop_table('figures')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entities_document_id'))
        batch_op.drop_index(batch_op.f('ix_entities_code'))

    op.drop_table('entities')
    with op.batch_alter_table('doc_bands', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_doc_bands_document_id'))
        batch_op.drop_index('ix_doc_bands_band')

    op.drop_table('doc_bands')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_document_id'))

    op.drop_table('claims')
    op.drop_table('tracks')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_published'))
        batch_op.drop_index(batch_op.f('ix_documents_near_duplicate_of'))

    op.drop_table('documents')
