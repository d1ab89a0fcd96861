"""What readers see of the workflow: scheduled articles stay hidden everywhere until their
time, old addresses move on (301), withdrawn articles are gone (410), and the page names
its reviewer, its next review and its latest correction."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from models import Article, db
from services import authoring, editorial, shares
from services.digests.preview import preview
from tests import factories as f
from tests.editorial_support import make_staff_member, published, values
from tests.pages import main

TITLE = "Clemastine may help repair myelin"


def test_a_scheduled_article_is_hidden_everywhere_until_its_time(app, client, seed, login_as):
    reader = login_as(email="reader@example.com")
    with seed():
        topic = f.make_topic("myelin", "Myelin repair")
        editor = make_staff_member("editor@example.com", "editor")
        reviewer = make_staff_member("reviewer@example.com", "reviewer")
        neighbour = f.make_article(topic, slug="neighbour")
        article = published(editor, reviewer, topic, at=datetime.now(UTC) + timedelta(hours=2))
        f.follow(reader, topic)
        f.save(reader, article)
        f.confirm(reader)
        _link, token = shares.create(reader.id, include_notes=False, expires_in_days=None)
    pages = ["/", "/topics/myelin", "/search?q=clemastine", "/saved", f"/shared/{token}"]

    def seen() -> dict[str, bool]:
        found = {}
        # The digest first: it leaves out what the reader has opened, as the page below does.
        with app.app_context():
            digest = preview(reader.id, datetime.now(UTC))
            found["digest"] = digest is not None and TITLE in digest.text
        found |= {url: TITLE in main(client.get(url)).text for url in pages}
        found["article"] = client.get(f"/articles/{article.slug}").status_code == 200
        found["related"] = TITLE in main(client.get("/articles/neighbour")).text
        found["visitor feed"] = TITLE in main(app.test_client().get("/")).text
        return found

    assert not any(seen().values()), seen()
    with seed() as session:
        session.execute(
            update(Article)
            .where(Article.id == article.id)
            .values(published_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    assert all(seen().values()), seen()
    assert neighbour.slug == "neighbour"


def _published(seed, **changes):
    with seed():
        topic = f.make_topic("myelin", "Myelin repair")
        editor = make_staff_member("editor@example.com", "editor")
        reviewer = make_staff_member("reviewer@example.com", "reviewer", "Dr Ada Byline")
        reviewer.credentials = "consultant neurologist"
        article = published(editor, reviewer, topic, **changes)
    return article, editor, reviewer


def test_an_old_address_of_a_published_article_redirects_permanently(client, seed):
    article, editor, _ = _published(seed, slug="old-name")
    with seed():
        found = authoring.get_for_edit(article.id)
        authoring.save_article(found, values(found.topics[0], slug="new-name"), editor, "Renamed.")
    response = client.get("/articles/old-name")
    assert response.status_code == 301
    assert response.headers["Location"] == "/articles/new-name"
    assert client.get("/articles/new-name").status_code == 200


def test_an_unpublished_article_is_gone_with_links_to_its_topics(client, seed):
    article, editor, reviewer = _published(seed, slug="taken-down")
    with seed():
        found = authoring.get_for_edit(article.id)
        editorial.unpublish(found, db.session.get(type(reviewer), reviewer.id), "Retracted.")
    response = client.get("/articles/taken-down")
    assert response.status_code == 410
    body = main(response)
    assert "withdrawn" in body.find("h1").text
    assert ("Myelin repair", "/topics/myelin") in body.links()
    assert "Retracted" not in body.text
    assert TITLE not in main(client.get("/")).text
    assert client.get("/articles/never-existed").status_code == 404


def test_the_page_names_its_reviewer_next_review_and_latest_update(client, seed):
    article, editor, _ = _published(seed, slug="reviewed")
    with seed():
        found = authoring.get_for_edit(article.id)
        changed = values(found.topics[0], slug="reviewed", summary="Corrected summary.")
        authoring.save_article(found, changed, editor, "Corrected the summary.")
        reviewed, due, noted = found.reviewed_at, found.next_review_due, found.update_noted_at
    body = main(client.get("/articles/reviewed"))
    review = body.find("section", cls="review-line").text
    assert f"Reviewed by Dr Ada Byline, consultant neurologist on {reviewed:%-d %B %Y}" in review
    assert f"Next review due {due:%-d %B %Y}" in review
    note = body.find("p", cls="update-note").text
    assert note == f"Updated {noted:%-d %B %Y}: Corrected the summary."
    assert "PMID 12345678" in body.text and "Example A" in body.text


def test_sample_content_still_renders_without_review_lines(client, runner):
    result = runner.invoke(args=["content", "load"])
    assert result.exit_code == 0, result.output
    body = main(client.get("/articles/steroids-for-optic-neuritis-trial"))
    assert body.find_all("section", cls="review-line") == []
    assert body.find_all("p", cls="update-note") == []
