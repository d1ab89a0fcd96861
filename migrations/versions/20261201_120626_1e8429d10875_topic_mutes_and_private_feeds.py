"""topic mutes and private feeds

Revision ID: 1e8429d10875
Revises: 0029d13edc0e
Create Date: 2026-12-01 12:06:26.000000+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1e8429d10875'
down_revision = '0029d13edc0e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('topic_mutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_topic_mutes_topic_id_topics'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_topic_mutes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_topic_mutes')),
    sa.UniqueConstraint('user_id', 'topic_id', name='uq_topic_mutes_user_topic')
    )
    with op.batch_alter_table('topic_mutes', schema=None) as batch_op:
        batch_op.create_index('ix_topic_mutes_topic_id', ['topic_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feed_token_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_feed_token_hash'), ['feed_token_hash'])


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_feed_token_hash'), type_='unique')
        batch_op.drop_column('feed_token_hash')

    with op.batch_alter_table('topic_mutes', schema=None) as batch_op:
        batch_op.drop_index('ix_topic_mutes_topic_id')

    op.drop_table('topic_mutes')
