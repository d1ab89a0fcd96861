"""`flask db upgrade` builds exactly the schema the models describe; `downgrade base` removes it.

The tests start from an empty test database (no create_all): a SQLite file, or PostgreSQL
when TEST_DATABASE_URL is set.
"""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy import MetaData, inspect, select, update

from models import Article, Topic, article_topics, db
from models.search import include_name
from services import feed, search
from tests.conftest import ROOT, make_app

MIGRATIONS = str(ROOT / "migrations")
TABLES = {"users", "topics", "articles", "article_topics", "follows"}
# migrations/alembic.ini: file_template = <date>_<time>_<rev>_<slug>
FILE_NAME = re.compile(r"(?P<date>\d{8})_(?P<time>\d{6})_(?P<rev>[0-9a-f]+)_\w+\.py")


def drop_every_table():
    """Drop whatever tables the database holds, alembic_version included, in FK order."""
    tables = MetaData()
    tables.reflect(db.engine)
    tables.drop_all(db.engine)


@pytest.fixture
def fresh(tmp_path):
    """An app on the test database, left empty again afterwards, also when a test failed
    halfway through a migration."""
    app = make_app(tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        drop_every_table()
        db.engine.dispose()


def flask_db(app, *args):
    result = app.test_cli_runner().invoke(args=["db", *args, "--directory", MIGRATIONS])
    assert result.exit_code == 0, result.output
    return result


def scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return ScriptDirectory.from_config(config)


def current_revision(app) -> str | None:
    with app.app_context(), db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def table_names(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def test_upgrade_on_an_empty_database_reaches_head_and_matches_the_models(fresh):
    assert table_names(fresh) == set()
    flask_db(fresh, "upgrade")
    assert current_revision(fresh) == scripts().get_current_head()
    assert table_names(fresh) >= TABLES
    with fresh.app_context(), db.engine.connect() as conn:
        # The search index's FTS5 tables and tsvector column are not in the models.
        opts = {"compare_type": True, "include_name": include_name}
        context = MigrationContext.configure(conn, opts=opts)
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
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.get_json()
    assert ready.get_json()["checks"]["migrations"]["status"] == "ok"
    assert client.get("/topics").status_code == 200


def test_sorted_by_file_name_the_migrations_are_in_the_order_they_apply():
    def file_name(script: Script) -> str:
        return Path(script.path).name

    in_name_order = sorted(scripts().walk_revisions(), key=file_name)
    assert len(in_name_order) >= 5
    previous = None
    for script in in_name_order:
        name = file_name(script)
        match = FILE_NAME.fullmatch(name)
        assert match, f"{name} is not named <date>_<time>_<rev>_<slug>.py"
        assert match["rev"] == script.revision, f"{name} holds revision {script.revision}"
        place = f"after {previous}" if previous else "first"
        assert script.down_revision == previous, (
            f"{name} revises {script.down_revision}, but sorted by name it comes {place}"
        )
        previous = script.revision


SEARCH_INDEX_REVISION = "e5b0074fc7ef"


def insert_library(app, articles: list[tuple[int, str, datetime | None]], tagged) -> None:
    """Rows written as a revision before the one under test would have: a topic (id 1),
    articles (id, status, published_at) and their topic rows (article id, topic id)."""
    text = dict.fromkeys(
        ("summary", "for_patients", "for_caregivers", "for_clinicians", "limitations"), "Words."
    )
    with app.app_context():
        db.session.execute(
            db.insert(Topic), [{"id": 1, "slug": "ebv", "name": "Epstein-Barr virus"}]
        )
        db.session.execute(
            db.insert(Article),
            [
                {"id": n, "slug": f"a{n}", "title": f"Study {n}", "status": status,
                 "published_at": at, "found": "Relapses fell.",
                 "questions": [], "study_type": "review", "population": "human",
                 "source_journal": "J", "source_year": 2024, "source_url": "https://x.org",
                 **text}
                for n, status, at in articles
            ],
        )  # fmt: skip
        db.session.execute(
            db.insert(article_topics), [{"article_id": a, "topic_id": t} for a, t in tagged]
        )
        db.session.commit()


def test_the_search_index_migration_fills_the_index_from_existing_articles(fresh):
    flask_db(fresh, "upgrade", scripts().get_revision(SEARCH_INDEX_REVISION).down_revision)
    at = datetime(2025, 1, 1, tzinfo=UTC)
    insert_library(fresh, [(1, "published", at), (2, "draft", at)], [(1, 1)])
    flask_db(fresh, "upgrade")
    with fresh.app_context():
        assert [a.slug for a in search.search("relapse").articles] == ["a1"]
        assert [a.slug for a in search.search("epstein barr").articles] == ["a1"]
        db.session.remove()


TOPIC_DATES_REVISION = "2d83d95dd2b0"


def test_the_topic_dates_migration_dates_existing_topic_rows_and_keeps_them_in_step(fresh):
    flask_db(fresh, "upgrade", scripts().get_revision(TOPIC_DATES_REVISION).down_revision)
    first, second = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC)
    insert_library(fresh, [(1, "published", first), (2, "published", second), (3, "draft", None)],
                   [(1, 1), (2, 1), (3, 1)])  # fmt: skip
    flask_db(fresh, "upgrade")
    with fresh.app_context():
        dated = select(article_topics.c.article_id, article_topics.c.published_at)
        assert dict(db.session.execute(dated).all()) == {1: first, 2: second, 3: None}
        newest_first = [a.slug for a in feed.feed_page(topic_id=1).articles]
        assert newest_first == ["a2", "a1"]
        redated = datetime.now(UTC) - timedelta(hours=1)
        db.session.execute(update(Article).where(Article.id == 1).values(published_at=redated))
        assert [a.slug for a in feed.feed_page(topic_id=1).articles] == ["a1", "a2"]
        db.session.rollback()
        db.session.remove()
    flask_db(fresh, "downgrade", TOPIC_DATES_REVISION + "-1")
    with fresh.app_context():
        columns = {c["name"] for c in inspect(db.engine).get_columns("article_topics")}
        assert columns == {"article_id", "topic_id"}
        db.session.remove()
