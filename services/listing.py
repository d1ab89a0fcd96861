"""A page of articles as one reader sees it: a page of the feed query plus per-page flags.

The home feed and topic pages share it; each flag (saved? read?) costs one `IN (...)`
query per page, never one per article.
"""

from dataclasses import dataclass, field

from models import Topic
from services import feed, follows, reads, saves


@dataclass
class ReaderPage:
    page: feed.FeedPage
    followed: list[Topic] = field(default_factory=list)
    saved_ids: set[int] = field(default_factory=set)
    # None where read state is not shown (visitors, topic pages).
    read_ids: set[int] | None = None

    @property
    def followed_ids(self) -> set[int]:
        return {t.id for t in self.followed}


def _for_reader(reader_id: int | None, page: feed.FeedPage, *, read_state: bool) -> ReaderPage:
    if reader_id is None:
        return ReaderPage(page)
    ids = [a.id for a in page.articles]
    return ReaderPage(
        page,
        followed=follows.followed_topics(reader_id),
        saved_ids=saves.saved_ids(reader_id, ids),
        read_ids=reads.read_ids(reader_id, ids) if read_state else None,
    )


def home(
    reader_id: int | None,
    *,
    topic_id: int | None = None,
    before: feed.Cursor | None = None,
    hide_read: bool = False,
) -> ReaderPage:
    """The home page: a reader's own feed (optionally unread only), or the latest articles."""
    page = feed.feed_page(
        reader_id,
        topic_id=topic_id,
        before=before,
        unread_by=reader_id if hide_read else None,
    )
    return _for_reader(reader_id, page, read_state=True)


def topic(reader_id: int | None, topic_id: int, before: feed.Cursor | None = None) -> ReaderPage:
    """A topic page: every visible article of the topic, newest first."""
    page = feed.feed_page(topic_id=topic_id, before=before)
    return _for_reader(reader_id, page, read_state=False)
