"""digest runs

Revision ID: 782fa7dac44a
Revises: 89ab33a8ac10
Create Date: 2026-12-01 14:44:13.000000+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '782fa7dac44a'
down_revision = '89ab33a8ac10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('digest_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('duration_seconds', sa.Float(), nullable=True),
    sa.Column('host', sa.String(length=255), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('queued', sa.Boolean(), nullable=False),
    sa.Column('readers', sa.Integer(), nullable=False),
    sa.Column('batches', sa.Integer(), nullable=False),
    sa.Column('batches_done', sa.Integer(), nullable=False),
    sa.Column('sent', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.Column('retried', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_runs'))
    )
    with op.batch_alter_table('digest_runs', schema=None) as batch_op:
        batch_op.create_index('ix_digest_runs_started_at', ['started_at'], unique=False)


def downgrade():
    with op.batch_alter_table('digest_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_digest_runs_started_at')

    op.drop_table('digest_runs')
