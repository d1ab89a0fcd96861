"""search index

Revision ID: e5b0074fc7ef
Revises: 0385a90ff353
Create Date: 2026-12-01 12:11:13+00:00

One row of searchable text per published article (search_documents), indexed by the
database: an FTS5 table kept in step by triggers on SQLite, a generated tsvector column
with a GIN index on PostgreSQL. The backfill copies each published article's title,
summary, sections and topic names; `flask search reindex` afterwards adds the glossary
terms and turns the sections' Markdown into plain text.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b0074fc7ef'
down_revision = '0385a90ff353'
branch_labels = None
depends_on = None

SQLITE = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, summary, body, terms,"
    " content='search_documents', content_rowid='article_id',"
    " tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN"
    " INSERT INTO search_fts(rowid, title, summary, body, terms)"
    " VALUES (new.article_id, new.title, new.summary, new.body, new.terms); END",
    "CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, summary, body, terms)"
    " VALUES ('delete', old.article_id, old.title, old.summary, old.body, old.terms); END",
    "CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, summary, body, terms)"
    " VALUES ('delete', old.article_id, old.title, old.summary, old.body, old.terms);"
    " INSERT INTO search_fts(rowid, title, summary, body, terms)"
    " VALUES (new.article_id, new.title, new.summary, new.body, new.terms); END",
)
POSTGRESQL = (
    "ALTER TABLE search_documents ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', title), 'A')"
    " || setweight(to_tsvector('english', summary), 'B')"
    " || setweight(to_tsvector('english', terms), 'B')"
    " || setweight(to_tsvector('english', body), 'C')) STORED",
    "CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)",
)
BACKFILL = """
INSERT INTO search_documents (article_id, title, summary, body, terms)
SELECT a.id, a.title, a.summary,
       a.found || ' ' || a.for_patients || ' ' || a.for_caregivers || ' '
         || a.for_clinicians || ' ' || a.limitations,
       COALESCE((SELECT {names} FROM article_topics t JOIN topics ON topics.id = t.topic_id
                 WHERE t.article_id = a.id), '')
FROM articles a WHERE a.status = 'published'
"""


def upgrade():
    op.create_table('search_documents',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_search_documents_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', name=op.f('pk_search_documents'))
    )
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for statement in SQLITE:
            op.execute(statement)
        op.execute(BACKFILL.format(names="group_concat(topics.name, ' · ')"))
    elif dialect == 'postgresql':
        for statement in POSTGRESQL:
            op.execute(statement)
        op.execute(BACKFILL.format(names="string_agg(topics.name, ' · ')"))


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for name in ('search_documents_au', 'search_documents_ad', 'search_documents_ai'):
            op.execute(f'DROP TRIGGER IF EXISTS {name}')
        op.execute('DROP TABLE IF EXISTS search_fts')
    op.drop_table('search_documents')
