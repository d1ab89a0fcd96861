"""Once-per-user rows: added once, and only ever inside the caller's transaction."""

from sqlalchemy import func, select

from models import ArticleRead, Follow, SavedArticle, db
from services import follows, reads, rows, saves
from tests.conftest import count_queries
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


def test_a_readers_saved_and_read_marks_come_in_one_statement(ctx):
    user, other, topic = make_user(), make_user("other@example.com"), make_topic()
    a, b, c = (make_article(topic) for _ in range(3))
    saves.save(user.id, a.id)
    reads.mark_read(user.id, b.id)
    saves.save(other.id, b.id)
    reads.mark_read(other.id, c.id)
    with count_queries() as statements:
        found = rows.article_ids_with_rows((SavedArticle, ArticleRead), user.id, [a.id, b.id, c.id])
    assert found == [{a.id}, {b.id}]
    assert len(statements) == 1
    with count_queries() as statements:
        assert rows.article_ids_with_rows((SavedArticle,), user.id, []) == [set()]
    assert statements == []
