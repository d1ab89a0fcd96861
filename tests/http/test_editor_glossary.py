"""/editor/glossary: staff who write add, change and remove terms; nobody else can."""

import pytest
from sqlalchemy import select

from models import Article, GlossaryTerm, db
from tests.conftest import post
from tests.factories import make_article, make_topic

NEW = "/editor/glossary/new"


@pytest.fixture
def editor(staff_login):
    return staff_login("editor", email="staff@example.com")


def add_term(seed, slug="lesion", term="lesion", aliases=("lesions",)) -> int:
    with seed():
        row = GlossaryTerm(slug=slug, term=term, definition="An area of damage.", aliases=aliases)
        db.session.add(row)
        db.session.flush()
        return row.id


def terms(app) -> dict[str, GlossaryTerm]:
    with app.app_context():
        rows = {t.slug: t for t in db.session.scalars(select(GlossaryTerm))}
        db.session.expunge_all()
        return rows


def rendered(app, slug: str) -> dict[str, str]:
    with app.app_context():
        return db.session.scalar(select(Article.rendered).where(Article.slug == slug))


def test_the_list_shows_every_term(client, editor, seed):
    add_term(seed)
    add_term(seed, "b-cell", "B cell", ())
    html = client.get("/editor/glossary").get_data(as_text=True)
    assert html.index("B cell") < html.index("lesion")
    assert "(also lesions)" in html


def test_adding_a_term(client, app, editor):
    response = post(
        client,
        NEW,
        {"term": " B  cell ", "definition": "A white blood cell.", "aliases": "B cells, B-cell,"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/editor/glossary"
    term = terms(app)["b-cell"]
    assert (term.term, term.aliases, term.is_sample) == ("B cell", ["B cells", "B-cell"], False)
    page = client.get("/editor/glossary").get_data(as_text=True)
    assert "“B cell” is now in the glossary." in page


def test_every_problem_is_shown_at_once(client, app, editor, seed):
    add_term(seed)
    response = post(
        client, NEW, {"term": "", "slug": "Not A Slug", "definition": "", "aliases": "lesions"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in (
        "Enter the word or phrase.",
        "Use lower-case letters, digits and single hyphens",
        "Enter a plain definition.",
        "Already part of another term: lesions.",
    ):
        assert message in html
    assert 'aria-invalid="true"' in html
    assert list(terms(app)) == ["lesion"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"term": "Lesions"}, "term", "is already part of “lesion”"),
        ({"term": "plaque", "slug": "lesion"}, "slug", "Another term already uses"),
        ({"term": "plaque", "slug": "main"}, "slug", "kept for the glossary page"),
        ({"term": "plaque", "slug": "letter-a"}, "slug", "kept for the glossary page"),
        ({"term": "x" * 81}, "term", "80 characters or fewer"),
        ({"term": "plaque", "definition": "x" * 401}, "definition", "400 characters"),
        ({"term": "plaque", "aliases": ",".join(f"w{n}" for n in range(11))}, "aliases", "10"),
        ({"term": "!!!"}, "slug", "lower-case letters"),
    ],
)
def test_bad_input_is_refused(client, app, editor, seed, data, field, message):
    add_term(seed)
    response = post(client, NEW, {"definition": "A plain definition.", **data})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html
    assert message in html
    assert list(terms(app)) == ["lesion"]


def test_editing_a_term_re_renders_the_articles_that_use_it(client, app, editor, seed):
    term_id = add_term(seed)
    with seed():
        topic = make_topic()
        make_article(topic, slug="uses-it", found="Two plaques grew.")
        make_article(topic, slug="other", found="Nothing to see.")
    before = rendered(app, "other")
    form = client.get(f"/editor/glossary/{term_id}").get_data(as_text=True)
    assert 'value="lesions"' in form
    response = post(
        client,
        f"/editor/glossary/{term_id}",
        {"term": "lesion", "slug": "lesion", "definition": "A damaged spot.", "aliases": "plaques"},
    )
    assert response.status_code == 302
    assert terms(app)["lesion"].aliases == ["plaques"]
    html = rendered(app, "uses-it")["found"]
    assert '<a class="term" href="/glossary#lesion" rel="noopener noreferrer">plaques</a>' in html
    assert "A damaged spot." in html
    assert rendered(app, "other") == before


def test_deleting_a_term_removes_its_links(client, app, editor, seed):
    term_id = add_term(seed)
    with seed():
        make_article(make_topic(), slug="uses-it", found="New lesions grew.")
    assert "glossary#lesion" in rendered(app, "uses-it")["found"]
    response = post(client, f"/editor/glossary/{term_id}/delete")
    assert response.status_code == 302
    assert terms(app) == {}
    assert "glossary#lesion" not in rendered(app, "uses-it")["found"]


@pytest.mark.parametrize("path", ["/editor/glossary/999", "/editor/glossary/999/delete"])
def test_an_unknown_term_is_not_found(client, editor, path):
    response = post(client, path) if path.endswith("delete") else client.get(path)
    assert response.status_code == 404


PAGES = [
    ("get", "/editor/glossary"),
    ("get", NEW),
    ("post", NEW),
    ("get", "/editor/glossary/{id}"),
    ("post", "/editor/glossary/{id}"),
    ("post", "/editor/glossary/{id}/delete"),
]


def _request(client, method, path):
    if method == "post":
        return post(client, path, {"term": "x", "definition": "y"})
    return client.get(path)


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_visitors_are_sent_to_log_in(client, seed, method, path):
    path = path.format(id=add_term(seed))
    response = _request(client, method, path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_readers_may_not_edit(client, seed, login_as, method, path):
    path = path.format(id=add_term(seed))
    login_as()
    assert _request(client, method, path).status_code == 403


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_reviewers_may_not_edit(client, app, seed, staff_login, method, path):
    """Reviewers check articles clinically; the glossary is written like an article."""
    path = path.format(id=add_term(seed))
    staff_login("reviewer")
    assert _request(client, method, path).status_code == 403
    assert terms(app)["lesion"].definition == "An area of damage."


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_admins_may_edit(client, app, seed, staff_login, role):
    term_id = add_term(seed)
    staff_login(role)
    assert client.get("/editor/glossary").status_code == 200
    assert post(client, f"/editor/glossary/{term_id}/delete").status_code == 302


@pytest.mark.parametrize("path", [NEW, "/editor/glossary/{id}", "/editor/glossary/{id}/delete"])
def test_a_post_without_csrf_token_is_refused(client, app, seed, editor, path):
    term_id = add_term(seed)
    response = client.post(path.format(id=term_id), data={"term": "x", "definition": "y"})
    assert response.status_code == 400
    assert list(terms(app)) == ["lesion"]


def test_the_form_pages_are_titled_for_what_they_do(client, editor, seed):
    term_id = add_term(seed)
    assert "<title>Add a term · Glossary · Editor · Plainly</title>" in client.get(NEW).get_data(
        as_text=True
    )
    html = client.get(f"/editor/glossary/{term_id}").get_data(as_text=True)
    assert "<title>Edit “lesion” · Glossary · Editor · Plainly</title>" in html
    assert "Remove “lesion”" in html
    bad = post(client, NEW, {"term": ""}).get_data(as_text=True)
    assert "<title>Error: Add a term" in bad
