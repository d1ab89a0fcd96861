"""generated rows, and indexes on the articles' author and reviewer

Revision ID: 263a81825f0e
Revises: 5c07cc751fd9
Create Date: 2026-12-01 14:42:42.000000+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '263a81825f0e'
down_revision = '5c07cc751fd9'
branch_labels = None
depends_on = None

TABLES = ('articles', 'topics', 'users')


# Plain ALTER TABLE on SQLite too (recreate='never'): copying `articles` into a new table
# would drop the old one, and with foreign keys on, that deletes every row that refers to it.
# A constant default lets SQLite add the column in place.


def upgrade():
    sqlite = op.get_bind().dialect.name == 'sqlite'
    default = sa.text('0') if sqlite else sa.false()
    for table in TABLES:
        with op.batch_alter_table(table, schema=None, recreate='never') as batch_op:
            batch_op.add_column(sa.Column('is_generated', sa.Boolean(), server_default=default, nullable=False))
    op.create_index('ix_articles_author_id', 'articles', ['author_id'])
    op.create_index('ix_articles_reviewed_by_id', 'articles', ['reviewed_by_id'])


def downgrade():
    op.drop_index('ix_articles_reviewed_by_id', table_name='articles')
    op.drop_index('ix_articles_author_id', table_name='articles')
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None, recreate='never') as batch_op:
            batch_op.drop_column('is_generated')
