"""`flask db upgrade` builds the same schema as the models; `downgrade base` removes it."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from models import db
from tests.conftest import ROOT, make_app

MIGRATIONS = str(ROOT / "migrations")

TABLES = {"users", "topics", "articles", "article_topics", "follows"}


@pytest.fixture
def fresh(tmp_path):
    """An app on a brand-new, empty SQLite file: no create_all."""
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def flask_db(app, *args):
    result = app.test_cli_runner().invoke(args=["db", *args, "--directory", MIGRATIONS])
    assert result.exit_code == 0, result.output
    return result


def head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return ScriptDirectory.from_config(config).get_current_head()


def current_revision(app) -> str | None:
    with app.app_context(), db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def table_names(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def test_upgrade_on_an_empty_database_reaches_head_and_matches_the_models(fresh):
    assert table_names(fresh) == set()
    flask_db(fresh, "upgrade")
    assert current_revision(fresh) == head_revision()
    assert table_names(fresh) >= TABLES
    with fresh.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_downgrade_to_base_removes_every_table(fresh):
    flask_db(fresh, "upgrade")
    flask_db(fresh, "downgrade", "base")
    assert current_revision(fresh) is None
    assert table_names(fresh) - {"alembic_version"} == set()


def test_a_migrated_database_serves_the_app(fresh):
    flask_db(fresh, "upgrade")
    client = fresh.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
    assert client.get("/topics").status_code == 200
