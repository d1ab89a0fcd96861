"""How a request's database transaction ends (services/rows.py): what a request wrote but
did not commit is never kept, and on PostgreSQL a page that only read ends with COMMIT, so
psycopg keeps its prepared statements (a rollback makes it drop them all)."""

import pytest
from sqlalchemy import event, insert, text

from models import Topic, db
from services.rows import run_core
from tests.factories import make_topic


def _routes(app):
    """Views that change the database and return without committing."""

    @app.get("/_test/core-insert")
    def core_insert():
        run_core(insert(Topic.__table__).values(slug="core", name="Core", description=""))
        return "wrote"

    @app.get("/_test/orm-flush")
    def orm_flush():
        db.session.add(Topic(slug="flushed", name="Flushed", description=""))
        db.session.flush()
        return "flushed"

    @app.get("/_test/orm-change")
    def orm_change():
        db.session.scalar(db.select(Topic).where(Topic.slug == "kept")).name = "Changed"
        return "changed"

    @app.get("/_test/driver-sql")
    def driver_sql():
        sql = "INSERT INTO topics (slug, name, description) VALUES ('raw', 'Raw', '')"
        db.session.connection().exec_driver_sql(sql)
        return "raw"


@pytest.mark.parametrize(
    "path", ["/_test/core-insert", "/_test/orm-flush", "/_test/orm-change", "/_test/driver-sql"]
)
def test_what_a_request_wrote_without_committing_is_not_kept(app, seed, count_rows, path):
    _routes(app)
    with seed():
        make_topic("kept", name="Kept")
    assert app.test_client().get(path).status_code == 200
    assert count_rows(Topic) == 1
    assert count_rows(Topic, Topic.name == "Kept") == 1


def _ends(app) -> list[str]:
    with app.app_context():
        engine = db.engine
    ends: list[str] = []
    event.listen(engine, "commit", lambda conn: ends.append("commit"))
    event.listen(engine, "rollback", lambda conn: ends.append("rollback"))
    return ends


def test_a_page_that_only_read_keeps_postgresql_prepared_statements(app, seed):
    with seed():
        make_topic("ms", name="MS")
    client = app.test_client()
    ends = _ends(app)
    for _ in range(8):  # psycopg prepares a statement on its fifth run
        assert client.get("/topics/ms").status_code == 200
    ended = list(ends)
    with app.app_context():
        dialect = db.engine.dialect.name
        if dialect == "postgresql":
            prepared = db.session.scalar(text("SELECT count(*) FROM pg_prepared_statements"))
    if dialect == "postgresql":
        assert ended == ["commit"] * 8
        assert prepared >= 2  # the topic and its page of articles, at least
    else:
        assert "commit" not in ended  # SQLite keeps no prepared statements: rolled back
