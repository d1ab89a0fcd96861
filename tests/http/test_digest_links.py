"""Digest links: the click redirect and digest bar, one-click unsubscribe, preview, CLI.

A digest link counts and shows the reader's digest only for that reader, signed in. Mail
scanners fetch every link without a cookie, and emails get forwarded: such opens are
counted apart as unconfirmed, mark nothing read and show nothing of the reader's digest.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import ArticleRead, DigestItem, DigestPreference, User, db
from services import impact
from services.digests import schedule, send
from tests import factories as f
from tests.conftest import Auth, post, tampered
from tests.smtp import body

NOW = datetime(2026, 1, 14, 9, tzinfo=UTC)
CLICK = re.compile(r"http://127\.0\.0\.1:5000(/r/[\w.-]+)")


@pytest.fixture
def sent(app, smtp):
    """A verified reader who was sent a digest of three articles; returns the message."""
    with app.app_context():
        topic = f.make_topic("pml")
        for n, hours in enumerate((3, 2, 1), 1):
            f.make_article(
                topic,
                slug=f"study-{n}",
                title=f"Study {n}",
                published_at=NOW - timedelta(hours=hours),
            )
        user = f.make_reader("reader@example.com")
        f.follow(user, topic)
        db.session.commit()
        send.send_due(NOW, schedule.candidates(NOW, force=True), commit=db.session.commit)
    [msg] = smtp.messages
    return msg


@pytest.fixture
def signed_in(client, sent):
    """The digest's reader, logged in on `client`; returns the message."""
    assert Auth(client).login().status_code == 302
    return sent


def clicks(msg) -> list[str]:
    return CLICK.findall(body(msg))


def clicked(app) -> list[int]:
    with app.app_context():
        stmt = select(DigestItem.position).where(DigestItem.clicked_at.is_not(None))
        return sorted(db.session.scalars(stmt))


def test_click_records_once_and_opens_the_article_with_the_digest_bar(client, app, signed_in):
    first, _, third = clicks(signed_in)
    response = client.get(first)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/articles/study-3?digest=")
    page = client.get(location).get_data(as_text=True)
    assert "From your digest" in page and "Article 1 of 3" in page
    assert 'Next: <a href="/r/' in page and "Study 2" in page
    assert client.get(first).status_code == 302
    assert clicked(app) == [1]
    with app.app_context():
        assert db.session.scalar(select(ArticleRead.article_id)) is not None

    last = client.get(client.get(third).headers["Location"]).get_data(as_text=True)
    assert "Article 3 of 3" in last and "That's the last one" in last
    assert clicked(app) == [1, 3]


@pytest.mark.parametrize(
    "mangle",
    [
        tampered,
        lambda t: "x" + t,
        lambda t: "not-a-token",
    ],
)
def test_tampered_click_tokens_are_404(client, app, sent, mangle):
    token = clicks(sent)[0].removeprefix("/r/")
    response = client.get(f"/r/{mangle(token)}")
    assert response.status_code == 404
    assert "find that page" in response.get_data(as_text=True)
    assert clicked(app) == []


def test_a_tampered_digest_parameter_only_hides_the_bar(client, signed_in):
    location = client.get(clicks(signed_in)[0]).headers["Location"]
    page = client.get(location[:-3] + "abc")
    assert page.status_code == 200
    assert "From your digest" not in page.get_data(as_text=True)


def test_a_click_token_for_another_article_shows_no_bar(client, signed_in):
    location = client.get(clicks(signed_in)[0]).headers["Location"]
    token = location.split("digest=", 1)[1]
    page = client.get(f"/articles/study-1?digest={token}").get_data(as_text=True)
    assert "From your digest" not in page


def counts(app) -> list[tuple[int, bool, int]]:
    """(position, clicked, unconfirmed opens) of each digest item, in order."""
    with app.app_context():
        stmt = select(
            DigestItem.position, DigestItem.clicked_at.is_not(None), DigestItem.unconfirmed_clicks
        ).order_by(DigestItem.position)
        return [tuple(row) for row in db.session.execute(stmt)]


def reads(app, email: str = "reader@example.com") -> int:
    """How many articles the digest's reader has read."""
    with app.app_context():
        stmt = select(ArticleRead).join(User, User.id == ArticleRead.user_id)
        return len(db.session.scalars(stmt.where(User.email == email)).all())


def test_a_cookie_less_open_counts_apart_and_marks_nothing_read(app, sent):
    scanner = app.test_client(use_cookies=False)
    response = scanner.get(clicks(sent)[0])
    assert response.status_code == 302
    assert response.headers["Location"] == "/articles/study-3"
    page = scanner.get(response.headers["Location"]).get_data(as_text=True)
    assert "From your digest" not in page and 'Next: <a href="/r/' not in page
    scanner.get(clicks(sent)[0])
    assert counts(app) == [(1, False, 2), (2, False, 0), (3, False, 0)]
    assert reads(app) == 0


