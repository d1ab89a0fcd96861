"""The search index: one row of searchable text per published article.

`services.search_index` writes the rows; the database indexes them itself. SQLite keeps an
FTS5 table (porter stemming over unicode61) filled from `search_documents` by triggers;
PostgreSQL keeps a generated `tsvector` column (english configuration) with a GIN index.
Those objects are made by the DDL below, here for `create_all` and in the migration, so the
models do not describe them: `include_name` tells Alembic to leave them out of comparisons.
"""

from sqlalchemy import DDL, ForeignKey, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db

FTS_TABLE = "search_fts"
VECTOR_COLUMN = "document"
VECTOR_INDEX = "ix_search_documents_document"

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, summary, body, terms,"
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
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS search_documents_au",
    "DROP TRIGGER IF EXISTS search_documents_ad",
    "DROP TRIGGER IF EXISTS search_documents_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
)
POSTGRES_DDL = (
    f"ALTER TABLE search_documents ADD COLUMN {VECTOR_COLUMN} tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', title), 'A')"
    " || setweight(to_tsvector('english', summary), 'B')"
    " || setweight(to_tsvector('english', terms), 'B')"
    " || setweight(to_tsvector('english', body), 'C')) STORED",
    f"CREATE INDEX {VECTOR_INDEX} ON search_documents USING gin ({VECTOR_COLUMN})",
)


class SearchDocument(db.Model):
    """What search reads of an article: its title, summary, sections (`body`), and the
    names of its topics and the glossary terms it links (`terms`), as plain text."""

    __tablename__ = "search_documents"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    terms: Mapped[str] = mapped_column(Text)


_table = SearchDocument.__table__
for statement in SQLITE_DDL:
    event.listen(_table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
for statement in POSTGRES_DDL:
    event.listen(_table, "after_create", DDL(statement).execute_if(dialect="postgresql"))
for statement in SQLITE_DROP:
    event.listen(_table, "before_drop", DDL(statement).execute_if(dialect="sqlite"))


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's filter: False for the index objects the DDL above makes (FTS5's tables,
    the tsvector column and its index), which the models leave undescribed."""
    if type_ == "table":
        return not (name or "").startswith(FTS_TABLE)
    if parent_names.get("table_name") == "search_documents":
        return name not in (VECTOR_COLUMN, VECTOR_INDEX)
    return True
