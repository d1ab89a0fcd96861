"""Contact messages: what is stored, every rule at once, the staff list and marking handled."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import ContactMessage, db
from services import contact
from services.errors import DomainError
from tests.factories import make_user

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def test_a_message_keeps_what_was_typed_and_no_account_or_address(ctx):
    row = contact.submit(
        "privacy", "  Line one\r\nline two  ", name=" Sam ", email=" s@example.org ", page="/x"
    )
    db.session.commit()
    stored = db.session.scalar(select(ContactMessage))
    assert stored.id == row.id
    assert (stored.topic, stored.message, stored.name, stored.email, stored.page) == (
        "privacy",
        "Line one\nline two",
        "Sam",
        "s@example.org",
        "/x",
    )
    assert stored.created_at is not None and stored.handled_at is None
    assert set(ContactMessage.__table__.columns.keys()) == {
        "id",
        "created_at",
        "topic",
        "message",
        "name",
        "email",
        "page",
        "handled_at",
        "handled_by_id",
    }


def test_every_broken_rule_is_reported_at_once_and_nothing_is_stored(ctx):
    with pytest.raises(DomainError) as caught:
        contact.submit(None, "", name="n" * 101, email="sam at home", page="/" * 301)
    assert caught.value.errors == {
        "topic": contact.TOPIC_MESSAGE,
        "message": contact.MESSAGE_MISSING,
        "email": contact.EMAIL_MESSAGE,
        "name": "Please shorten your name to 100 characters or fewer (it has 101).",
        "page": "Please shorten the page it is about to 300 characters or fewer (it has 301).",
    }
    assert db.session.scalar(select(ContactMessage)) is None


@pytest.mark.parametrize("email", ["", "a@b.co", "first.last+tag@example.org"])
def test_an_email_address_is_optional_and_any_reply_address_is_accepted(ctx, email):
    assert contact.submit("other", "Hello", email=email).email == email


@pytest.mark.parametrize("email", ["a@b", "@example.org", "a b@example.org", "a@@b.co"])
def test_an_address_nobody_could_reply_to_is_refused(ctx, email):
    with pytest.raises(DomainError) as caught:
        contact.submit("other", "Hello", email=email)
    assert caught.value.errors == {"email": contact.EMAIL_MESSAGE}


def test_the_message_may_have_2000_characters_but_not_more(ctx):
    assert contact.submit("other", "w" * 2000)
    with pytest.raises(DomainError) as caught:
        contact.submit("other", "w" * 2001)
    assert caught.value.errors["message"] == (
        "Please shorten your message to 2,000 characters or fewer (it has 2,001)."
    )


def add(minutes: int, text: str = "hi") -> int:
    row = ContactMessage(topic="other", message=text, created_at=T0 + timedelta(minutes=minutes))
    db.session.add(row)
    db.session.flush()
    return row.id


def test_the_list_is_newest_first_a_page_at_a_time_and_filtered(ctx):
    ids = [add(minutes) for minutes in range(5)]
    first = contact.page(limit=3)
    assert [row.id for row in first.rows] == ids[:1:-1]
    second = contact.page(before=first.older, limit=3)
    assert [row.id for row in second.rows] == ids[1::-1]
    assert second.older is None
    staff = make_user("staff@example.com")
    assert contact.mark_handled(ids[0], staff.id, T0) is True
    assert contact.unhandled_count() == 4
    assert [row.id for row in contact.page(contact.HANDLED).rows] == [ids[0]]
    assert contact.page(contact.HANDLED).rows[0].handled_by == "staff@example.com"
    assert len(contact.page(contact.ALL).rows) == 5
    assert ids[0] not in [row.id for row in contact.page().rows]


def test_marking_handled_twice_or_an_unknown_message(ctx):
    staff = make_user("staff@example.com")
    message = add(0)
    assert contact.mark_handled(message, staff.id, T0) is True
    assert contact.mark_handled(message, staff.id, T0) is False
    assert contact.mark_handled(message + 1, staff.id, T0) is None


@pytest.mark.parametrize(
    ("page", "local"), [("/articles/x", True), ("//evil.example", False), ("Home page", False)]
)
def test_only_a_path_on_this_site_is_shown_as_a_link(ctx, page, local):
    contact.submit("other", "Hello", page=page)
    assert contact.page().rows[0].local_page is local
