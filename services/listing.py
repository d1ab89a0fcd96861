"""A page of articles as one reader sees it: a page of the feed query plus per-page flags.

The home feed and topic pages share it; each flag (saved? read?) costs one `IN (...)`
query per page, never one per article. For a signed-in reader the list leaves out the topics
they muted; for a reader who muted any, one more statement counts what each mute hides
(services.mutes).
"""

from dataclasses import dataclass, field

from models import Topic
from services import feed, follows, mutes, reads, saves


@dataclass
class ReaderPage:
    page: feed.FeedPage
    followed: list[Topic] = field(default_factory=list)
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
        before=before, muted_for=reader_id, shown_topic_id=shown_topic_id, **filters
    )
    ids = [a.id for a in page.articles]
    shown = (filters.get("topic_id"), shown_topic_id)
    muted = mutes.muted_topics(reader_id)
    return ReaderPage(
        page,
        followed=follows.followed_topics(reader_id),
        saved_ids=saves.saved_ids(reader_id, ids),
        read_ids=reads.read_ids(reader_id, ids) if read_state else None,
        muted=mutes.hidden_by_mutes(muted, _page_span(page, before, filters), shown)
        if muted
        else [],
    )


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
