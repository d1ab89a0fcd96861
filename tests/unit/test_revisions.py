"""Revisions (services/authoring.py): a snapshot of every editable field, stored as JSON."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Article, db
from models.editorial import ArticleRevision
from services import authoring
from tests.factories import make_article, make_topic
from tests.import_files import make_staff_user


def test_a_snapshot_holds_every_editable_field_and_the_topic_ids(ctx):
    ebv, diet = make_topic("ebv"), make_topic("diet")
    article = make_article(ebv, diet, source_pmid="12345678")
    data = authoring.snapshot(article)
    assert set(data) == set(authoring.EDITABLE)
    assert data["topic_ids"] == sorted([ebv.id, diet.id])
    assert (data["title"], data["source_pmid"]) == (article.title, "12345678")
    assert "status" not in data and "published_at" not in data


def test_record_stores_the_snapshot_by_its_author(ctx):
    writer = make_staff_user()
    article = make_article(make_topic("ebv"))
    authoring.record_revision(article, writer.id)
    article.title = "Changed later"
    db.session.commit()
    stored = db.session.scalar(select(ArticleRevision))
    assert (stored.article_id, stored.author_id) == (article.id, writer.id)
    assert stored.data["title"] != "Changed later"
    loaded = db.session.scalar(
        select(Article).options(selectinload(Article.topics)).where(Article.id == article.id)
    )
    assert stored.data == {**authoring.snapshot(loaded), "title": stored.data["title"]}
