"""share link labels and when each link was last opened

Revision ID: dfadbb50b04d
Revises: e5b0074fc7ef
Create Date: 2026-12-01 14:42:09.000000+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dfadbb50b04d'
down_revision = 'e5b0074fc7ef'
branch_labels = None
depends_on = None


def upgrade():
    # Existing links start without a label; the model supplies the value for new rows.
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label', sa.String(length=80), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('last_opened_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.alter_column('label', server_default=None)


def downgrade():
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.drop_column('last_opened_at')
        batch_op.drop_column('label')
