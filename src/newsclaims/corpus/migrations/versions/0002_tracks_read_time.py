"""tracks computed when read: grouping keys out of the figures, source mention and relay in, user rules

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 11:40:00

The measure, counted head and actor of a figure were frozen into ``figures.head``,
``generic_head`` and ``actor`` when it was stored; they are now computed from the stored facts
when tracks are read (``newsclaims.corpus.measure``). The rule needs the source mention's span
(never the actor) and the relay ('Yonhap citing the NIS'); both are filled in from each
document's stored Report.
"""
import json

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_relay', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('source_start', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('source_end', sa.Integer(), nullable=True))
        batch_op.drop_index('ix_figures_measure')
        batch_op.drop_index(batch_op.f('ix_figures_actor'))
        batch_op.drop_column('head')
        batch_op.drop_column('generic_head')
        batch_op.drop_column('actor')
        batch_op.create_index('ix_figures_category', ['category'], unique=False)
    with op.batch_alter_table('tracks', schema=None) as batch_op:
        batch_op.drop_column('head')
    op.create_table('track_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('track', sa.String(length=200), nullable=True),
    sa.Column('other', sa.String(length=200), nullable=True),
    sa.Column('figure_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    _fill_sources()


def _fill_sources() -> None:
    """Source span and relay of every stored figure, from its document's Report."""
    conn = op.get_bind()
    figures = sa.table('figures', sa.column('id'), sa.column('document_id'), sa.column('qid'),
                       sa.column('source_relay'), sa.column('source_start'), sa.column('source_end'))
    docs = sa.table('documents', sa.column('id'), sa.column('report_json'))
    for doc_id, raw in conn.execute(sa.select(docs.c.id, docs.c.report_json)).all():
        for q in json.loads(raw).get('quantities', []):
            src = q.get('source')
            if not src:
                continue
            relay = (src.get('relay') or {}).get('text')
            conn.execute(figures.update().where(figures.c.document_id == doc_id, figures.c.qid == q['id'])
                         .values(source_relay=relay, source_start=src['start'], source_end=src['end']))


def downgrade() -> None:
    op.drop_table('track_rules')
    with op.batch_alter_table('tracks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('head', sa.String(length=64), nullable=True))
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index('ix_figures_category')
        batch_op.add_column(sa.Column('head', sa.String(length=64), nullable=False, server_default='-'))
        batch_op.add_column(sa.Column('generic_head', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('actor', sa.String(length=8), nullable=True))
        batch_op.create_index(batch_op.f('ix_figures_actor'), ['actor'], unique=False)
        batch_op.create_index('ix_figures_measure', ['category', 'head', 'actor'], unique=False)
        batch_op.drop_column('source_end')
        batch_op.drop_column('source_start')
        batch_op.drop_column('source_relay')
