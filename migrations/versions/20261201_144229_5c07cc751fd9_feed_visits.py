"""feed visits: when a reader last looked at the feed and when their previous visit ended

Revision ID: 5c07cc751fd9
Revises: dfadbb50b04d
Create Date: 2026-12-01 14:42:29.000000+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c07cc751fd9'
down_revision = 'dfadbb50b04d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feed_seen_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('previous_visit_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('previous_visit_at')
        batch_op.drop_column('feed_seen_at')
