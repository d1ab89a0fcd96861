"""The editor's pages for writing: who may open them, the list, the form, preview, history."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import Article, ArticleRevision, db
from tests import factories as f
from tests.conftest import csrf_token
from tests.editorial_support import draft, log_in_staff, make_staff_member, published
from tests.pages import main, page

FORM = {
    "title": "Vitamin D and early MS",
    "summary": "A trial of high-dose vitamin D.",
    "found": "Fewer new lesions.",
    "for_patients": "It may help a little.",
    "for_caregivers": "Nothing changes yet.",
    "for_clinicians": "MRI activity fell.",
    "limitations": "Short follow-up.",
    "question_1": "Should I take it?",
    "question_2": "How much?",
    "question_3": "For how long?",
    "study_type": "randomized-trial",
    "phase": "3",
    "participants": "316",
    "population": "human",
    "conditions": ["ms"],
    "source_title": "High-dose vitamin D in early MS",
    "source_first_author": "Thouvenot E",
    "source_journal": "JAMA",
    "source_year": "2025",
    "source_url": "https://pubmed.ncbi.nlm.nih.gov/40178837/",
    "source_pmid": "40178837",
    "source_doi": "10.1001/jama.2025.1604",
}


@pytest.fixture
def staff(seed):
    with seed():
        topic = f.make_topic("vitamin-d", "Vitamin D")
        people = {
            role: make_staff_member(f"{role}@example.com", role)
            for role in ("editor", "reviewer", "admin")
        }
    return topic, people


def as_staff(client, role: str) -> None:
    log_in_staff(client, f"{role}@example.com")


def send(client, url: str, data: dict):
    return client.post(url, data={"csrf_token": csrf_token(client, "/editor/"), **data})


def test_visitors_log_in_and_readers_are_refused(client, login_as):
    assert client.get("/editor/articles").status_code == 302
    login_as()
    assert client.get("/editor/articles").status_code == 403
    assert client.get("/editor/").status_code == 403


def test_reviewers_open_the_list_but_not_the_form(client, staff):
    as_staff(client, "reviewer")
    assert client.get("/editor/articles").status_code == 200
    assert client.get("/editor/articles/new").status_code == 403


def test_new_article_saves_a_draft_with_a_revision(client, staff, app):
    topic, people = staff
    as_staff(client, "editor")
    response = send(client, "/editor/articles/new", {**FORM, "topic_ids": [str(topic.id)]})
    assert response.status_code == 302
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert (article.slug, article.status, article.author_id) == (
            "vitamin-d-and-early-ms", "draft", people["editor"].id,
        )  # fmt: skip
        assert article.participants == 316 and article.source_year == 2025
        assert article.questions == ["Should I take it?", "How much?", "For how long?"]
        assert article.rendered["found"] == "<p>Fewer new lesions.</p>\n"
        revisions = db.session.scalars(select(ArticleRevision.article_id)).all()
        assert revisions == [article.id]
    assert response.headers["Location"] == f"/editor/articles/{article.id}/edit"


def test_the_form_shows_every_problem_at_once(client, staff, count_rows):
    as_staff(client, "editor")
    bad = {
        **FORM,
        "participants": "many",
        "source_pmid": "PMID 1",
        "source_doi": "doi.org/10.1/x",
        "title": "x" * 201,
        "source_url": "http://insecure.example",
    }
    response = send(client, "/editor/articles/new", bad)
    assert response.status_code == 422
    body = main(response)
    messages = {node.attrs["id"] for node in body.find_all("p", cls="error-message")}
    assert messages == {
        "participants-error", "source_pmid-error", "source_doi-error", "title-error",
        "source_url-error",
    }  # fmt: skip
    assert count_rows(Article) == 0


def test_a_live_article_needs_the_public_note(client, staff, seed, app):
    topic, people = staff
    with seed():
        article = published(people["editor"], people["reviewer"], topic)
    as_staff(client, "editor")
    url = f"/editor/articles/{article.id}/edit"
    form = {**FORM, "topic_ids": [str(topic.id)], "slug": article.slug}
    response = send(client, url, form)
    assert response.status_code == 422
    assert main(response).find("p", id="update_note-error")
    response = send(client, url, {**form, "update_note": "Added the trial's size."})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Article, article.id).update_note == "Added the trial's size."


def test_edit_page_shows_the_abstract_and_a_readability_warning(client, staff, seed):
    topic, people = staff
    hard = (
        "Ocrelizumab demonstrated considerable reductions in annualized relapse rates "
        "particularly among individuals with relapsing multiple sclerosis."
    )
    with seed():
        article = draft(people["editor"], topic, for_patients=hard, for_clinicians=hard)
        article.source_abstract = "Background: we studied things.\n\nResults: they worked."
    as_staff(client, "editor")
    body = main(client.get(f"/editor/articles/{article.id}/edit"))
    assert "Results: they worked." in body.find("aside").text
    assert "reading-warn" in body.find("div", id="reading-for_patients").classes
    assert "reading-warn" not in body.find("div", id="reading-for_clinicians").classes
    assert "ocrelizumab" in body.find("div", id="reading-for_patients").text


def test_archived_topics_are_not_offered_to_a_new_article(client, staff, seed):
    with seed():
        old = f.make_topic("old", "Old topic")
        old.archived_at = datetime(2026, 1, 1, tzinfo=UTC)
    as_staff(client, "editor")
    text = main(client.get("/editor/articles/new")).text
    assert "Vitamin D" in text and "Old topic" not in text


def test_preview_shows_the_public_page_with_a_banner(client, staff, seed):
    topic, people = staff
    with seed():
        article = draft(people["editor"], topic)
    as_staff(client, "reviewer")
    response = client.get(f"/editor/articles/{article.id}/preview")
    assert response.status_code == 200
    body = main(response)
    assert "Preview — not published" in body.find("p", cls="preview-banner").text
    assert body.find("h1").text == article.title
    assert client.get(f"/articles/{article.slug}").status_code == 404


@pytest.mark.parametrize("path", ["", "/edit", "/preview", "/history"])
def test_unknown_articles_are_404(client, staff, path):
    as_staff(client, "admin")
    assert client.get(f"/editor/articles/999{path}").status_code == 404


def test_list_filters_by_status_including_scheduled(client, staff, seed):
    topic, people = staff
    with seed():
        draft(people["editor"], topic, title="A plain draft", slug="a-plain-draft")
        published(people["editor"], people["reviewer"], topic, title="Live one", slug="live")
        later = datetime.now(UTC) + timedelta(days=1)
        published(people["editor"], people["reviewer"], topic, at=later, title="Soon", slug="soon")
    as_staff(client, "reviewer")

    def titles(query: str) -> list[str]:
        body = main(client.get(f"/editor/articles?{query}"))
        return [row.find("a").text for row in body.find_all("tr", cls="article-row")]

    assert titles("status=scheduled") == ["Soon"]
    assert titles("status=published") == ["Live one"]
    assert titles("status=draft") == ["A plain draft"]
    assert titles("q=plain") == ["A plain draft"]
    assert titles(f"topic={topic.id}&author={people['editor'].id}") == [
        "Soon", "Live one", "A plain draft",
    ]  # fmt: skip
    assert titles("author=12345") == []
    assert titles("status=nonsense&topic=x&before=junk") == ["Soon", "Live one", "A plain draft"]


def test_list_pages_by_keyset(client, staff, seed):
    topic, people = staff
    with seed():
        for n in range(30):
            draft(people["editor"], topic, title=f"Draft {n}", slug=f"draft-{n}")
    as_staff(client, "editor")
    first = main(client.get("/editor/articles"))
    older = [href for text, href in first.links() if text == "Older changes"]
    assert len(first.find_all("tr", cls="article-row")) == 25
    second = main(client.get(older[0]))
    rows = [r.find("a").text for r in second.find_all("tr", cls="article-row")]
    assert rows == [f"Draft {n}" for n in range(4, -1, -1)]


def test_dashboard_links_the_process_and_lists_my_drafts(client, staff, seed):
    topic, people = staff
    with seed():
        draft(people["editor"], topic, title="Mine", slug="mine")
        draft(people["admin"], topic, title="Someone else's", slug="theirs")
    as_staff(client, "editor")
    body = main(client.get("/editor/"))
    assert ("the editorial process", "/editor/process") in body.links()
    section = body.find("div", **{"role": "region", "aria-labelledby": "table-my-drafts"})
    assert [r.find("a").text for r in section.find_all("tr", cls="article-row")] == ["Mine"]
    process = main(client.get("/editor/process"))
    assert "Dated reviews" in process.text and "three years" in process.text


def test_the_panel_fragment_follows_posted_text(client, staff):
    as_staff(client, "editor")
    hard = "Ocrelizumab demonstrated considerable reductions in annualized relapse rates."
    response = send(client, "/editor/articles/readability", {"for_patients": hard})
    assert response.status_code == 200
    fragment = page(response)
    assert "reading-warn" in fragment.find("div", id="reading-for_patients").classes
    assert client.post("/editor/articles/readability", data={}).status_code == 400
    edit = client.get("/editor/articles/new").get_data(as_text=True)
    assert (
        "/static/js/editor.js" in edit
        and 'data-readability-url="/editor/articles/readability"' in edit
    )
