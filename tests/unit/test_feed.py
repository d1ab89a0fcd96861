"""The feed query (services/feed.py): what is shown, in what order, and how it is paged."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import article_topics, db
from services import reads, saves
from services.feed import PAGE_SIZE, Cursor, feed_page, feed_stmt
from tests.conftest import count_queries
from tests.factories import follow, make_article, make_topic, make_user

NOW = datetime.now(UTC)


def ago(**kw) -> datetime:
    return NOW - timedelta(**kw)


def slugs(articles) -> list[str]:
    return [a.slug for a in articles]


def all_pages(limit: int = PAGE_SIZE, **kw) -> list[list[str]]:
    pages, before = [], None
    while True:
        assert len(pages) < 100, "paging never ends"
        page = feed_page(before=before, limit=limit, **kw)
        pages.append(slugs(page.articles))
        if page.older is None:
            return pages
        before = Cursor.decode(page.older.encode())  # round-trip through the URL form


@pytest.mark.parametrize(
    "at",
    [
        datetime(2025, 3, 4, 9, 0, tzinfo=UTC),
        datetime(2025, 3, 4, 9, 0, 0, 123456, tzinfo=UTC),
        datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    ],
)
def test_cursor_survives_the_round_trip_through_a_url(at):
    cursor = Cursor(at, 42)
    assert Cursor.decode(cursor.encode()) == cursor


@pytest.mark.parametrize(
    "value",
    [None, "", "abc", "1_", "_1", "1-2", "1_2_3", "1.5_2", "1_2\n", " 1_2", "1_-2",
     "9" * 19 + "_1", "1_" + "9" * 19, "9" * 18 + "_1", "-" + "9" * 18 + "_1"],
)  # fmt: skip
def test_malformed_cursors_mean_the_first_page(value):
    assert Cursor.decode(value) is None


def test_feed_is_newest_first_with_id_breaking_ties(ctx):
    topic = make_topic()
    same = ago(days=2)
    a = make_article(topic, slug="a", published_at=same)
    b = make_article(topic, slug="b", published_at=same)
    make_article(topic, slug="newest", published_at=ago(hours=1))
    make_article(topic, slug="oldest", published_at=ago(days=9))
    expected_tie = ["b", "a"] if b.id > a.id else ["a", "b"]
    assert slugs(feed_page().articles) == ["newest", *expected_tie, "oldest"]


def test_drafts_and_future_articles_are_left_out(ctx):
    topic = make_topic()
    make_article(topic, slug="visible")
    make_article(topic, slug="draft", status="draft")
    make_article(topic, slug="future", published_at=NOW + timedelta(days=2))
    assert slugs(feed_page().articles) == ["visible"]


def test_a_cursor_dated_after_now_still_leaves_out_scheduled_articles(ctx):
    topic = make_topic()
    make_article(topic, slug="visible")
    make_article(topic, slug="scheduled", published_at=NOW + timedelta(days=2))
    made_up = Cursor(NOW + timedelta(days=5), 10**6)  # typed into the address bar
    assert slugs(feed_page(before=made_up).articles) == ["visible"]


def test_reader_feed_has_only_followed_topics_each_article_once(ctx):
    ebv, diet, pml = make_topic("ebv"), make_topic("diet"), make_topic("pml")
    make_article(ebv, diet, slug="both", published_at=ago(days=1))
    make_article(ebv, slug="ebv", published_at=ago(days=2))
    make_article(diet, pml, slug="diet-pml", published_at=ago(days=3))
    make_article(pml, slug="pml", published_at=ago(days=4))
    reader, other = make_user(), make_user("other@example.com")
    follow(reader, ebv, diet)
    follow(other, pml)
    assert slugs(feed_page(reader.id).articles) == ["both", "ebv", "diet-pml"]
    assert slugs(feed_page(other.id).articles) == ["diet-pml", "pml"]


def test_reader_following_nothing_gets_an_empty_feed(ctx):
    make_article(make_topic())
    page = feed_page(make_user().id)
    assert page.articles == []
    assert page.older is None


def test_topic_filter_alone_and_with_a_reader(ctx):
    ebv, diet = make_topic("ebv"), make_topic("diet")
    make_article(ebv, slug="ebv", published_at=ago(days=1))
    make_article(ebv, diet, slug="both", published_at=ago(days=2))
    make_article(diet, slug="diet", published_at=ago(days=3))
    reader = make_user()
    follow(reader, ebv)
    assert slugs(feed_page(topic_id=diet.id).articles) == ["both", "diet"]
    assert slugs(feed_page(reader.id, topic_id=diet.id).articles) == ["both"]
    assert slugs(feed_page(reader.id, topic_id=ebv.id).articles) == ["ebv", "both"]


def test_since_keeps_only_newer_articles(ctx):
    topic = make_topic()
    make_article(topic, slug="new", published_at=ago(hours=1))
    make_article(topic, slug="old", published_at=ago(days=3))
    rows = db.session.scalars(feed_stmt(since=ago(days=1)))
    assert slugs(rows) == ["new"]


def test_a_full_page_with_nothing_older_has_no_older_cursor(ctx):
    topic = make_topic()
    for _ in range(3):
        make_article(topic)
    page = feed_page(limit=3)
    assert len(page.articles) == 3
    assert page.older is None


def test_page_size_is_twenty_and_the_cursor_points_at_the_last_article(ctx):
    topic = make_topic()
    for i in range(PAGE_SIZE + 1):
        make_article(topic, published_at=ago(minutes=i))
    page = feed_page()
    assert len(page.articles) == PAGE_SIZE == 20
    last = page.articles[-1]
    assert page.older == Cursor(last.published_at, last.id)


@pytest.mark.parametrize("limit", [1, 3, 7])
@pytest.mark.parametrize("same_time", [False, True], ids=["spread", "identical-timestamps"])
def test_paging_visits_every_article_exactly_once(ctx, limit, same_time):
    a, b = make_topic(), make_topic()
    made = []
    for i in range(17):
        at = ago(days=1) if same_time else ago(days=1, minutes=(i * 37) % 11)
        made.append(make_article(*((a, b) if i % 4 == 0 else (a,)), published_at=at))
    expected = slugs(sorted(made, key=lambda x: (x.published_at, x.id), reverse=True))
    pages = all_pages(limit=limit)
    assert all(len(p) == limit for p in pages[:-1])
    assert [s for p in pages for s in p] == expected


def test_paging_a_reader_feed_with_overlapping_topics(ctx):
    a, b, c = make_topic(), make_topic(), make_topic()
    reader = make_user()
    follow(reader, a, b)
    made = [make_article(a, b, published_at=ago(days=1)) for _ in range(5)]
    made += [make_article(b, c, published_at=ago(days=1)) for _ in range(5)]
    for _ in range(5):
        make_article(c, published_at=ago(days=1))
    expected = slugs(sorted(made, key=lambda x: x.id, reverse=True))
    pages = all_pages(limit=4, user_id=reader.id)
    assert [s for p in pages for s in p] == expected


def test_a_readers_saved_and_read_marks_come_with_the_page(ctx):
    topic = make_topic()
    reader, other = make_user(), make_user("other@example.com")
    a, b, c = (make_article(topic, published_at=ago(hours=n)) for n in (1, 2, 3))
    saves.save(reader.id, a.id)
    reads.mark_read(reader.id, b.id)
    saves.save(other.id, b.id)
    reads.mark_read(other.id, c.id)
    with count_queries() as statements:
        page = feed_page(topic_id=topic.id, marks_for=reader.id)
    assert slugs(page.articles) == [a.slug, b.slug, c.slug]
    assert (page.saved_ids, page.read_ids) == ({a.id}, {b.id})
    assert len(statements) == 1, "the page with its marks and its articles' topics"
    # Without a reader the page has no marks, and the same articles.
    plain = feed_page(topic_id=topic.id)
    assert plain.articles == page.articles and plain.saved_ids == plain.read_ids == set()


def test_each_article_carries_its_topics_in_the_order_its_page_shows_them(ctx):
    names = ["relapses", "MRI", "Brain fog", "Éye health", "brain fog"]
    topics = [make_topic(f"t-{n}", name) for n, name in enumerate(names)]
    many = make_article(*topics, slug="many")
    one = make_article(topics[1], slug="one")
    none = make_article(slug="none")
    db.session.commit()
    shown = {a.slug: [(t.id, t.slug, t.name) for t in a.topics] for a in feed_page().articles}
    for article in (many, one, none):
        db.session.refresh(article, ["topics"])
        expected = [(t.id, t.slug, t.name) for t in article.topics]  # ordered by the database
        assert shown[article.slug] == expected
    assert len(shown["many"]) == 5 and shown["none"] == []
    reader = make_user()
    follow(reader, topics[1])
    mine = feed_page(reader.id, marks_for=reader.id).articles
    assert {a.slug: [t.name for t in a.topics] for a in mine} == {
        "many": [name for _, _, name in shown["many"]],
        "one": ["MRI"],
    }


@pytest.mark.parametrize("same_time", [False, True], ids=["spread", "identical-timestamps"])
def test_paging_a_topic_visits_each_of_its_articles_once_newest_first(ctx, same_time):
    a, b = make_topic(), make_topic()
    made = []
    for i in range(17):
        at = ago(days=1) if same_time else ago(days=1, minutes=(i * 37) % 11)
        made.append(make_article(*((a, b) if i % 3 == 0 else (b,)), published_at=at))
    in_a = [m for m in made if a in m.topics]
    expected = slugs(sorted(in_a, key=lambda x: (x.published_at, x.id), reverse=True))
    pages = all_pages(limit=2, topic_id=a.id)
    assert [s for p in pages for s in p] == expected


def topic_dates(article) -> set:
    """The dates the topic index holds for this article, one per topic."""
    rows = db.session.execute(
        select(article_topics.c.published_at).where(article_topics.c.article_id == article.id)
    )
    return {at for (at,) in rows}


def test_the_topic_index_holds_each_article_date_from_creation_to_every_change(ctx):
    ms, diet, pml = make_topic("ms"), make_topic("diet"), make_topic("pml")
    older = make_article(ms, slug="older", published_at=ago(days=3))
    article = make_article(ms, diet, slug="moved", status="draft", published_at=ago(days=2))
    assert topic_dates(older) == {ago(days=3)}
    assert topic_dates(article) == {ago(days=2)}
    article.published_at = None  # a draft has no date
    db.session.flush()
    assert topic_dates(article) == {None}
    assert slugs(feed_page(topic_id=ms.id).articles) == ["older"]

    article.status, article.published_at = "published", ago(days=1)  # published
    db.session.flush()
    assert topic_dates(article) == {ago(days=1)}
    assert slugs(feed_page(topic_id=diet.id).articles) == ["moved"]
    assert slugs(feed_page(topic_id=ms.id).articles) == ["moved", "older"]

    article.published_at = ago(days=5)  # redated: now older than "older"
    db.session.flush()
    assert slugs(feed_page(topic_id=ms.id).articles) == ["older", "moved"]

    article.topics = [pml]  # topics changed on an edit
    db.session.flush()
    assert topic_dates(article) == {ago(days=5)}
    assert slugs(feed_page(topic_id=pml.id).articles) == ["moved"]
    assert slugs(feed_page(topic_id=ms.id).articles) == ["older"]

    article.published_at = NOW + timedelta(days=1)  # rescheduled into the future
    db.session.flush()
    assert feed_page(topic_id=pml.id).articles == []
