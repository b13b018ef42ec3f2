"""track keys cache: the track rule's result per figure, stored under the rule's version

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 15:10:00

Tracks stay computed when read (0002); placing every figure by the rule on every read cost most
of a read, so its result is cached here per rule version (a hash of the rule's code and the
languages' corpus words) and recomputed for the figures a version lacks. Starts empty: the first
read fills it.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('track_keys',
    sa.Column('figure_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=16), nullable=False),
    sa.Column('measure', sa.Text(), nullable=False),
    sa.Column('counted', sa.Text(), nullable=True),
    sa.Column('actor', sa.Text(), nullable=True),
    sa.Column('why', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['figure_id'], ['figures.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('figure_id', 'rule')
    )


def downgrade() -> None:
    op.drop_table('track_keys')
