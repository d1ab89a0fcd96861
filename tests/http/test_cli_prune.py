"""`flask users prune`: accounts left unconfirmed for a week go, with everything of theirs."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import DigestPreference, Follow, SavedArticle, ShareLink, User, db
from models.base import utcnow
from services import shares
from tests.factories import follow, make_article, make_staff, make_topic, make_user, save


@pytest.fixture
def accounts(seed):
    """Two stale unconfirmed accounts (one with saved things), and four to keep."""
    week_ago = utcnow() - timedelta(days=7, minutes=1)
    with seed() as session:
        topic = make_topic("ebv")
        squatter = make_user("squatter@example.com")
        follow(squatter, topic)
        save(squatter, make_article(topic), note="A note.")
        make_user("also.stale@example.com")
        make_user("new@example.com")  # signed up just now: still has time
        make_user("confirmed@example.com", verified=True)
        make_staff("editor@example.com")
        old_staff = make_staff("old.editor@example.com")
        for user in session.scalars(select(User)):
            if user.email != "new@example.com":
                user.created_at = week_ago
        old_staff.email_verified_at = None
        session.flush()
        make_user("owner@example.com", verified=True)
        # A link made before share links needed a confirmed address.
        session.get(User, squatter.id).email_verified_at = utcnow()
        shares.create(squatter.id, include_notes=True, expires_in_days=None)
        session.get(User, squatter.id).email_verified_at = None


def emails(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(User.email)))


def test_a_dry_run_lists_and_keeps(app, runner, accounts):
    result = runner.invoke(args=["users", "prune", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Dry run: 2 account(s) unconfirmed after 7 days.",
        "  squatter@example.com",
        "  also.stale@example.com",
    ]
    assert "squatter@example.com" in emails(app)


def test_prune_deletes_stale_unconfirmed_accounts_and_their_rows(
    app, runner, accounts, count_rows, security_events
):
    result = runner.invoke(args=["users", "prune"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Deleted 2 account(s) unconfirmed after 7 days.")
    assert emails(app) == {
        "new@example.com",
        "confirmed@example.com",
        "editor@example.com",
        "old.editor@example.com",
        "owner@example.com",
    }
    assert count_rows(Follow) == 0
    assert count_rows(SavedArticle) == 0
    assert count_rows(ShareLink) == 0
    assert count_rows(DigestPreference) == 5
    assert security_events[-1]["event"] == "account.pruned"
    assert security_events[-1]["count"] == 2
    again = runner.invoke(args=["users", "prune"])
    assert again.output == "Deleted 0 account(s) unconfirmed after 7 days.\n"
