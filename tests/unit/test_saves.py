"""services.saves: saving is idempotent, lists are the reader's own, notes have a limit."""

from datetime import timedelta

import pytest

from models import Article, SavedArticle, db
from models.article import DRAFT
from models.base import utcnow
from services import saves
from services.errors import DomainError
from tests import factories


@pytest.fixture
def data(ctx):
    user = factories.make_user()
    other = factories.make_user("other@example.com")
    ebv, pml = factories.make_topic("ebv"), factories.make_topic("pml")
    a, b, c = (factories.make_article(t) for t in (ebv, ebv, pml))
    return user, other, a, b, c


def test_save_is_idempotent(data):
    user, _other, a, *_ = data
    assert saves.save(user.id, a.id) is True
    assert saves.save(user.id, a.id) is False
    assert db.session.query(SavedArticle).count() == 1


def test_unsave(data):
    user, other, a, *_ = data
    assert saves.unsave(user.id, a.id) is None
    saves.save(user.id, a.id)
    saves.save(other.id, a.id)
    saves.set_note(saves.get_saved(user.id, a.id), "Mine.")
    removed = saves.unsave(user.id, a.id)
    assert (removed.article_id, removed.note) == (a.id, "Mine.")
    assert saves.get_saved(user.id, a.id) is None
    assert saves.get_saved(other.id, a.id) is not None


def test_saved_list_newest_first_with_topic_filter_and_only_visible(data):
    user, other, a, b, c = data
    for hours, article in ((3, a), (1, b), (2, c)):
        saves.save(user.id, article.id)
        saves.get_saved(user.id, article.id).saved_at = utcnow() - timedelta(hours=hours)
    saves.save(other.id, a.id)
    assert [s.article_id for s in saves.saved_list(user.id)] == [b.id, c.id, a.id]
    ebv = a.topics[0]
    assert [s.article_id for s in saves.saved_list(user.id, topic_id=ebv.id)] == [b.id, a.id]
    db.session.get(Article, b.id).status = DRAFT
    assert [s.article_id for s in saves.saved_list(user.id)] == [c.id, a.id]
    assert [t.slug for t in saves.saved_topics(user.id)] == ["ebv", "pml"]


def test_get_owned_only_for_the_owner(data):
    user, other, a, *_ = data
    saves.save(user.id, a.id)
    saved = saves.get_saved(user.id, a.id)
    assert saves.get_owned(user.id, saved.id) is saved
    assert saves.get_owned(other.id, saved.id) is None


def test_note_limit_is_enforced_by_the_service(data):
    user, _other, a, *_ = data
    saves.save(user.id, a.id)
    saved = saves.get_saved(user.id, a.id)
    saves.set_note(saved, "  Line one\r\nLine two  ")
    assert saved.note == "Line one\nLine two"
    assert saved.note_updated_at is not None
    with pytest.raises(DomainError) as error:
        saves.set_note(saved, "x" * 2001)
    assert error.value.errors == {
        "note": "Your note is 2,001 characters long. "
        "Please shorten it to 2,000 characters or fewer."
    }
    assert saved.note == "Line one\nLine two"
    saves.set_note(saved, "x" * 1998 + "\r\n" + "y")  # 2,001 sent, CRLF counts as one
    assert len(saved.note) == 2000
