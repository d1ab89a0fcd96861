"""saved articles and share links

Revision ID: 0ec019ef47cb
Revises: 8155b80d3975
Create Date: 2026-11-25 16:45:14.372803

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0ec019ef47cb'
down_revision = '8155b80d3975'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('saved_articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('note_updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_saved_articles_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_articles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_articles')),
    sa.UniqueConstraint('user_id', 'article_id', name='uq_saved_articles_user_article')
    )
    with op.batch_alter_table('saved_articles', schema=None) as batch_op:
        batch_op.create_index('ix_saved_articles_article_id', ['article_id'], unique=False)
        batch_op.create_index('ix_saved_articles_user_saved_at', ['user_id', 'saved_at'], unique=False)

    op.create_table('share_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('include_notes', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_share_links_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_share_links_token_hash'))
    )
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.create_index('ix_share_links_user_id', ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.drop_index('ix_share_links_user_id')

    op.drop_table('share_links')
    with op.batch_alter_table('saved_articles', schema=None) as batch_op:
        batch_op.drop_index('ix_saved_articles_user_saved_at')
        batch_op.drop_index('ix_saved_articles_article_id')

    op.drop_table('saved_articles')
