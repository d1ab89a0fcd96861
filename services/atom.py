"""Atom documents of article lists: a topic's newest articles, or a reader's own feed.

Built with feedgen. Every link is absolute and comes from the BASE_URL setting, never from a
request's Host header, so a feed fetched through any address points readers to the real site.
Each entry carries the plain-language summary and the year of the study.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator

from models import Article, Topic
from models.base import EPOCH
from services.mail import external_url

SITE_NAME = "Plainly"


@dataclass(frozen=True)
class AtomDocument:
    """A built feed, with what conditional GET needs: a validator and a modification time."""

    body: bytes
    etag: str
    updated: datetime


def entry_summary(article: Article) -> str:
    """The text of an entry: the plain summary, then the study year and kind of study."""
    return f"{article.summary}\n\nStudy year: {article.source_year}. {article.study_type_label}."


def build(
    *,
    feed_id: str,
    title: str,
    subtitle: str,
    page_url: str,
    self_url: str,
    articles: Sequence[Article],
) -> AtomDocument:
    """An Atom feed of `articles` (newest first, topics loaded), one entry each.

    `feed_id` is the feed's permanent id; `page_url` the web page the feed mirrors and
    `self_url` the feed's own address, both absolute. The feed's time is its newest
    article's, so the same articles always give the same bytes and the same ETag.
    """
    updated = max((a.published_at for a in articles), default=EPOCH)
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.subtitle(subtitle)
    fg.author({"name": SITE_NAME})
    fg.link(href=page_url, rel="alternate", type="text/html")
    fg.link(href=self_url, rel="self", type="application/atom+xml")
    fg.language("en")
    fg.updated(updated)
    for article in articles:
        url = external_url("articles.show", slug=article.slug)
        entry = fg.add_entry(order="append")
        entry.id(url)
        entry.title(article.title)
        entry.link(href=url, rel="alternate", type="text/html")
        entry.summary(entry_summary(article))
        entry.published(article.published_at)
        entry.updated(article.published_at)
        for topic in article.topics:
            entry.category(term=topic.slug, label=topic.name)
    body = fg.atom_str(pretty=True)
    return AtomDocument(body, hashlib.sha256(body).hexdigest(), updated)


def topic_feed(topic: Topic, articles: Sequence[Article]) -> AtomDocument:
    """The Atom feed of a topic page: its newest articles."""
    page_url = external_url("topics.show", slug=topic.slug)
    return build(
        feed_id=page_url,
        title=f"{topic.name} · {SITE_NAME}",
        subtitle=topic.description or f"New research about {topic.name}, in plain words.",
        page_url=page_url,
        self_url=external_url("feeds.topic", slug=topic.slug),
        articles=articles,
    )


def reader_feed(user_id: int, token: str, articles: Sequence[Article]) -> AtomDocument:
    """The Atom feed of a reader's own feed, at its private address (`token`)."""
    return build(
        # Stable across new addresses, so a feed reader keeps what it has already shown.
        feed_id=f"{external_url('feed.index')}#reader-{user_id}",
        title=f"My feed · {SITE_NAME}",
        subtitle="New research from the topics you follow, in plain words.",
        page_url=external_url("feed.index"),
        self_url=external_url("feeds.private", token=token),
        articles=articles,
    )
