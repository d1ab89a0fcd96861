"""topic dates

Revision ID: 2d83d95dd2b0
Revises: 6940b15868de
Create Date: 2026-12-02 18:59:00+00:00

Each article's date also in its topic rows (`article_topics.published_at`), kept equal to
the article's by triggers, and indexed with the topic: a topic's page walks the topic's own
articles newest first instead of the whole library's. The index replaces the one on
(topic_id, article_id), which it covers.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2d83d95dd2b0'
down_revision = '6940b15868de'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = (
    "CREATE TRIGGER article_topics_dated AFTER INSERT ON article_topics BEGIN"
    " UPDATE article_topics SET published_at ="
    " (SELECT published_at FROM articles WHERE id = new.article_id)"
    " WHERE article_id = new.article_id AND topic_id = new.topic_id; END",
    "CREATE TRIGGER articles_redated AFTER UPDATE OF published_at ON articles"
    " WHEN old.published_at IS NOT new.published_at BEGIN"
    " UPDATE article_topics SET published_at = new.published_at"
    " WHERE article_id = new.id; END",
)
POSTGRES_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION article_topics_dated() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN NEW.published_at := (SELECT published_at FROM articles WHERE id = NEW.article_id);"
    " RETURN NEW; END $$",
    "CREATE TRIGGER article_topics_dated BEFORE INSERT OR UPDATE OF article_id"
    " ON article_topics FOR EACH ROW EXECUTE FUNCTION article_topics_dated()",
    "CREATE OR REPLACE FUNCTION articles_redated() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN UPDATE article_topics SET published_at = NEW.published_at"
    " WHERE article_id = NEW.id; RETURN NULL; END $$",
    "CREATE TRIGGER articles_redated AFTER UPDATE OF published_at ON articles FOR EACH ROW"
    " WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at)"
    " EXECUTE FUNCTION articles_redated()",
)
POSTGRES_DROP = (
    "DROP TRIGGER IF EXISTS articles_redated ON articles",
    "DROP FUNCTION IF EXISTS articles_redated()",
    "DROP TRIGGER IF EXISTS article_topics_dated ON article_topics",
    "DROP FUNCTION IF EXISTS article_topics_dated()",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS articles_redated",
    "DROP TRIGGER IF EXISTS article_topics_dated",
)


def upgrade():
    op.add_column('article_topics', sa.Column('published_at', sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE article_topics SET published_at ="
        " (SELECT published_at FROM articles WHERE articles.id = article_topics.article_id)"
    )
    op.drop_index('ix_article_topics_topic_article', table_name='article_topics')
    op.create_index('ix_article_topics_topic_published', 'article_topics', ['topic_id', 'published_at', 'article_id'], unique=False)
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_TRIGGERS if postgres else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_DROP if postgres else SQLITE_DROP:
        op.execute(statement)
    op.drop_index('ix_article_topics_topic_published', table_name='article_topics')
    op.create_index('ix_article_topics_topic_article', 'article_topics', ['topic_id', 'article_id'], unique=False)
    with op.batch_alter_table('article_topics') as batch_op:
        batch_op.drop_column('published_at')
