"""A page of articles as one reader sees it: a page of the feed query plus per-page flags.

The home feed and topic pages share it. For a signed-in reader the page's statement also
reads its flags (saved? read?), and one more statement the topics they follow and mute,
never one per article. The list leaves out the topics they muted; for a reader who muted
any, one more statement counts what each mute hides (services.mutes).
"""

import functools
from dataclasses import dataclass, field

from sqlalchemy import Integer, Select, and_, bindparam, or_, select

from models import Follow, Topic, TopicMute
from services import feed, mutes
from services.rows import run_core


@dataclass
class ReaderPage:
    page: feed.FeedPage
    followed: list[mutes.ReaderTopic] = field(default_factory=list)
    saved_ids: set[int] = field(default_factory=set)
    # None where read state is not shown (visitors, topic pages).
    read_ids: set[int] | None = None
    # Every topic the reader muted, with how many articles of this list it hides.
    muted: list[mutes.MutedTopic] = field(default_factory=list)

    @property
    def followed_ids(self) -> set[int]:
        return {t.id for t in self.followed}

    @property
    def muted_ids(self) -> set[int]:
        return {m.topic.id for m in self.muted}


def _reader_page(
    reader_id: int | None,
    *,
    before: feed.Cursor | None,
    shown_topic_id: int | None,
    read_state: bool,
    **filters,
) -> ReaderPage:
    """A page of `feed_page(**filters)`, without the reader's muted topics, and its flags."""
    if reader_id is None:
        return ReaderPage(feed.feed_page(before=before, **filters))
    page = feed.feed_page(
        before=before,
        muted_for=reader_id,
        shown_topic_id=shown_topic_id,
        marks_for=reader_id,
        **filters,
    )
    shown = (filters.get("topic_id"), shown_topic_id)
    followed, muted = _reader_topics(reader_id)
    return ReaderPage(
        page,
        followed=followed,
        saved_ids=page.saved_ids,
        read_ids=page.read_ids if read_state else None,
        muted=mutes.hidden_by_mutes(muted, _page_span(page, before, filters), shown)
        if muted
        else [],
    )


@functools.cache
def _reader_topics_stmt() -> Select:
    user_id = bindparam("user_id", type_=Integer())
    followed = Follow.topic_id.is_not(None)
    muted = TopicMute.topic_id.is_not(None)
    return (
        select(Topic.id, Topic.slug, Topic.name, Topic.archived_at, followed, muted)
        .outerjoin(Follow, and_(Follow.topic_id == Topic.id, Follow.user_id == user_id))
        .outerjoin(TopicMute, and_(TopicMute.topic_id == Topic.id, TopicMute.user_id == user_id))
        .where(or_(followed, muted))
        .order_by(Topic.name, Topic.id)
    )


def _reader_topics(reader_id: int) -> tuple[list[mutes.ReaderTopic], list[mutes.ReaderTopic]]:
    """The topics the reader follows and those they muted, each by name: one statement
    (`follows.followed_topics` and `mutes.muted_topics` in one), on a page that changed
    nothing yet (run_core)."""
    followed, muted = [], []
    for *columns, is_followed, is_muted in run_core(_reader_topics_stmt(), {"user_id": reader_id}):
        topic = mutes.ReaderTopic(*columns)
        if is_followed:
            followed.append(topic)
        if is_muted:
            muted.append(topic)
    return followed, muted


def _page_span(page: feed.FeedPage, before: feed.Cursor | None, filters: dict):
    """The list this page shows a slice of, limited to the slice's time span.

    What a mute hides is counted where the reader is looking: from the page's start to its
    oldest article (to the end of the list on the last page). Counting the whole list walked
    every article of the muted topics, which grows with the library.
    """
    since = page.articles[-1].published_at if page.older is not None else None
    return feed.feed_stmt(before=before, since=since, **filters)


def home(
    reader_id: int | None,
    *,
    topic_id: int | None = None,
    before: feed.Cursor | None = None,
    hide_read: bool = False,
    shown_topic_id: int | None = None,
) -> ReaderPage:
    """The home page: a reader's own feed (optionally unread only), or the latest articles.

    shown_topic_id: a muted topic whose articles the reader chose to see on this page.
    """
    return _reader_page(
        reader_id,
        before=before,
        shown_topic_id=shown_topic_id,
        read_state=True,
        user_id=reader_id,
        topic_id=topic_id,
        unread_by=reader_id if hide_read else None,
    )


def topic(
    reader_id: int | None,
    topic_id: int,
    before: feed.Cursor | None = None,
    shown_topic_id: int | None = None,
) -> ReaderPage:
    """A topic page: every visible article of the topic, newest first (less muted topics)."""
    return _reader_page(
        reader_id,
        before=before,
        shown_topic_id=shown_topic_id,
        read_state=False,
        topic_id=topic_id,
    )
