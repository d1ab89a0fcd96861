"""The contact form: anyone may write; staff read the messages and mark them handled."""

import pytest
from sqlalchemy import select

from models import ContactMessage, db
from tests.conftest import csrf_token, post
from tests.pages import flashes, main

GOOD = {"topic": "mistake", "message": "The dose in the second paragraph looks wrong."}


def stored(app) -> list[ContactMessage]:
    with app.app_context():
        rows = list(db.session.scalars(select(ContactMessage).order_by(ContactMessage.id)))
        db.session.expunge_all()
        return rows


def test_a_message_is_stored_and_a_calm_thank_you_follows(app, client):
    data = {**GOOD, "name": " Sam ", "email": " sam@example.com ", "page": "/articles/x"}
    response = post(client, "/contact", data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/contact/thanks"
    thanks = client.get("/contact/thanks")
    assert "Thank you, your message has been sent" in main(thanks).text
    [row] = stored(app)
    assert (row.topic, row.message, row.name, row.email, row.page) == (
        "mistake",
        GOOD["message"],
        "Sam",
        "sam@example.com",
        "/articles/x",
    )
    assert row.handled_at is None


def test_name_email_and_page_are_optional(app, client):
    assert post(client, "/contact", GOOD).status_code == 302
    [row] = stored(app)
    assert (row.name, row.email, row.page) == ("", "", "")


def test_every_bad_field_is_reported_at_once(app, client):
    data = {"topic": "spam", "message": "  ", "email": "not-an-address", "name": "n" * 101}
    response = post(client, "/contact", data)
    assert response.status_code == 422
    summary = main(response).find(cls="error-summary").text
    assert "Choose what your message is about." in summary
    assert "Write your message." in summary
    assert "Enter an email address like name@example.com, or leave it empty." in summary
    assert "Please shorten your name to 100 characters or fewer (it has 101)." in summary
    assert stored(app) == []


def test_a_message_over_2000_characters_is_refused_and_kept_in_the_form(app, client):
    response = post(client, "/contact", {**GOOD, "message": "w" * 2001})
    assert response.status_code == 422
    text = main(response).text
    assert "Please shorten your message to 2,000 characters or fewer (it has 2,001)." in text
    assert main(response).find("textarea").text.strip() == "w" * 2001
    assert stored(app) == []
    assert post(client, "/contact", {**GOOD, "message": "w" * 2000}).status_code == 302
    assert len(stored(app)) == 1


def test_without_a_csrf_token_nothing_is_stored(app, client):
    response = client.post("/contact", data=GOOD)
    assert response.status_code == 400
    assert stored(app) == []


def test_messages_are_rate_limited_per_address(app, client):
    app.config["CONTACT_RATE_LIMIT"] = "2 per minute"
    data = {**GOOD, "csrf_token": csrf_token(client, "/contact")}
    codes = [client.post("/contact", data=data).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert "Please slow down" in main(client.post("/contact", data=data)).text
    assert len(stored(app)) == 2
    other = client.post("/contact", data=data, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 302, "another address has its own allowance"


def test_the_default_limit(app):
    assert app.config["CONTACT_RATE_LIMIT"] == "3 per minute; 20 per day"


def test_the_topic_can_be_chosen_by_the_link_that_leads_here(client):
    checked = main(client.get("/contact?topic=privacy")).find("input", checked="")
    assert checked.attrs["value"] == "privacy"


@pytest.fixture
def sent(app, client) -> int:
    post(client, "/contact", {**GOOD, "email": "sam@example.com", "page": "/articles/x"})
    [row] = stored(app)
    return row.id


def test_staff_read_the_message_and_mark_it_handled(app, client, staff_login, sent):
    staff_login("reviewer", name="Dr A. Example")
    listing = main(client.get("/editor/messages"))
    row = listing.find("li", id=f"message-{sent}")
    assert GOOD["message"] in row.text
    assert "A mistake in a summary" in row.text
    assert ("sam@example.com", "mailto:sam@example.com") in row.links()
    assert ("/articles/x", "/articles/x") in row.links()
    assert "1 message from the contact form not handled yet" in main(client.get("/editor/")).text

    response = post(client, f"/editor/messages/{sent}/handled", {"next": "/editor/messages"})
    assert response.status_code == 302
    assert "Marked as handled." in flashes(client.get("/editor/messages"))
    [message] = stored(app)
    assert message.handled_at is not None
    assert message.handled_by_id is not None
    assert "Nothing waiting" in main(client.get("/editor/messages")).text
    handled = main(client.get("/editor/messages?show=handled")).find("li", id=f"message-{sent}")
    assert "by Dr A. Example" in handled.text
    assert "No messages waiting." in main(client.get("/editor/")).text

    again = post(client, f"/editor/messages/{sent}/handled")
    assert again.status_code == 302
    assert "already been marked as handled" in " ".join(flashes(client.get("/editor/messages")))


def test_messages_are_listed_newest_first(app, client, staff_login):
    for text in ("first", "second", "third"):
        post(client, "/contact", {**GOOD, "message": text})
    staff_login("editor")
    rows = main(client.get("/editor/messages")).find_all("li", cls="feedback-row")
    assert [row.find("blockquote").text.strip() for row in rows] == ["third", "second", "first"]


def test_marking_an_unknown_message_is_404(client, staff_login):
    staff_login("editor")
    assert post(client, "/editor/messages/999/handled").status_code == 404


def test_marking_handled_needs_a_csrf_token(app, client, staff_login, sent):
    staff_login("editor")
    assert client.post(f"/editor/messages/{sent}/handled").status_code == 400
    assert stored(app)[0].handled_at is None


def test_visitors_and_readers_cannot_see_the_messages(app, client, login_as, sent):
    response = client.get("/editor/messages")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    login_as()
    assert client.get("/editor/messages").status_code == 403
    assert post(client, f"/editor/messages/{sent}/handled").status_code == 403
    assert stored(app)[0].handled_at is None
