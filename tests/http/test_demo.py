"""`flask demo generate|clear`, and generated articles as readers see them."""

import pytest
from sqlalchemy import select

from models import Article, Topic, User, db
from services import demo_text
from tests.factories import make_article, make_topic, make_user

PASSWORD = "a calm long passphrase"
SMALL = ["--articles", "200", "--users", "100", "--topics", "10", "--seed", "5"]


def generate(runner, *args):
    return runner.invoke(args=["demo", "generate", *SMALL, "--password", PASSWORD, *args])


def test_generate_reports_what_it_made_and_logs_it(runner, count_rows, security_events):
    result = generate(runner)
    assert result.exit_code == 0, result.output
    assert "200 articles, 100 readers" in result.output
    assert count_rows(Article, Article.is_generated) == 200
    [event] = security_events
    assert event["event"] == "demo.generated" and event["readers"] == 100
    assert event["can_log_in"] is True and event["forced"] is False
    assert PASSWORD not in str(event)


@pytest.mark.parametrize("real", ["article", "account"])
def test_generate_refuses_a_database_with_real_content(runner, seed, count_rows, real):
    with seed():
        if real == "article":
            make_article(make_topic("ebv"))
        else:
            make_user("someone@example.com")
    result = generate(runner)
    assert result.exit_code == 1
    assert "holds real content" in result.output and "--force" in result.output
    assert count_rows(Article, Article.is_generated) == 0
    forced = generate(runner, "--force")
    assert forced.exit_code == 0, forced.output
    assert count_rows(Article, Article.is_generated) == 200
    assert count_rows(Article, ~Article.is_generated) == (real == "article")


def test_sample_content_is_not_real_content(runner, count_rows):
    assert runner.invoke(args=["content", "load"]).exit_code == 0
    result = generate(runner)
    assert result.exit_code == 0, result.output
    assert count_rows(Article, Article.is_sample) > 0


def test_clear_leaves_real_rows(runner, seed, count_rows, security_events):
    with seed():
        make_article(make_topic("ebv"))
    assert generate(runner, "--force").exit_code == 0
    result = runner.invoke(args=["demo", "clear"])
    assert result.exit_code == 0, result.output
    assert "200 articles" in result.output
    assert count_rows(Article) == count_rows(Topic) == 1
    assert count_rows(User) == 0
    assert security_events[-1]["event"] == "demo.cleared"
    assert security_events[-1]["articles"] == 200


def test_a_generated_reader_logs_in_and_reads_the_feed_articles_and_search(
    app, runner, client, auth
):
    assert generate(runner).exit_code == 0
    with app.app_context():
        email = db.session.scalar(select(User.email).order_by(User.id).limit(1))
        article = db.session.scalar(
            select(Article).where(Article.status == "published").order_by(Article.id).limit(1)
        )
        slug, title = article.slug, article.title
    assert auth.login(email, PASSWORD).status_code == 302
    feed = client.get("/")
    assert feed.status_code == 200 and 'rel="next"' in feed.get_data(as_text=True)
    page = client.get(f"/articles/{slug}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert title in html and "<p>" in html
    found = client.get("/search", query_string={"q": demo_text.RARE_WORD})
    assert found.status_code == 200 and demo_text.RARE_WORD.capitalize() in found.get_data(
        as_text=True
    )
    assert client.get("/topics").status_code == 200
    assert client.get("/saved").status_code == 200
