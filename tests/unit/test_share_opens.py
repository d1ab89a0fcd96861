"""services.shares: labels, and when a link was last opened (at most one write a minute)."""

from datetime import timedelta

import pytest

from models import ShareLink, db
from models.base import utcnow
from models.saved import SHARE_LABEL_MAX_LENGTH
from services import shares
from services.errors import DomainError
from tests import factories


def make(label: str = "", email: str = "reader@example.com") -> tuple[ShareLink, str]:
    user = factories.make_user(email, verified=True)
    return shares.create(user.id, include_notes=False, expires_in_days=None, label=label)


def test_label_is_tidied_and_limited(ctx):
    link, _token = make("  for Mum's \n neurologist ")
    assert link.label == "for Mum's neurologist"
    with pytest.raises(DomainError) as refused:
        make("x" * (SHARE_LABEL_MAX_LENGTH + 1), "other@example.com")
    assert refused.value.errors == {"label": shares.LABEL_MESSAGE}


def test_find_knows_links_that_no_longer_work(ctx):
    link, token = make()
    shares.revoke(link.user_id, link.id)
    assert shares.find_active(token) is None
    assert shares.find(token) is link
    assert shares.find("nope") is None and shares.find("") is None


def test_opening_is_recorded_at_most_once_a_minute(ctx, security_events):
    link, _token = make()
    db.session.commit()
    start = utcnow()
    assert shares.record_opened(link, start) is True
    assert link.last_opened_at == start
    assert not db.session.dirty  # the UPDATE already wrote it
    for seconds in (1, 30, 59):
        assert shares.record_opened(link, start + timedelta(seconds=seconds)) is False
    later = start + shares.OPENED_EVERY
    assert shares.record_opened(link, later) is True
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(ShareLink, link.id).last_opened_at == later
    opened = [e for e in security_events if e["event"] == "share_link.opened"]
    assert [e["link_id"] for e in opened] == [link.id, link.id]


def test_open_link_records_working_links_and_logs_closed_ones(ctx, security_events):
    link, token = make()
    now = utcnow()
    assert shares.open_link(token, now) is link and link.last_opened_at == now
    assert shares.open_link("unknown", now) is None
    shares.revoke(link.user_id, link.id, now)
    later = now + timedelta(minutes=5)
    assert shares.open_link(token, later) is link
    assert link.last_opened_at == now
    closed = [e for e in security_events if e["event"] == "share_link.closed_opened"]
    assert [(e["link_id"], e["reason"]) for e in closed] == [(link.id, "revoked")]
