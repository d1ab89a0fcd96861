"""article reads

Revision ID: cc7b28f72d53
Revises: c56e80083c25
Create Date: 2026-11-25 16:40:57.180211

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cc7b28f72d53'
down_revision = 'c56e80083c25'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('article_reads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_reads_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_article_reads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_reads')),
    sa.UniqueConstraint('user_id', 'article_id', name='uq_article_reads_user_article')
    )
    with op.batch_alter_table('article_reads', schema=None) as batch_op:
        batch_op.create_index('ix_article_reads_article_id', ['article_id'], unique=False)


def downgrade():
    with op.batch_alter_table('article_reads', schema=None) as batch_op:
        batch_op.drop_index('ix_article_reads_article_id')

    op.drop_table('article_reads')
