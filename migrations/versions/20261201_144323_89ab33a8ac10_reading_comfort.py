"""reading comfort: text size, line spacing, theme, motion and font on users

Revision ID: 89ab33a8ac10
Revises: 263a81825f0e
Create Date: 2026-12-01 14:43:23.000000+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '89ab33a8ac10'
down_revision = '263a81825f0e'
branch_labels = None
depends_on = None

# Existing accounts start with the defaults (models/comfort.py); the models supply them for new rows.
COLUMNS = {
    'text_size': 'standard',
    'line_spacing': 'normal',
    'theme': 'system',
    'motion': 'system',
    'font': 'default',
}


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        for name, default in COLUMNS.items():
            batch_op.add_column(sa.Column(name, sa.String(length=12), nullable=False, server_default=default))

    with op.batch_alter_table('users', schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.alter_column(name, server_default=None)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
