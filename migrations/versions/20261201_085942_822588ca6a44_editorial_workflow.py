"""editorial workflow

Revision ID: 822588ca6a44
Revises: 0337bb6a6bdb
Create Date: 2026-12-01 08:59:42.027180+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '822588ca6a44'
down_revision = '0337bb6a6bdb'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('glossary_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('term', sa.String(length=80), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_glossary_terms')),
    sa.UniqueConstraint('slug', name=op.f('uq_glossary_terms_slug'))
    )
    op.create_table('recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recovery_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes'))
    )
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_codes_user_id'), ['user_id'], unique=False)

    op.create_table('article_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_article_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_events_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_events'))
    )
    with op.batch_alter_table('article_events', schema=None) as batch_op:
        batch_op.create_index('ix_article_events_article_created', ['article_id', 'created_at'], unique=False)

    op.create_table('article_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_revisions_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_article_revisions_author_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_revisions'))
    )
    with op.batch_alter_table('article_revisions', schema=None) as batch_op:
        batch_op.create_index('ix_article_revisions_article_created', ['article_id', 'created_at'], unique=False)

    op.create_table('article_slugs',
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_slugs_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('slug', name=op.f('pk_article_slugs'))
    )
    with op.batch_alter_table('article_slugs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_slugs_article_id'), ['article_id'], unique=False)

    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('helpful', sa.Boolean(), nullable=False),
    sa.Column('unclear', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_feedback_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_feedback_handled_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback'))
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_article_created', ['article_id', 'created_at'], unique=False)

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rendered', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('reading_grade', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('conditions', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('source_title', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('source_first_author', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('source_pmid', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('source_doi', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('source_abstract', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('author_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('next_review_due', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('update_note', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('update_noted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('unpublished_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('unpublish_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('view_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column('published_at',
               existing_type=sa.DateTime(timezone=True),
               nullable=True)
        batch_op.create_foreign_key(batch_op.f('fk_articles_author_id_users'), 'users', ['author_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_articles_reviewed_by_id_users'), 'users', ['reviewed_by_id'], ['id'], ondelete='SET NULL')

    # Articles written before this revision were created when they were last updated.
    op.execute('UPDATE articles SET created_at = updated_at')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.alter_column('created_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        for column in ('rendered', 'conditions', 'view_count'):
            batch_op.alter_column(column, server_default=None)

    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('staff_role', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('display_name', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('credentials', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_enabled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_enabled_at')
        batch_op.drop_column('totp_secret')
        batch_op.drop_column('credentials')
        batch_op.drop_column('display_name')
        batch_op.drop_column('staff_role')

    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.drop_column('archived_at')

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_articles_reviewed_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_articles_author_id_users'), type_='foreignkey')
        batch_op.alter_column('published_at',
               existing_type=sa.DateTime(timezone=True),
               nullable=False)
        batch_op.drop_column('created_at')
        batch_op.drop_column('view_count')
        batch_op.drop_column('unpublish_reason')
        batch_op.drop_column('unpublished_at')
        batch_op.drop_column('update_noted_at')
        batch_op.drop_column('update_note')
        batch_op.drop_column('next_review_due')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('reviewed_by_id')
        batch_op.drop_column('author_id')
        batch_op.drop_column('source_abstract')
        batch_op.drop_column('source_doi')
        batch_op.drop_column('source_pmid')
        batch_op.drop_column('source_first_author')
        batch_op.drop_column('source_title')
        batch_op.drop_column('conditions')
        batch_op.drop_column('reading_grade')
        batch_op.drop_column('rendered')

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_article_created')

    op.drop_table('feedback')
    with op.batch_alter_table('article_slugs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_slugs_article_id'))

    op.drop_table('article_slugs')
    with op.batch_alter_table('article_revisions', schema=None) as batch_op:
        batch_op.drop_index('ix_article_revisions_article_created')

    op.drop_table('article_revisions')
    with op.batch_alter_table('article_events', schema=None) as batch_op:
        batch_op.drop_index('ix_article_events_article_created')

    op.drop_table('article_events')
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_codes_user_id'))

    op.drop_table('recovery_codes')
    op.drop_table('glossary_terms')
