"""Links in digests: recording clicks, the "from your digest" bar and per-digest counts.

Only the reader a link was made for, signed in, confirms a click: that marks the article read
and shows the digest bar. Anyone else who opens the link (a mail scanner fetching it with no
cookie, someone the email was forwarded to) only adds an unconfirmed click and sees the
article alone, never what the reader's digest holds.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import distinct, func, select, update

from models import Article, Digest, DigestItem, db
from models.digest import FAILED, SENDING, SENT
from services import reads, tokens
from services.feed import published_filter


@dataclass(frozen=True)
class DigestLink:
    user_id: int
    article_id: int
    digest_id: int


@dataclass(frozen=True)
class DigestBar:
    position: int
    total: int
    next_title: str | None
    next_token: str | None


def parse(token: str | None) -> DigestLink | None:
    """The reader, article and digest a genuine click token names, or None."""
    payload = tokens.load(tokens.DIGEST_CLICK, token) if token else None
    ids = [tokens.int_field(payload, key) for key in ("u", "a", "d")]
    return DigestLink(*ids) if None not in ids else None


def click_token(link: DigestLink) -> str:
    """The signed token of a digest link, naming the reader, the article and the digest."""
    payload = {"u": link.user_id, "a": link.article_id, "d": link.digest_id}
    return tokens.make(tokens.DIGEST_CLICK, payload)


def _items(digest_id: int, user_id: int):
    """The visible articles of one reader's digest, in the order the email listed them."""
    return (
        select(DigestItem.article_id, Article.slug, Article.title)
        .join(Digest, Digest.id == DigestItem.digest_id)
        .join(Article, Article.id == DigestItem.article_id)
        .where(DigestItem.digest_id == digest_id, Digest.user_id == user_id, published_filter())
        .order_by(DigestItem.position)
    )


@dataclass(frozen=True)
class Click:
    slug: str
    confirmed: bool  # opened by the link's own reader, signed in


def record_click(token: str, now: datetime, reader_id: int | None) -> Click | None:
    """Count a click on a digest link: for its own reader (`reader_id`, None when nobody
    is signed in) the first click counts and the article is marked read; any other open
    adds an unconfirmed click. Not committed.

    Returns the article to open, or None for a bad or foreign token.
    """
    link = parse(token)
    if link is None:
        return None
    stmt = _items(link.digest_id, link.user_id).where(DigestItem.article_id == link.article_id)
    row = db.session.execute(stmt).first()
    if row is None:
        return None
    item = (DigestItem.digest_id == link.digest_id, DigestItem.article_id == link.article_id)
    confirmed = reader_id == link.user_id
    if confirmed:
        first = update(DigestItem).where(*item, DigestItem.clicked_at.is_(None))
        db.session.execute(first.values(clicked_at=now))
        reads.mark_read(link.user_id, link.article_id)
    else:
        more = DigestItem.unconfirmed_clicks + 1
        db.session.execute(update(DigestItem).where(*item).values(unconfirmed_clicks=more))
    return Click(row.slug, confirmed)


def digest_bar(token: str | None, article_id: int, reader_id: int | None) -> DigestBar | None:
    """Where this article sits in the digest it was opened from, and the next one: only
    for the reader the digest was for (`reader_id`, None for a visitor)."""
    link = parse(token)
    if link is None or link.article_id != article_id or link.user_id != reader_id:
        return None
    items = db.session.execute(_items(link.digest_id, link.user_id)).all()
    ids = [row.article_id for row in items]
    if article_id not in ids:
        return None
    index = ids.index(article_id)
    if index + 1 == len(items):
        return DigestBar(index + 1, len(items), None, None)
    following = items[index + 1]
    next_link = DigestLink(link.user_id, following.article_id, link.digest_id)
    return DigestBar(index + 1, len(items), following.title, click_token(next_link))


@dataclass
class PeriodStats:
    period: str
    sent: int = 0
    failed: int = 0
    interrupted: int = 0
    clicked_users: int = 0
    unconfirmed: int = 0  # opens without the reader's session: scanners, forwarded emails
    articles: list[tuple[str, int]] | None = None  # (title, clicks), most clicked first


def stats(periods: int = 10) -> list[PeriodStats]:
    """Counts for the latest periods: digests sent, readers who clicked (confirmed clicks),
    unconfirmed opens, and confirmed clicks per article."""
    latest = select(Digest.period).group_by(Digest.period).order_by(Digest.period.desc())
    recent = list(db.session.scalars(latest.limit(periods)))
    table = {p: PeriodStats(p, articles=[]) for p in recent}
    by_status = (
        select(Digest.period, Digest.status, func.count())
        .where(Digest.period.in_(recent))
        .group_by(Digest.period, Digest.status)
    )
    field = {SENT: "sent", FAILED: "failed", SENDING: "interrupted"}
    for period, status, n in db.session.execute(by_status):
        setattr(table[period], field[status], n)
    clicked = DigestItem.clicked_at.is_not(None)
    users = (
        select(Digest.period, func.count(distinct(Digest.user_id)))
        .join(DigestItem, DigestItem.digest_id == Digest.id)
        .where(Digest.period.in_(recent), clicked)
        .group_by(Digest.period)
    )
    for period, n in db.session.execute(users):
        table[period].clicked_users = n
    unconfirmed = (
        select(Digest.period, func.sum(DigestItem.unconfirmed_clicks))
        .join(DigestItem, DigestItem.digest_id == Digest.id)
        .where(Digest.period.in_(recent))
        .group_by(Digest.period)
    )
    for period, n in db.session.execute(unconfirmed):
        table[period].unconfirmed = n or 0
    per_article = (
        select(Digest.period, Article.title, func.count().label("clicks"))
        .join(DigestItem, DigestItem.digest_id == Digest.id)
        .join(Article, Article.id == DigestItem.article_id)
        .where(Digest.period.in_(recent), clicked)
        .group_by(Digest.period, Article.id, Article.title)
        .order_by(Digest.period, func.count().desc(), Article.title)
    )
    for period, title, n in db.session.execute(per_article):
        table[period].articles.append((title, n))
    return list(table.values())
