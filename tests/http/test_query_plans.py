"""How the databases plan the list pages. On PostgreSQL the list pages' statements are
planned once for every reader and value (services.rows.unseen_by_planner): planning them
anew for each request cost more than running them. A topic's page walks that topic's own
articles newest first (`article_topics.published_at`), however few of the library's they
are. Needs a library with real statistics: on a handful of rows every plan costs the same
whatever the values."""

from sqlalchemy import event, func, select, text

from models import Topic, User, article_topics, db
from services import demo
from services.feed import PAGE_SIZE
from tests.pages import card_slugs, main, older_link

PASSWORD = "a calm long passphrase"  # noqa: S105 (the generated readers of this test)
# psycopg prepares a statement on its fifth run; PostgreSQL plans it for the values at hand
# five times before it weighs one plan for all values.
RUNS = 12


def generated_library(seed, auth) -> None:
    """2,000 generated articles and 100 readers, analyzed; the first reader signed in."""
    with seed():
        demo.generate(demo.Sizes(articles=2000, users=100), password=PASSWORD)
        demo.analyze()
        email = db.session.scalar(select(User.email).where(User.is_generated).order_by(User.id))
    assert auth.login(email, PASSWORD).status_code == 302


def test_feed_topic_and_article_pages_are_planned_once_for_all_values(app, seed, auth, client):
    generated_library(seed, auth)
    with app.app_context():
        topic = db.session.scalar(select(Topic.slug).where(Topic.is_generated).order_by(Topic.id))
    feed = main(client.get("/"))
    article = f"/articles/{card_slugs(feed)[0]}"
    pages = {
        "feed": "/",
        "older": older_link(feed),
        "topic": f"/topics/{topic}",
        "article": article,
    }
    for name, path in pages.items():
        for _ in range(RUNS):
            response = client.get(path)
            assert response.status_code == 200, name
        if name != "article":
            assert len(card_slugs(main(response))) == PAGE_SIZE, name

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            return  # SQLite plans a statement when it is prepared, once
        plans = db.session.execute(
            text("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        ).all()
    ran = [(sql, generic) for sql, generic, custom in plans if generic + custom > 5]
    assert sum("FROM articles" in sql for sql, _ in ran) >= 4  # feed, older, topic, related
    assert [sql for sql, generic in ran if generic == 0] == []


def test_a_small_topics_page_walks_its_own_articles_in_the_topic_index(app, seed, auth, client):
    generated_library(seed, auth)
    with app.app_context():
        smallest = (
            select(Topic.slug)
            .join(article_topics, article_topics.c.topic_id == Topic.id)
            .group_by(Topic.id)
            .order_by(func.count(), Topic.id)
            .limit(1)
        )
        slug = db.session.scalar(smallest)
        engine = db.engine
    ran = []

    def record(_conn, _cursor, statement, parameters, *_args):
        if "ORDER BY in_topic.published_at DESC" in statement:
            ran.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(f"/topics/{slug}")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200
    assert len(card_slugs(main(response))) == PAGE_SIZE
    assert len(ran) == 1
    statement, parameters = ran[0]
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as conn:
        plan = " ".join(str(row) for row in conn.exec_driver_sql(explain + statement, parameters))
    assert "ix_article_topics_topic_published" in plan
    assert "ix_articles_published_at_id" not in plan  # not every article of the library
    assert "TEMP B-TREE" not in plan and " Sort " not in plan  # in the index's order
