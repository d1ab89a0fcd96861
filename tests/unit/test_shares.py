"""services.shares: unguessable tokens, stored hashed, expiring and revocable."""

from datetime import timedelta

from models import ShareLink, db
from models.base import utcnow
from services import shares
from tests import factories


def test_create_stores_only_a_hash(ctx):
    user = factories.make_user(verified=True)
    link, token = shares.create(user.id, include_notes=True, expires_in_days=7)
    assert len(token) >= 40
    assert link.token_hash == shares.hash_token(token)
    assert token not in {link.token_hash, str(link.id)}
    assert link.expires_at - link.created_at == timedelta(days=7)
    assert shares.find_active(token) is link


def test_tokens_differ(ctx):
    user = factories.make_user(verified=True)
    tokens = {
        shares.create(user.id, include_notes=False, expires_in_days=None)[1] for _ in range(5)
    }
    assert len(tokens) == 5


def test_expired_and_revoked_links_do_not_work(ctx):
    user = factories.make_user(verified=True)
    past = utcnow() - timedelta(days=8)
    _expired, old_token = shares.create(user.id, include_notes=False, expires_in_days=7, now=past)
    assert shares.find_active(old_token) is None
    link, token = shares.create(user.id, include_notes=False, expires_in_days=None)
    assert shares.find_active(token) is link
    assert shares.revoke(user.id, link.id) is link
    assert shares.find_active(token) is None
    assert shares.find_active("") is None


def test_only_the_owner_can_revoke(ctx):
    owner, other = factories.make_user(verified=True), factories.make_user("other@example.com")
    link, token = shares.create(owner.id, include_notes=False, expires_in_days=30)
    assert shares.revoke(other.id, link.id) is None
    assert shares.find_active(token) is link
    assert shares.links_of(other.id) == []
    assert shares.links_of(owner.id) == [link]


def test_links_go_when_the_account_goes(ctx):
    user = factories.make_user(verified=True)
    shares.create(user.id, include_notes=False, expires_in_days=None)
    db.session.delete(user)
    db.session.flush()
    assert db.session.query(ShareLink).count() == 0
