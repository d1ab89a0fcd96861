"""Once-per-user rows: added once, and only ever inside the caller's transaction."""

from sqlalchemy import func, select

from models import ArticleRead, Follow, SavedArticle, db
from services import follows, reads, saves
from tests.factories import make_article, make_topic, make_user


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_each_once_per_user_row_is_added_once(ctx):
    user, topic = make_user(), make_topic()
    article = make_article(topic)
    db.session.commit()
    assert follows.follow(user.id, topic.id) and not follows.follow(user.id, topic.id)
    assert reads.mark_read(user.id, article.id) and not reads.mark_read(user.id, article.id)
    assert saves.save(user.id, article.id) and not saves.save(user.id, article.id)
    db.session.commit()
    assert (count(Follow), count(ArticleRead), count(SavedArticle)) == (1, 1, 1)


def test_rows_are_not_committed_behind_the_callers_back(ctx):
    user, topic = make_user(), make_topic()
    article = make_article(topic)
    db.session.commit()
    follows.follow(user.id, topic.id)
    reads.mark_read(user.id, article.id)
    saves.save(user.id, article.id)
    db.session.rollback()
    assert (count(Follow), count(ArticleRead), count(SavedArticle)) == (0, 0, 0)
