"""Each article's numbers: views, readers, saves, digest clicks and helpful yes / no."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from models import Article, Digest, DigestItem, Feedback, db
from services import articles, impact
from tests.conftest import count_queries
from tests.factories import make_article, make_user, read, save

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def _digest(user, *items):
    """A sent digest for `user` listing (article, clicked) pairs."""
    digest = Digest(user_id=user.id, period=f"p-{user.id}", status="sent", covered_until=T0)
    db.session.add(digest)
    db.session.flush()
    for position, (article, clicked) in enumerate(items):
        db.session.add(
            DigestItem(
                digest_id=digest.id,
                article_id=article.id,
                position=position,
                clicked_at=T0 if clicked else None,
            )
        )
    db.session.flush()


def _feedback(article, *answers):
    db.session.add_all(Feedback(article_id=article.id, helpful=a) for a in answers)
    db.session.flush()


def test_numbers_are_counted_per_article_from_each_table(ctx):
    busy = make_article(title="Busy", view_count=40)
    quiet = make_article(title="Quiet", view_count=3)
    unseen = make_article(title="Unseen")
    make_article(title="Draft", status="draft", view_count=99)
    ann, bob, cy = make_user("a@example.com"), make_user("b@example.com"), make_user("c@x.org")
    for user in (ann, bob, cy):
        read(user, busy)
    read(ann, quiet)
    save(ann, busy)
    save(bob, busy)
    save(cy, quiet)
    _digest(ann, (busy, True), (quiet, False))
    _digest(bob, (busy, True), (quiet, True))
    _digest(cy, (busy, False))
    _feedback(busy, True, True, False)
    _feedback(quiet, False)

    rows = {r.title: r for r in impact.page().rows}
    assert set(rows) == {"Busy", "Quiet", "Unseen"}, "drafts have no readers to count"
    got = {
        title: (r.views, r.readers, r.saves, r.digest_clicks, r.helpful, r.not_helpful)
        for title, r in rows.items()
    }
    assert got == {
        "Busy": (40, 3, 2, 2, 2, 1),
        "Quiet": (3, 1, 1, 1, 0, 1),
        "Unseen": (0, 0, 0, 0, 0, 0),
    }
    assert rows["Busy"].slug == busy.slug and rows["Unseen"].id == unseen.id


def test_most_viewed_first_or_newest_first(ctx):
    old = make_article(title="Old", view_count=10, published_at=T0 - timedelta(days=9))
    new = make_article(title="New", view_count=1, published_at=T0 - timedelta(days=1))
    mid = make_article(title="Mid", view_count=5, published_at=T0 - timedelta(days=5))
    gone = make_article(title="Gone", status="unpublished", view_count=7, published_at=T0)
    assert [r.id for r in impact.page(sort=impact.VIEWS).rows] == [old.id, gone.id, mid.id, new.id]
    assert [r.id for r in impact.page(sort=impact.NEWEST).rows] == [
        gone.id,
        new.id,
        mid.id,
        old.id,
    ]


def test_pages_of_a_fixed_size_in_one_statement_each(ctx):
    made = [make_article(view_count=n) for n in range(7)]
    with count_queries() as statements:
        first = impact.page(1, size=3)
    assert len(statements) == 1
    second, last = impact.page(2, size=3), impact.page(3, size=3)
    assert [len(p.rows) for p in (first, second, last)] == [3, 3, 1]
    assert (first.has_next, second.has_next, last.has_next) == (True, True, False)
    shown = [r.id for p in (first, second, last) for r in p.rows]
    assert shown == [a.id for a in reversed(made)]
    assert impact.page(0, size=3).number == 1
    assert impact.page(10**12, size=3).rows == []


def test_count_view_adds_one_in_the_database_without_reading_the_row(ctx):
    article = make_article(view_count=5)
    article_id, updated_at = article.id, article.updated_at
    db.session.commit()
    with count_queries() as statements:
        articles.count_view(article_id)
        articles.count_view(article_id)
    assert len(statements) == 2
    assert all(s.lstrip().upper().startswith("UPDATE") for s in statements)
    assert "view_count + " in statements[0]
    db.session.commit()
    stored = db.session.execute(
        select(Article.view_count, Article.updated_at).where(Article.id == article_id)
    ).one()
    assert tuple(stored) == (7, updated_at), "a view is no edit of the article"


def test_staff_visits_mark_read_but_are_not_views(ctx):
    article = make_article()
    staff, reader = make_user("s@example.com"), make_user("r@example.com")
    staff.staff_role = "reviewer"
    articles.record_visit(article.id, staff)
    articles.record_visit(article.id, reader)
    articles.record_visit(article.id, None)
    db.session.commit()
    row = impact.page().rows[0]
    assert (row.views, row.readers) == (2, 2)
