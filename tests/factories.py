"""Small builders for test data. They add and flush; the test commits."""

from datetime import UTC, datetime, timedelta
from itertools import count

import pyotp

from models import (
    Article,
    ArticleRead,
    DigestPreference,
    Follow,
    SavedArticle,
    Topic,
    User,
    db,
)
from services import accounts, markup

_seq = count(1)
PASSWORD = "a calm long passphrase"


def make_topic(slug: str | None = None, name: str | None = None) -> Topic:
    n = next(_seq)
    slug = slug or f"topic-{n}"
    topic = Topic(
        slug=slug, name=name or slug.replace("-", " ").title(), description=f"About {slug}."
    )
    db.session.add(topic)
    db.session.flush()
    return topic


def make_article(
    *topics: Topic,
    slug: str | None = None,
    published_at: datetime | None = None,
    **fields,
) -> Article:
    n = next(_seq)
    values = {
        "slug": slug or f"article-{n}",
        "title": f"Study number {n} explained",
        "summary": f"Summary of study {n}.",
        "published_at": published_at or datetime.now(UTC) - timedelta(days=1, minutes=n),
        "found": f"Finding of study {n}.\n\nA second paragraph.",
        "for_patients": f"Patients paragraph {n}.",
        "for_caregivers": f"Caregivers paragraph {n}.",
        "for_clinicians": f"Clinicians paragraph {n}.",
        "limitations": f"Limitations of study {n}.",
        "questions": ["Question one?", "Question two?", "Question three?"],
        "study_type": "observational",
        "population": "human",
        "source_journal": "Test Journal",
        "source_year": 2024,
        "source_url": "https://pubmed.ncbi.nlm.nih.gov/?term=multiple+sclerosis",
        **fields,
    }
    article = Article(**values, topics=list(topics))
    markup.render_article(article)
    db.session.add(article)
    db.session.flush()
    return article


def make_user(
    email: str = "reader@example.com",
    role: str = "patient",
    password: str = PASSWORD,
    *,
    verified: bool = False,
):
    user = accounts.create_user(email, password, role)
    if verified:
        confirm(user)
    return user


def confirm(user) -> None:
    """Mark the account's email address as confirmed (`user` may be a detached snapshot)."""
    db.session.get(User, user.id).email_verified_at = datetime(2026, 1, 1, tzinfo=UTC)
    db.session.flush()


def confirm_signed_in(client) -> None:
    """Confirm the address of the account `client` is logged in as, and commit."""
    with client.session_transaction() as session:
        user_id = int(session["_user_id"].partition(":")[0])
    with client.application.app_context():
        confirm(db.session.get(User, user_id))
        db.session.commit()


def confirm_address(app, email: str) -> None:
    """Confirm the address of the account at `email`, and commit (as its link would)."""
    with app.app_context():
        confirm(accounts.find_by_email(email))
        db.session.commit()


def follow(user, *topics: Topic) -> None:
    for topic in topics:
        db.session.add(Follow(user_id=user.id, topic_id=topic.id))
    db.session.flush()


def save(user, article, note: str = ""):
    saved = SavedArticle(user_id=user.id, article_id=article.id, note=note)
    db.session.add(saved)
    db.session.flush()
    return saved


def read(user, article):
    row = ArticleRead(user_id=user.id, article_id=article.id)
    db.session.add(row)
    db.session.flush()
    return row


def last_saw_feed(email: str, ago: timedelta) -> User:
    """The reader with `email` last looked at their feed `ago` (a visit ago, if long enough)."""
    user = db.session.scalar(db.select(User).where(User.email == email))
    user.feed_seen_at = datetime.now(UTC) - ago
    db.session.flush()
    return user


def make_reader(
    email: str = "reader@example.com",
    *,
    timezone: str | None = None,
    frequency: str = "weekly",
    weekday: int = 0,
    send_hour: int = 8,
    max_articles: int = 5,
    verified: bool = True,
):
    """A reader with a confirmed address (unless told otherwise) and digest preferences."""
    user = make_user(email)
    if verified:
        user.email_verified_at = datetime(2026, 1, 1, tzinfo=UTC)
    pref = db.session.get(DigestPreference, user.id)
    pref.timezone, pref.frequency, pref.weekday = timezone, frequency, weekday
    pref.send_hour, pref.max_articles = send_hour, max_articles
    db.session.flush()
    return user


def make_staff(
    email: str = "editor@example.com",
    role: str = "editor",
    name: str | None = None,
    credentials: str | None = None,
    two_step: bool = True,
):
    """A member of staff with a confirmed address; with `two_step`, an authenticator secret
    (`user.totp_secret`, for pyotp.TOTP) is set and two-step sign-in is on."""
    user = make_user(email)
    user.email_verified_at = datetime(2026, 1, 1, tzinfo=UTC)
    user.staff_role, user.display_name, user.credentials = role, name, credentials
    if two_step:
        user.totp_secret = pyotp.random_base32()
        user.totp_enabled_at = datetime(2026, 1, 1, tzinfo=UTC)
    db.session.flush()
    return user
