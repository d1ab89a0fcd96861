"""account privacy: sign-up notices, unconfirmed digest clicks, unsubscribe token versions

Revision ID: 0029d13edc0e
Revises: 6e5be517392b
Create Date: 2026-12-01 11:47:07.000000+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0029d13edc0e'
down_revision = '6e5be517392b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signup_notice_sent_at', sa.DateTime(timezone=True), nullable=True))

    # Existing rows start at 0; the models supply the value for new rows.
    with op.batch_alter_table('digest_preferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_version', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('digest_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unconfirmed_clicks', sa.Integer(), nullable=False, server_default='0'))

    with op.batch_alter_table('digest_preferences', schema=None) as batch_op:
        batch_op.alter_column('token_version', server_default=None)
    with op.batch_alter_table('digest_items', schema=None) as batch_op:
        batch_op.alter_column('unconfirmed_clicks', server_default=None)


def downgrade():
    with op.batch_alter_table('digest_items', schema=None) as batch_op:
        batch_op.drop_column('unconfirmed_clicks')
    with op.batch_alter_table('digest_preferences', schema=None) as batch_op:
        batch_op.drop_column('token_version')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('signup_notice_sent_at')
