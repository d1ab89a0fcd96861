"""Accounts that have a row in every table pointing at users.id, for the export and
deletion tests."""

from dataclasses import dataclass
from datetime import UTC, datetime

import pyotp
from sqlalchemy import select

from models import (
    ArticleEvent,
    ArticleRevision,
    ContactMessage,
    Digest,
    DigestItem,
    Feedback,
    RecoveryCode,
    TopicMute,
    User,
    db,
)
from models.digest import SENT
from services import shares
from tests import factories

NOTE = "Mum gets tired by 3pm"
WHEN = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    share_token: str


def filled_account(email: str = "reader@example.com", staff_role: str | None = None) -> Account:
    """A reader (or staff) with a follow, a muted topic, a save with a note, a read, a share
    link, a digest with a clicked article, two-step sign-in with recovery codes and, for every
    editorial table, a row naming them."""
    user = factories.make_staff(email, staff_role) if staff_role else factories.make_reader(email)
    topic = factories.make_topic()
    article = factories.make_article(topic, author_id=user.id, reviewed_by_id=user.id)
    factories.follow(user, topic)
    db.session.add(TopicMute(user_id=user.id, topic_id=factories.make_topic().id))
    factories.save(user, article, note=NOTE)
    factories.read(user, article)
    _, token = shares.create(user.id, include_notes=True, expires_in_days=None)
    digest = Digest(user_id=user.id, period="2026-W45", status=SENT, covered_until=WHEN)
    db.session.add(digest)
    db.session.flush()
    item = DigestItem(digest_id=digest.id, article_id=article.id, position=1, clicked_at=WHEN)
    db.session.add(item)
    db.session.add(RecoveryCode(user_id=user.id, code_hash="0" * 64))
    db.session.add(RecoveryCode(user_id=user.id, code_hash="1" * 64, used_at=WHEN))
    user.totp_secret, user.totp_enabled_at = user.totp_secret or pyotp.random_base32(), WHEN
    db.session.add_all(
        [
            ArticleRevision(article_id=article.id, author_id=user.id, data={"title": "Old"}),
            ArticleEvent(
                article_id=article.id,
                actor_id=user.id,
                action="approved",
                to_status="approved",
                comment="Checked the doses.",
            ),
            Feedback(article_id=article.id, helpful=False, handled_by_id=user.id, handled_at=WHEN),
            ContactMessage(topic="other", message="Hello", handled_by_id=user.id),
        ]
    )
    db.session.flush()
    return Account(user.id, user.email, token)


def user_id_of(email: str) -> int | None:
    return db.session.scalar(select(User.id).where(User.email == email))
