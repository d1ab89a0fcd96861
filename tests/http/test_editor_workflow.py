"""The workflow's steps over HTTP, the history page, comparing and restoring revisions."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import Article, ArticleEvent, ArticleRevision, db
from services import authoring, editorial
from tests import factories as f
from tests.conftest import csrf_token
from tests.editorial_support import (
    approved,
    draft,
    log_in_staff,
    make_staff_member,
    published,
    step,
    values,
)
from tests.http.test_no_inline_code import INLINE
from tests.pages import main


@pytest.fixture
def world(seed):
    with seed():
        topic = f.make_topic("vitamin-d", "Vitamin D")
        people = {
            role: make_staff_member(f"{role}@example.com", role)
            for role in ("editor", "reviewer", "admin")
        }
    return topic, people


def status_of(app, article_id: int) -> str:
    with app.app_context():
        return db.session.get(Article, article_id).status


def url(article, name: str) -> str:
    return f"/editor/articles/{article.id}/{name}"


def test_an_article_goes_from_draft_to_published_through_the_pages(client, app, world, seed):
    topic, people = world
    with seed():
        article = draft(people["editor"], topic)
    log_in_staff(client, "editor@example.com")
    response = step(client, url(article, "submit"), "submit", {"comment": "Ready."})
    assert response.status_code == 302 and status_of(app, article.id) == "in_review"
    reviewer = app.test_client()
    log_in_staff(reviewer, "reviewer@example.com")
    assert step(reviewer, url(article, "approve"), "approve").status_code == 302
    at = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = step(reviewer, url(article, "publish"), "publish", {"publish_at": at})
    assert response.status_code == 302
    with app.app_context():
        found = db.session.get(Article, article.id)
        assert found.status == "published"
        assert found.published_at.strftime("%Y-%m-%dT%H:%M") == at
        actions = db.session.scalars(select(ArticleEvent.action).order_by(ArticleEvent.id))
        assert list(actions) == ["submitted", "approved", "scheduled"]
    overview = main(reviewer.get(url(article, "")[:-1]))
    assert "Scheduled" in overview.find("dl").text


def test_submit_of_an_incomplete_draft_lists_what_is_missing(client, app, world, seed):
    topic, people = world
    with seed():
        article = draft(people["editor"], None, summary="", limitations="")
    log_in_staff(client, "editor@example.com")
    response = step(client, url(article, "submit"), "submit")
    assert response.status_code == 422
    summary = main(response).find("div", cls="error-summary").text
    for message in ("Add a one-paragraph summary.", "Add the study's limitations.", "topic"):
        assert message in summary
    assert status_of(app, article.id) == "draft"


def test_the_author_cannot_approve_their_own_article(client, app, world, seed):
    topic, people = world
    with seed():
        article = draft(people["admin"], topic)
    log_in_staff(client, "admin@example.com")
    step(client, url(article, "submit"), "submit")
    overview = main(client.get(f"/editor/articles/{article.id}"))
    assert "someone else must approve it" in overview.text
    response = step(client, url(article, "approve"), "approve")
    assert response.status_code == 422
    assert "Someone other than the author" in main(response).text
    assert status_of(app, article.id) == "in_review"


@pytest.mark.parametrize(
    ("role", "name"),
    [("editor", "approve"), ("editor", "publish"), ("editor", "unpublish"),
     ("editor", "request-changes"), ("editor", "review-due"), ("reviewer", "submit"),
     ("reviewer", "reopen")],
)  # fmt: skip
def test_steps_outside_a_role_are_forbidden(client, app, world, seed, role, name):
    topic, people = world
    with seed():
        article = draft(people["admin"], topic)
    log_in_staff(client, f"{role}@example.com")
    prefix = name.replace("-", "_")
    assert step(client, url(article, name), prefix, {"comment": "x"}).status_code == 403
    assert status_of(app, article.id) == "draft"


def test_request_changes_without_a_comment_is_refused(client, app, world, seed):
    topic, people = world
    with seed():
        article = draft(people["editor"], topic)
        article_id = article.id
    with seed():
        found = authoring.get_for_edit(article_id)
        editorial.submit(found, db.session.get(type(people["editor"]), people["editor"].id))
    log_in_staff(client, "reviewer@example.com")
    response = step(client, url(article, "request-changes"), "request_changes", {"comment": ""})
    assert response.status_code == 422
    assert "Say what needs to change." in main(response).text
    assert status_of(app, article_id) == "in_review"


def test_unpublish_and_review_date_through_the_pages(client, app, world, seed):
    topic, people = world
    with seed():
        article = published(people["editor"], people["reviewer"], topic)
        reviewed = article.reviewed_at
    log_in_staff(client, "reviewer@example.com")
    due = (reviewed + timedelta(days=400)).date().isoformat()
    assert step(client, url(article, "review-due"), "review_due", {"due": due}).status_code == 302
    too_late = (reviewed + timedelta(days=1500)).date().isoformat()
    response = step(client, url(article, "review-due"), "review_due", {"due": too_late})
    assert response.status_code == 422
    response = step(client, url(article, "unpublish"), "unpublish", {"comment": "Retracted."})
    assert response.status_code == 302
    with app.app_context():
        found = db.session.get(Article, article.id)
        assert found.status == "unpublished"
        assert found.next_review_due.date().isoformat() == due
    assert client.get(f"/articles/{article.slug}").status_code == 410


def test_history_lists_steps_and_revisions(client, world, seed):
    topic, people = world
    with seed():
        article = approved(people["editor"], people["reviewer"], topic)
    log_in_staff(client, "editor@example.com")
    body = main(client.get(url(article, "history")))
    rows = [row.text for row in body.find_all("tr", cls="event-row")]
    assert "Approved: In review → Approved" in rows[0] and "Reviewer" in rows[0]
    assert "Submitted: Draft → In review" in rows[1]
    assert len(body.find_all("li", cls="revision-row")) == 1


def test_revision_page_compares_and_restores(client, app, world, seed):
    topic, people = world
    with seed():
        article = draft(people["editor"], topic, summary="First summary.")
        changed = authoring.get_for_edit(article.id)
        authoring.save_article(changed, values(topic, summary="Second summary."), people["editor"])
    with app.app_context():
        first, second = db.session.scalars(select(ArticleRevision.id).order_by(ArticleRevision.id))
    log_in_staff(client, "editor@example.com")
    body = main(client.get(url(article, f"revisions/{second}")))
    [table] = body.find_all("table", cls="diff")
    assert table.find("caption").text == "Summary"
    row = table.find("tr", cls="diff-changed")
    assert "First summary." in row.text and "Second summary." in row.text
    assert 'style="' not in client.get(url(article, f"revisions/{second}")).get_data(as_text=True)
    token = csrf_token(client, "/editor/")
    response = client.post(url(article, f"revisions/{first}/restore"), data={"csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Article, article.id).summary == "First summary."
        assert len(db.session.scalars(select(ArticleRevision.id)).all()) == 3
    assert client.get(url(article, "revisions/99999")).status_code == 404


def test_reviewers_may_compare_but_not_restore(client, world, seed):
    topic, people = world
    with seed():
        article = draft(people["editor"], topic)
    log_in_staff(client, "reviewer@example.com")
    with client.application.app_context():
        [revision] = db.session.scalars(select(ArticleRevision.id)).all()
    page = client.get(url(article, f"revisions/{revision}"))
    assert page.status_code == 200 and "Restore" not in main(page).text
    token = csrf_token(client, "/editor/")
    restore = client.post(url(article, f"revisions/{revision}/restore"), data={"csrf_token": token})
    assert restore.status_code == 403


def test_editor_posts_without_a_token_are_refused(client, app, world, seed, count_rows):
    topic, people = world
    with seed():
        article = draft(people["editor"], topic)
    log_in_staff(client, "editor@example.com")
    for name in ("submit", "edit"):
        assert client.post(url(article, name), data={"submit-comment": "x"}).status_code == 400
    assert client.post("/editor/articles/new", data={"title": "x"}).status_code == 400
    assert status_of(app, article.id) == "draft"
    assert count_rows(Article) == 1


def test_every_editor_view_needs_a_permission(app):
    views = {
        rule.endpoint: app.view_functions[rule.endpoint]
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/editor")
    }
    assert len(views) >= 17
    assert {name for name, view in views.items() if not hasattr(view, "permission")} == set()


def test_editor_pages_have_no_inline_code(client, world, seed):
    topic, people = world
    with seed():
        article = published(people["editor"], people["reviewer"], topic)
    log_in_staff(client, "editor@example.com")
    with client.application.app_context():
        [revision] = db.session.scalars(select(ArticleRevision.id)).all()
    urls = [
        "/editor/", "/editor/process", "/editor/articles", "/editor/articles/new",
        url(article, "")[:-1], url(article, "edit"), url(article, "preview"),
        url(article, "history"), url(article, f"revisions/{revision}"),
    ]  # fmt: skip
    for address in urls:
        page = client.get(address)
        assert page.status_code == 200, address
        assert INLINE.search(page.get_data(as_text=True)) is None, address
