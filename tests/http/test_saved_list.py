"""The saved list and private notes: order, topic filter, editing, limits and privacy."""

from datetime import timedelta

from sqlalchemy import select

from models import SavedArticle, User, db
from models.base import utcnow
from tests import factories
from tests.conftest import post
from tests.http.conftest import saved_rows

NOTE = "Ask Dr Lee about this.\n\nBring the MRI letter <b>&</b> the list of medicines."


def save_all(client, items):
    for item in items:
        post(client, f"/articles/{item.slug}/save")
    client.get("/saved")  # shows (and so clears) the "Saved …" messages


def note_url(app, article_id: int, email="reader@example.com") -> str:
    with app.app_context():
        saved = db.session.scalar(
            select(SavedArticle)
            .join(User, User.id == SavedArticle.user_id)
            .where(User.email == email, SavedArticle.article_id == article_id)
        )
        return f"/saved/{saved.id}/note"


def test_saved_list_needs_an_account(client):
    response = client.get("/saved")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/saved"


def test_empty_list_says_what_to_do(client, reader):
    page = client.get("/saved").get_data(as_text=True)
    assert "You haven't saved any articles yet" in page
    assert "Print for my appointment" not in page


def test_newest_saved_first_with_collapsed_summary(client, reader, items, app):
    save_all(client, items)
    with app.app_context():  # make the save order differ from the publication order
        rows = db.session.scalars(select(SavedArticle).order_by(SavedArticle.id)).all()
        for hours, row in zip((1, 3, 2), rows, strict=True):
            row.saved_at = utcnow() - timedelta(hours=hours)
        db.session.commit()
    page = client.get("/saved").get_data(as_text=True)
    positions = [page.index(item.title) for item in (items[0], items[2], items[1])]
    assert positions == sorted(positions)
    assert page.count('<details class="three-part">') == 3
    assert "What the study found" in page and "Limitations" in page
    assert "Print for my appointment" in page


def test_filter_by_topic(client, reader, items, app):
    with app.app_context():
        other = factories.make_topic("pml", "PML")
        extra = factories.make_article(other, title="A study about PML risk")
        db.session.commit()
        extra_slug = extra.slug
    save_all(client, items)
    post(client, f"/articles/{extra_slug}/save")
    page = client.get("/saved?topic=pml").get_data(as_text=True)
    assert "A study about PML risk" in page
    assert not any(item.title in page for item in items)
    assert 'aria-current="true">PML' in page
    assert client.get("/saved?topic=no-such-topic").status_code == 404


def test_note_is_saved_escaped_and_shown_on_list_and_article(client, reader, items, app):
    save_all(client, items[:1])
    url = note_url(app, items[0].id)
    prefix = url.split("/")[2]
    response = post(
        client,
        url,
        {f"note-{prefix}-note": NOTE.replace("\n", "\r\n"), f"note-{prefix}-next": "/saved"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/saved"
    assert saved_rows(app)[0].note == NOTE  # line breaks stored as one character each
    for page_url, back in (
        ("/saved", f"/saved#saved-{prefix}"),
        (f"/articles/{items[0].slug}", f"/articles/{items[0].slug}#note"),
    ):
        page = client.get(page_url).get_data(as_text=True)
        assert f'name="note-{prefix}-next" type="hidden" value="{back}"' in page
        assert "&lt;b&gt;&amp;&lt;/b&gt;" in page
        assert "<b>&</b>" not in page


def test_note_of_exactly_the_limit_is_fine(client, reader, items, app):
    save_all(client, items[:1])
    url = note_url(app, items[0].id)
    field = f"note-{url.split('/')[2]}-note"
    response = post(client, url, {field: "x" * 2000})
    assert response.status_code == 302
    assert len(saved_rows(app)[0].note) == 2000


def test_too_long_note_shows_a_field_message_and_saves_nothing(client, reader, items, app):
    save_all(client, items[:1])
    url = note_url(app, items[0].id)
    field = f"note-{url.split('/')[2]}-note"
    post(client, url, {field: "My first note."})
    response = post(client, url, {field: "y" * 2001})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Your note is 2,001 characters long" in page
    assert 'aria-invalid="true"' in page
    assert "y" * 2001 in page  # what the reader typed is kept for them to shorten
    assert saved_rows(app)[0].note == "My first note."


def test_too_long_note_from_the_enhanced_form_gets_json(client, reader, items, app):
    save_all(client, items[:1])
    url = note_url(app, items[0].id)
    field = f"note-{url.split('/')[2]}-note"
    response = post(client, url, {field: "z" * 2001}, headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert "2,001 characters" in response.json["errors"][0]
    ok = post(client, url, {field: "Fine."}, headers={"Accept": "application/json"})
    assert ok.json == {"message": "Your note is saved."}


def test_note_page_without_javascript(client, reader, items, app):
    save_all(client, items[:1])
    page = client.get(note_url(app, items[0].id)).get_data(as_text=True)
    assert "<h1>Your note on “" in page
    assert "Up to 2,000 characters" in page


def test_another_readers_note_is_404(client, auth, items, app):
    auth.signup(email="owner@example.com")
    post(client, f"/articles/{items[0].slug}/save")
    url = note_url(app, items[0].id, "owner@example.com")
    field = f"note-{url.split('/')[2]}-note"
    post(client, url, {field: "Private words."})
    auth.logout()
    auth.signup(email="other@example.com")
    assert client.get(url).status_code == 404
    response = post(client, url, {field: "Overwritten"})
    assert response.status_code == 404
    assert saved_rows(app, "owner@example.com")[0].note == "Private words."
    assert "Private words." not in client.get("/saved").get_data(as_text=True)


def test_unknown_note_id_is_404(client, reader):
    assert client.get("/saved/999999/note").status_code == 404


def test_note_without_csrf_is_400(client, reader, items, app):
    save_all(client, items[:1])
    url = note_url(app, items[0].id)
    response = client.post(url, data={f"note-{url.split('/')[2]}-note": "hi"})
    assert response.status_code == 400
    assert saved_rows(app)[0].note == ""


def test_unsaving_removes_the_note_too_and_says_so(client, reader, items, app):
    save_all(client, items[:1])
    url = note_url(app, items[0].id)
    post(client, url, {f"note-{url.split('/')[2]}-note": "Gone soon."})
    response = post(client, f"/articles/{items[0].slug}/unsave", follow_redirects=True)
    assert "Your note on it was deleted too." in response.get_data(as_text=True)
    assert saved_rows(app) == []