def test_another_signed_in_reader_sees_the_article_alone(app, client, sent):
    with app.app_context():
        f.make_reader("someone.else@example.com")
        db.session.commit()
    Auth(client).login("someone.else@example.com")
    first = clicks(sent)[0]
    location = client.get(first).headers["Location"]
    assert location == "/articles/study-3"
    token = first.removeprefix("/r/")
    page = client.get(f"/articles/study-3?digest={token}").get_data(as_text=True)
    assert "From your digest" not in page and 'Next: <a href="/r/' not in page
    assert counts(app)[0] == (1, False, 1)
    assert reads(app) == 0


def test_the_readers_own_click_is_confirmed(app, client, sent):
    Auth(client).login()
    client.get(clicks(sent)[1])
    assert counts(app) == [(1, False, 0), (2, True, 0), (3, False, 0)]
    assert reads(app) == 1


def test_impact_shows_confirmed_and_unconfirmed_clicks_apart(app, client, sent):
    Auth(client).login()
    client.get(clicks(sent)[0])
    app.test_client(use_cookies=False).get(clicks(sent)[0])
    app.test_client(use_cookies=False).get(clicks(sent)[0])
    with app.app_context():
        rows = {row.slug: row for row in impact.page().rows}
    assert (rows["study-3"].digest_clicks, rows["study-3"].unconfirmed_clicks) == (1, 2)
    assert (rows["study-2"].digest_clicks, rows["study-2"].unconfirmed_clicks) == (0, 0)


def unsubscribe_path(msg) -> str:
    return msg["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:5000")


def frequency(app) -> str:
    with app.app_context():
        return db.session.scalar(select(DigestPreference.frequency))


def test_one_click_unsubscribe_works_without_cookies_or_csrf(app, sent):
    fresh = app.test_client(use_cookies=False)
    response = fresh.post(
        unsubscribe_path(sent),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "You're unsubscribed" in response.get_data(as_text=True)
    assert frequency(app) == "off"
    assert fresh.post(unsubscribe_path(sent)).status_code == 200  # again: still fine


def test_unsubscribe_page_confirms_and_offers_to_resubscribe(client, app, sent):
    path = unsubscribe_path(sent)
    page = client.get(path).get_data(as_text=True)
    assert "Stop digest emails?" in page and ">Unsubscribe</button>" in page
    assert frequency(app) == "weekly"  # a GET changes nothing
    page = client.post(path).get_data(as_text=True)
    assert "Send me the digest again" in page
    page = post(client, f"{path}/resubscribe", follow_redirects=True).get_data(as_text=True)
    assert "Welcome back" in page
    assert frequency(app) == "weekly"
    assert client.post(f"{path}/resubscribe").status_code == 400  # CSRF stays on here


def test_bad_unsubscribe_tokens_are_404(client, app, sent):
    path = unsubscribe_path(sent)
    click_token = clicks(sent)[0].removeprefix("/r/")
    for bad in (tampered(path), f"/unsubscribe/{click_token}", "/unsubscribe/nope"):
        assert client.get(bad).status_code == 404
        assert client.post(bad).status_code == 404
    assert frequency(app) == "weekly"


def test_preview_shows_the_next_digest_as_the_email_would(client, app, smtp):
    with app.app_context():
        topic = f.make_topic("diet")
        f.make_article(topic, title="A fresh diet study")
        db.session.commit()
    auth = Auth(client)
    auth.signup()
    assert "Nothing to send yet" in client.get("/digest/preview").get_data(as_text=True)
    post(client, "/topics/diet/follow")
    page = client.get("/digest/preview").get_data(as_text=True)
    assert "Your Plainly digest: 1 summary you haven&#39;t read yet" in page
    assert "A fresh diet study" in page and 'src="/digest/preview/email"' in page
    email = client.get("/digest/preview/email")
    assert "A fresh diet study" in email.get_data(as_text=True)
    assert "style-src 'unsafe-inline'" in email.headers["Content-Security-Policy"]
    auth.logout()
    assert client.get("/digest/preview").status_code == 302


def test_cli_sends_with_a_summary_and_shows_stats(runner, app, signed_in, client, smtp):
    sent = signed_in
    client.get(clicks(sent)[1])
    app.test_client(use_cookies=False).get(clicks(sent)[0])  # a mail scanner
    result = runner.invoke(args=["digests", "stats"])
    assert result.exit_code == 0, result.output
    assert re.search(r"2026-W03\s+1\s+0\s+0\s+1\s+100%\s+1\n", result.output)
    assert "2026-W03          1  Study 2" in result.output

    with app.app_context():
        f.make_reader("second@example.com")
        db.session.commit()
    result = runner.invoke(args=["digests", "send", "--now", "--dry-run"])
    assert "Dry run:" in result.output and "Nothing was sent" in result.output
    result = runner.invoke(args=["digests", "send", "--now"])
    assert result.exit_code == 0, result.output
    assert "Done: 2 due, 0 sent, 2 skipped (nothing new), 0 failed." in result.output
