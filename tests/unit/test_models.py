"""Model rules: UTC timestamps, one follow per reader and topic, labels shown to readers."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError, StatementError

from models import Article, Follow, Role, Topic, User, article_topics, db
from tests.factories import follow, make_article, make_topic, make_user


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def reload(obj):
    db.session.commit()
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def test_timestamps_come_back_as_the_same_instant_in_utc(ctx):
    paris = timezone(timedelta(hours=2))
    article = make_article(make_topic(), published_at=datetime(2025, 6, 1, 11, 30, tzinfo=paris))
    stored = reload(article).published_at
    assert stored == datetime(2025, 6, 1, 9, 30, tzinfo=UTC)
    assert stored.utcoffset() == timedelta(0)


def test_naive_timestamps_are_refused(ctx):
    # A naive datetime on purpose: it is what the column must refuse.
    naive = datetime(2025, 6, 1, 9, 30)  # noqa: DTZ001
    with pytest.raises(StatementError, match="naive datetime"):
        make_article(make_topic(), published_at=naive)


def test_created_and_updated_times_are_set_in_utc(ctx):
    before = datetime.now(UTC)
    user = reload(make_user())
    article = reload(make_article(make_topic()))
    assert before <= user.created_at <= datetime.now(UTC)
    assert before <= article.updated_at <= datetime.now(UTC)


def test_updated_at_moves_when_an_article_changes(ctx):
    article = reload(make_article(make_topic()))
    first = article.updated_at
    article.title = "A new title"
    assert reload(article).updated_at > first


def test_a_reader_follows_a_topic_once(ctx):
    user, topic = make_user(), make_topic()
    follow(user, topic)
    db.session.commit()
    with pytest.raises(IntegrityError):
        follow(user, topic)
    db.session.rollback()
    assert count(Follow) == 1


def test_emails_and_slugs_are_unique(ctx):
    make_user("reader@example.com")
    db.session.add(User(email="reader@example.com", password_hash="x", role="patient"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    make_topic("ebv")
    with pytest.raises(IntegrityError):
        make_topic("ebv")


def test_deleting_a_user_or_topic_removes_their_follows_and_links(ctx):
    user, ebv, diet = make_user(), make_topic("ebv"), make_topic("diet")
    make_article(ebv, diet)
    follow(user, ebv, diet)
    db.session.commit()
    db.session.execute(delete(Topic).where(Topic.slug == "ebv"))
    assert count(Follow) == 1
    assert db.session.scalar(select(func.count()).select_from(article_topics)) == 1
    db.session.execute(delete(User).where(User.id == user.id))
    assert count(Follow) == 0
    assert count(Article) == 1


@pytest.mark.parametrize(
    ("study_type", "label"),
    [
        ("randomized-trial", "Randomized controlled trial"),
        ("meta-analysis", "Pooled analysis of many studies"),
        ("lab-animal", "Lab study in animals"),
        ("guideline", "Expert guideline"),
    ],
)
def test_study_types_have_plain_labels(study_type, label):
    assert Article(study_type=study_type).study_type_label == label


@pytest.mark.parametrize(
    ("population", "label"),
    [("human", "People"), ("animal", "Animals"), ("human-and-animal", "People and animals"),
     ("cells", "Cells in a lab")],
)  # fmt: skip
def test_populations_have_plain_labels(population, label):
    assert Article(population=population).population_label == label


@pytest.mark.parametrize(
    ("participants", "label"),
    [(None, "not reported"), (1, "1"), (316, "316"), (1234, "1,234"), (2500000, "2,500,000")],
)
def test_participants_label(participants, label):
    assert Article(participants=participants).participants_label == label


def test_every_role_has_a_label_for_the_signup_form():
    assert {r.value for r in Role} == {"patient", "caregiver", "clinician", "other"}
    assert all(r.label and r.label != r.value for r in Role)
