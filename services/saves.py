"""Saving articles for later and the reader's private note on each."""

import functools

from sqlalchemy import Integer, Select, bindparam, delete, select
from sqlalchemy.orm import contains_eager

from models import SavedArticle, Topic, article_topics, db
from models.base import utcnow
from models.saved import NOTE_MAX_LENGTH
from services.errors import DomainError
from services.feed import in_topic, published_filter
from services.rows import add_once

NOTE_HINT = (
    f"Up to {NOTE_MAX_LENGTH:,} characters. Only you can see it, unless you choose "
    "to include notes in a share link."
)


def normalize_note(text: str | None) -> str:
    """Browsers send line breaks as CRLF; store and count them as one character."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def get_saved(user_id: int, article_id: int) -> SavedArticle | None:
    """The reader's saved row for one article, or None."""
    return db.session.scalar(_saved_stmt(), {"user_id": user_id, "article_id": article_id})


@functools.cache
def _saved_stmt() -> Select:
    """Built once with its values bound by name: the article page asks on every visit."""
    return select(SavedArticle).where(
        SavedArticle.user_id == bindparam("user_id", type_=Integer()),
        SavedArticle.article_id == bindparam("article_id", type_=Integer()),
    )


def save(user_id: int, article_id: int) -> bool:
    """Save an article. Returns False when the reader had already saved it."""
    return add_once(SavedArticle, user_id=user_id, article_id=article_id)


def unsave(user_id: int, article_id: int) -> SavedArticle | None:
    """Remove an article and its note from the saved list.

    Returns the removed row (so the caller can say whether a note went with it), or None
    when the article was not saved.
    """
    saved = get_saved(user_id, article_id)
    if saved is not None:
        db.session.execute(delete(SavedArticle).where(SavedArticle.id == saved.id))
    return saved


def _with_articles():
    """Saved rows joined to their visible articles, in one query."""
    return (
        select(SavedArticle)
        .join(SavedArticle.article)
        .options(contains_eager(SavedArticle.article))
        .where(published_filter())
    )


def saved_list(user_id: int, *, topic_id: int | None = None) -> list[SavedArticle]:
    """The reader's saved articles, newest saved first, optionally only one topic's."""
    stmt = _with_articles().where(SavedArticle.user_id == user_id)
    if topic_id is not None:
        stmt = stmt.where(in_topic(topic_id))
    stmt = stmt.order_by(SavedArticle.saved_at.desc(), SavedArticle.id.desc())
    return list(db.session.scalars(stmt))


def saved_topics(user_id: int) -> list[Topic]:
    """Topics of the reader's saved articles, by name, for the filter."""
    saved = select(SavedArticle.article_id).where(SavedArticle.user_id == user_id)
    ids = select(article_topics.c.topic_id).where(article_topics.c.article_id.in_(saved))
    return list(db.session.scalars(select(Topic).where(Topic.id.in_(ids)).order_by(Topic.name)))


def get_owned(user_id: int, saved_id: int) -> SavedArticle | None:
    """One saved row with its article, only when it belongs to the reader."""
    stmt = _with_articles().where(SavedArticle.id == saved_id, SavedArticle.user_id == user_id)
    return db.session.scalar(stmt)


def set_note(saved: SavedArticle, text: str | None) -> SavedArticle:
    """Replace the note. Raises DomainError past the limit, changing nothing."""
    note = normalize_note(text)
    if len(note) > NOTE_MAX_LENGTH:
        raise DomainError(
            {
                "note": f"Your note is {len(note):,} characters long. "
                f"Please shorten it to {NOTE_MAX_LENGTH:,} characters or fewer."
            }
        )
    if note != saved.note:
        saved.note = note
        saved.note_updated_at = utcnow()
    return saved
