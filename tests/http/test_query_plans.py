"""On PostgreSQL the list pages' statements are planned once for every reader and value
(services.rows.unseen_by_planner): planning them anew for each request cost more than
running them. Needs a library with real statistics: on a handful of rows every plan costs
the same whatever the values."""

from sqlalchemy import select, text

from models import Topic, User, db
from services import demo
from services.feed import PAGE_SIZE
from tests.pages import card_slugs, main, older_link

PASSWORD = "a calm long passphrase"  # noqa: S105 (the generated readers of this test)
# psycopg prepares a statement on its fifth run; PostgreSQL plans it for the values at hand
# five times before it weighs one plan for all values.
RUNS = 12


def test_feed_topic_and_article_pages_are_planned_once_for_all_values(app, seed, auth, client):
    with seed():
        demo.generate(demo.Sizes(articles=2000, users=100), password=PASSWORD)
        demo.analyze()
        email = db.session.scalar(select(User.email).where(User.is_generated).order_by(User.id))
        topic = db.session.scalar(select(Topic.slug).where(Topic.is_generated).order_by(Topic.id))
    assert auth.login(email, PASSWORD).status_code == 302
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
