"""services.demo: generated data is realistic, marked as generated, and removed alone."""

from collections import Counter

import pytest
from sqlalchemy import func, select

from models import (
    Article,
    ArticleRead,
    Digest,
    DigestItem,
    DigestPreference,
    Follow,
    SavedArticle,
    SearchDocument,
    Topic,
    User,
    article_topics,
    db,
)
from models.article import PUBLISHED
from models.topic import TOPIC_GROUPS
from services import accounts, demo, demo_text, search
from tests.factories import make_article, make_topic, make_user

SMALL = demo.Sizes(articles=200, users=100, topics=12)
PASSWORD = "a calm long passphrase"


def count(model, *criteria) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*criteria))


@pytest.fixture
def generated(ctx):
    counts = demo.generate(SMALL, seed=3, password=PASSWORD)
    db.session.commit()
    return counts


def test_generate_makes_the_sizes_asked_for_all_marked_as_generated(generated):
    assert generated["articles"] == count(Article, Article.is_generated) == 200
    assert generated["readers"] == count(User, User.is_generated) == 100
    assert generated["topics"] == count(Topic, Topic.is_generated) == 12
    emails = db.session.scalars(select(User.email)).all()
    assert all(e.endswith(f"@{demo.GENERATED_DOMAIN}") for e in emails)
    assert count(DigestPreference) == 100
    for kind, model in (("saves", SavedArticle), ("reads", ArticleRead), ("digests", Digest),
                        ("digest items", DigestItem), ("follows", Follow)):  # fmt: skip
        assert generated[kind] == count(model) > 0, kind


def test_readers_follow_3_to_15_topics_and_articles_sit_in_1_to_3(generated):
    follows = Counter(db.session.scalars(select(Follow.user_id)))
    assert len(follows) == 100
    assert min(follows.values()) >= 3 and max(follows.values()) <= min(15, SMALL.topics)
    placed = Counter(db.session.scalars(select(article_topics.c.article_id)))
    assert len(placed) == 200
    assert set(placed.values()) <= {1, 2, 3} and len(set(placed.values())) > 1


def test_topics_are_grouped_like_the_real_ones(generated):
    groups = set(db.session.scalars(select(Topic.condition_group)))
    assert groups <= set(TOPIC_GROUPS) and len(groups) > 1


def test_readers_share_one_password_hash_that_logs_in(generated):
    assert len(set(db.session.scalars(select(User.password_hash)))) == 1
    reader = db.session.scalar(select(User).order_by(User.id).limit(1))
    assert accounts.authenticate(reader.email, PASSWORD) is not None
    assert accounts.authenticate(reader.email, "another long passphrase") is None


def test_without_a_password_no_generated_account_can_be_logged_into(ctx):
    demo.generate(demo.Sizes(articles=5, users=3, topics=3), password=None)
    reader = db.session.scalar(select(User).limit(1))
    assert accounts.authenticate(reader.email, PASSWORD) is None


def test_published_articles_are_searchable_with_the_rare_and_the_common_word(generated):
    published = count(Article, Article.status == PUBLISHED)
    assert 0 < published < 200  # a few are still drafts or in review
    assert count(SearchDocument) == published
    assert search.search(demo_text.COMMON_WORD).total > 20
    rare = search.search(demo_text.RARE_WORD).articles
    assert len(rare) == demo_text.RARE_TITLES
    assert all(demo_text.RARE_WORD in a.title.lower() for a in rare)


@pytest.mark.parametrize("articles", [12, 50, 333])
def test_the_rare_word_is_in_the_same_number_of_published_titles_at_any_size(ctx, articles):
    demo.generate(demo.Sizes(articles=articles, users=2, topics=3), password=None)
    rare = search.search(demo_text.RARE_WORD, per_page=50).articles
    assert len(rare) == demo_text.RARE_TITLES


def test_the_same_seed_gives_the_same_data(ctx):
    def titles(seed):
        demo.generate(demo.Sizes(articles=30, users=5, topics=5), seed=seed)
        return db.session.scalars(select(Article.title).order_by(Article.slug)).all()

    assert titles(1) == titles(1)
    assert titles(1) != titles(2)


def test_real_content_counts_what_was_not_generated_and_ignores_samples(ctx):
    demo.generate(demo.Sizes(articles=10, users=5, topics=3))
    assert demo.real_content() == {"articles": 0, "accounts": 0}
    topic = make_topic()
    make_article(topic, is_sample=True)
    assert demo.real_content() == {"articles": 0, "accounts": 0}
    make_article(topic)
    make_user("someone@example.com")
    assert demo.real_content() == {"articles": 1, "accounts": 1}


def test_clear_removes_generated_rows_only(ctx):
    topic = make_topic("ebv")
    real = make_article(topic, title="A real summary")
    person = make_user("someone@example.com")
    db.session.add(Follow(user_id=person.id, topic_id=topic.id))
    db.session.commit()
    demo.generate(SMALL, seed=1)
    db.session.commit()
    cleared = demo.clear()
    db.session.commit()
    assert cleared == {"articles": 200, "topics": 12, "readers": 100}
    assert db.session.scalars(select(Article.id)).all() == [real.id]
    assert db.session.scalars(select(User.email)).all() == ["someone@example.com"]
    assert db.session.scalars(select(Topic.slug)).all() == ["ebv"]
    assert count(Follow) == 1 and count(SearchDocument) == 1
    assert count(SavedArticle) == count(ArticleRead) == count(Digest) == 0
    assert [a.slug for a in search.search("real summary").articles] == [real.slug]


def test_generating_again_replaces_the_generated_rows(ctx):
    demo.generate(demo.Sizes(articles=20, users=10, topics=4))
    demo.generate(demo.Sizes(articles=8, users=3, topics=2))
    assert demo.generated_counts() == {"articles": 8, "topics": 2, "readers": 3}


def test_topic_slugs_already_taken_get_a_suffix(ctx):
    make_topic("brain-iron", "Brain iron")
    demo.generate(demo.Sizes(articles=5, users=1, topics=2))
    slugs = set(db.session.scalars(select(Topic.slug).where(Topic.is_generated)))
    assert slugs == {"brain-iron-2", "aquaporin-4-antibodies"}


def test_the_progress_reported_adds_up_to_the_steps(ctx):
    sizes = demo.Sizes(articles=30, users=12, topics=4)
    done = []
    demo.generate(sizes, progress=done.append)
    assert sum(done) == sizes.steps
