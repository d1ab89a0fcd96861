"""The content loader (services/content.py): validation first, then an idempotent upsert."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models import Article, Topic, db
from services.content import ContentError, load_content, read_content, reading_minutes
from tests.content_files import (
    REAL_CONTENT,
    TOPICS,
    article_data,
    make_content,
    real_article_slugs,
    real_topic_slugs,
    write_article,
    write_topics,
)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def article(slug: str) -> Article:
    stmt = select(Article).options(selectinload(Article.topics)).where(Article.slug == slug)
    return db.session.scalar(stmt)


def problems_for(root) -> list[str]:
    with pytest.raises(ContentError) as error:
        read_content(root)
    return error.value.problems


def test_the_real_content_folder_loads(ctx):
    report = load_content(REAL_CONTENT)
    db.session.commit()
    assert sorted(report.created) == sorted(
        [f"topic {s}" for s in real_topic_slugs()] + real_article_slugs()
    )
    assert count(Topic) == len(real_topic_slugs())
    assert count(Article) == len(real_article_slugs())


def test_loading_the_same_files_again_changes_nothing(ctx, tmp_path):
    root = make_content(tmp_path, article_data("one"), article_data("two", topics=["ebv", "diet"]))
    load_content(root)
    db.session.commit()
    stamps = {a.slug: a.updated_at for a in db.session.scalars(select(Article))}
    db.session.expire_all()
    report = load_content(root)
    db.session.commit()
    assert (report.created, report.updated, sorted(report.unchanged)) == ([], [], ["one", "two"])
    assert {a.slug: a.updated_at for a in db.session.scalars(select(Article))} == stamps


def test_changed_fields_and_topics_are_updated(ctx, tmp_path):
    root = make_content(tmp_path, article_data("one"), article_data("two"))
    load_content(root)
    db.session.commit()
    write_article(root, article_data("one", title="New title", topics=["diet"]))
    report = load_content(root)
    db.session.commit()
    assert (report.created, report.updated, report.unchanged) == ([], ["one"], ["two"])
    assert article("one").title == "New title"
    assert [t.slug for t in article("one").topics] == ["diet"]


def test_a_new_file_is_created_beside_existing_ones(ctx, tmp_path):
    root = make_content(tmp_path, article_data("one"))
    load_content(root)
    write_article(root, article_data("two"))
    report = load_content(root)
    assert (report.created, report.unchanged) == (["two"], ["one"])


def test_fields_are_stored_as_written(ctx, tmp_path):
    data = article_data(
        "one",
        status="draft",
        sample=False,
        published=datetime(2025, 3, 4, 18, 0, tzinfo=UTC),
        evidence={"study_type": "randomized-trial", "phase": "2/3", "population": "human"},
    )
    load_content(make_content(tmp_path, data))
    stored = article("one")
    assert stored.status == "draft"
    assert stored.is_sample is False
    assert stored.published_at == datetime(2025, 3, 4, 18, 0, tzinfo=UTC)
    assert (stored.study_type, stored.phase, stored.participants) == (
        "randomized-trial",
        "2/3",
        None,
    )
    assert stored.questions == data["questions"]
    assert stored.for_caregivers == "For caregivers."


def test_a_plain_date_is_published_at_nine_utc_and_sample_defaults_on(ctx, tmp_path):
    load_content(make_content(tmp_path, article_data("one", published=date(2025, 3, 4))))
    assert article("one").published_at == datetime(2025, 3, 4, 9, 0, tzinfo=UTC)
    assert article("one").is_sample is True


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (1, 1), (200, 1), (201, 2), (1000, 5)])
def test_reading_time_is_two_hundred_words_a_minute(words, minutes):
    assert reading_minutes("word " * words) == minutes


def test_reading_time_counts_every_section(ctx, tmp_path):
    text = "word " * 150
    data = article_data("one", found=text, limitations=text)
    load_content(make_content(tmp_path, data))
    assert article("one").reading_minutes == 2


BAD = [
    ({"title": None}, "title"),
    ({"title": "   "}, "title"),
    ({"summary": None}, "summary"),
    ({"published": None}, "published"),
    ({"published": "2025-03-04"}, "published"),
    ({"topics": []}, "topics"),
    ({"topics": ["ebv", "diet", "ebv", "diet"]}, "topics"),
    ({"topics": ["no-such-topic"]}, "topics"),
    ({"status": "hidden"}, "status"),
    ({"sample": "yes"}, "sample"),
    ({"questions": "Why?"}, "questions"),
    ({"questions": ["Why?", ""]}, "questions"),
    ({"colour": "red"}, "colour"),
    ({"matters": None}, "matters"),
    ({"matters": {"patients": "p", "caregivers": "c"}}, "matters.clinicians"),
    ({"evidence": {"study_type": "rumour", "population": "human"}}, "evidence.study_type"),
    ({"evidence": {"study_type": "review", "population": "aliens"}}, "evidence.population"),
    ({"evidence": {"study_type": "review", "population": "human", "phase": "5"}},
     "evidence.phase"),
    ({"evidence": {"study_type": "review", "population": "human", "participants": 0}},
     "evidence.participants"),
    ({"evidence": {"study_type": "review", "population": "human", "participants": -3}},
     "evidence.participants"),
    ({"evidence": {"study_type": "review", "population": "human", "participants": "120"}},
     "evidence.participants"),
    ({"evidence": {"study_type": "review", "population": "human", "participants": True}},
     "evidence.participants"),
    ({"evidence": {"study_type": "review", "population": "human", "size": 3}}, "evidence.size"),
    ({"source": {"journal": "Brain", "year": 2024, "url": "http://pubmed.example"}}, "source.url"),
    ({"source": {"journal": "Brain", "year": "2024", "url": "https://x.example"}}, "source.year"),
    ({"source": {"journal": "Brain", "year": 2999, "url": "https://x.example"}}, "source.year"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "field"), BAD, ids=[f"{b[1]}-{i}" for i, b in enumerate(BAD)])
def test_malformed_articles_are_reported_by_file_and_field(ctx, tmp_path, changes, field):
    data = {k: v for k, v in article_data("broken", **changes).items() if v is not None}
    root = make_content(tmp_path, article_data("good"), data)
    problems = problems_for(root)
    assert any(p.startswith(f"broken.toml: {field}: ") for p in problems), problems
    assert not any(p.startswith("good.toml") for p in problems)
    with pytest.raises(ContentError):
        load_content(root)
    assert (count(Topic), count(Article)) == (0, 0)


def test_slug_must_match_the_file_name(ctx, tmp_path):
    root = make_content(tmp_path)
    write_article(root, article_data("one"), file_name="another-name.toml")
    assert any(p.startswith("another-name.toml: slug: ") for p in problems_for(root))


def test_invalid_toml_is_reported_with_the_file_name(ctx, tmp_path):
    root = make_content(tmp_path, article_data("good"))
    (root / "articles" / "bad.toml").write_text('title = "not closed\n', encoding="utf-8")
    assert any(p.startswith("bad.toml: file: not valid TOML") for p in problems_for(root))


@pytest.mark.parametrize(
    ("topics", "field"),
    [
        ([{"slug": "Bad Slug", "name": "N", "description": "D"}], "topic[0].slug"),
        ([{"slug": "ok", "description": "D"}], "topic[0].name"),
        ([], "topic"),
        ([{"slug": "ok", "name": "N", "description": "D", "group": "MS"}], "topic[0].group"),
        ([{"slug": "ok", "name": "N", "description": "D", "group": 1}], "topic[0].group"),
        ([{"slug": "ok", "name": "N", "description": "D", "starter": "yes"}], "topic[0].starter"),
        ([{"slug": "ok", "name": "N", "description": "D", "starer": True}], "topic[0].starer"),
    ],
)
def test_malformed_topics_are_reported(ctx, tmp_path, topics, field):
    write_topics(tmp_path, topics)
    write_article(tmp_path, article_data("one", topics=["ok"]))
    assert any(p.startswith(f"topics.toml: {field}: ") for p in problems_for(tmp_path))


def test_topic_groups_and_starters_load_and_a_reload_puts_them_back(ctx, tmp_path):
    ebv = {**TOPICS[0], "group": "ms", "starter": True}
    root = make_content(tmp_path, article_data("one"))
    write_topics(root, [ebv, TOPICS[1]])
    load_content(root)
    db.session.commit()
    placed = {t.slug: (t.condition_group, t.is_starter) for t in db.session.scalars(select(Topic))}
    assert placed == {"ebv": ("ms", True), "diet": ("shared", False)}
    topic = db.session.scalar(select(Topic).where(Topic.slug == "ebv"))
    topic.condition_group, topic.is_starter = "mogad", False  # an admin moved it
    db.session.commit()
    report = load_content(root)
    assert report.updated == ["topic ebv"]
    assert (topic.condition_group, topic.is_starter) == ("ms", True)
    assert load_content(root).updated == []


def test_the_sample_topics_offer_a_short_start_for_every_condition(ctx):
    rows = read_content(REAL_CONTENT)[0]
    starters = [t for t in rows if t["is_starter"]]
    assert 3 <= len(starters) <= 5
    assert {"ms", "nmosd", "mogad"} <= {t["condition_group"] for t in starters}
    assert {"ms", "nmosd", "mogad", "shared"} == {t["condition_group"] for t in rows}


def test_missing_folders_are_reported(ctx, tmp_path):
    assert any("topics.toml" in p for p in problems_for(tmp_path))
    write_topics(tmp_path)
    assert any("no article files" in p for p in problems_for(tmp_path))
