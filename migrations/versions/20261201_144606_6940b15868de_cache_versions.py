"""cache versions

Revision ID: 6940b15868de
Revises: 782fa7dac44a
Create Date: 2026-12-01 14:46:06+00:00

One token per cached value (the topics page's article counts first): it changes in the
same transaction as whatever the value is computed from, so every server process sees a
fresh value as soon as the change commits.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6940b15868de'
down_revision = '782fa7dac44a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cache_versions',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_cache_versions'))
    )


def downgrade():
    op.drop_table('cache_versions')
