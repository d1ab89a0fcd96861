"""topic groups and starters

Revision ID: 0385a90ff353
Revises: 1e8429d10875
Create Date: 2026-12-01 12:06:40.000000+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0385a90ff353'
down_revision = '1e8429d10875'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('condition_group', sa.String(length=20), server_default='shared', nullable=False))
        batch_op.add_column(sa.Column('is_starter', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.drop_column('is_starter')
        batch_op.drop_column('condition_group')
