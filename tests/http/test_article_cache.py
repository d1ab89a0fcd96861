"""The article page from its title to the related articles is kept once rendered
(blueprints/article_page.py), and never shown stale, with another reader's part or token,
or with another page's return address."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import update
from sqlalchemy.orm import selectinload

from blueprints import cards
from models import Article, Topic, User, db
from tests.conftest import Auth, without_tokens
from tests.factories import make_article, make_staff, make_topic, make_user, save

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
URL = "/articles/walking"


@pytest.fixture
def world(seed):
    with seed():
        relapses, fatigue = make_topic("relapses", "Relapses"), make_topic("fatigue", "Fatigue")
        make_article(relapses, slug="walking", title="Walking and relapses", is_sample=True)
        make_article(fatigue, slug="resting", title="Resting after a relapse")
        make_user("one@example.com")
        make_user("two@example.com")
        make_user("carer@example.com", role="caregiver")


def signed_in(app, email: str):
    client = app.test_client()
    assert Auth(client).login(email).status_code == 302
    client.get("/")  # uses up the "You are logged in" message
    return client


def content(client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html[html.index('<article class="article"') : html.index("</main>")]


def misses(app) -> int:
    return app.extensions[cards.KEY].misses


def test_an_article_shown_again_is_not_rendered_again(app, world):
    client = signed_in(app, "one@example.com")
    first = content(client)
    before = misses(app)
    assert without_tokens(content(client)) == without_tokens(first)
    assert misses(app) == before
    assert "Walking and relapses" in first and "Question one?" in first


def test_two_readers_share_it_with_their_own_token_and_page(app, world):
    one, two = signed_in(app, "one@example.com"), signed_in(app, "two@example.com")
    shown_one = content(one)
    before = misses(app)
    shown_two = content(two, URL + "?version=short")
    shown_two_full = content(two)
    assert misses(app) == before + 1, "only the short version is new"
    assert "mark-" not in shown_one + shown_two + shown_two_full
    assert f'name="next" type="hidden" value="{URL}"' in shown_one
    assert f'name="next" type="hidden" value="{URL}?version=short"' in shown_two
    token_one, token_two = TOKEN.search(shown_one)[1], TOKEN.search(shown_two_full)[1]
    assert token_one != token_two
    # The second reader's Save button works for them, and shows at once.
    response = two.post(URL + "/save", data={"csrf_token": token_two, "next": URL})
    assert response.status_code == 302
    assert 'aria-pressed="true"' in content(two)
    assert 'aria-pressed="false"' in content(one)


def test_no_token_of_a_request_is_kept(app, world, seed):
    with seed():
        user = db.session.scalar(db.select(User).where(User.email == "one@example.com"))
        save(user, db.session.scalar(db.select(Article).where(Article.slug == "walking")))
    shown = content(signed_in(app, "one@example.com"))
    tokens = set(re.findall(r'csrf_token" type="hidden" value="([^"]+)"', shown))
    assert len(tokens) == 1, "the Save, Hide, note and feedback forms share the page's token"
    token = tokens.pop()
    kept = list(app.extensions[cards.KEY]._cards.values())
    assert kept and not any(token in html for html in kept)


def test_the_readers_role_and_note_show(app, world, seed):
    patient, carer = signed_in(app, "one@example.com"), signed_in(app, "carer@example.com")
    assert re.search(
        r'aud-patient">People living with the condition <span class="tag tag-you"', content(patient)
    )
    shown = content(carer)
    assert re.search(r'aud-caregiver">Caregivers and family <span class="tag tag-you"', shown)
    assert "Questions to ask at the next appointment of the person you care for" in shown
    with seed():
        user = db.session.scalar(db.select(User).where(User.email == "one@example.com"))
        saved = save(user, db.session.scalar(db.select(Article).where(Article.slug == "walking")))
        saved.note = "Ask about the walking test"
    assert "Ask about the walking test" in content(patient)
    assert "Ask about the walking test" not in content(signed_in(app, "two@example.com"))


def change(model, where, **values) -> None:
    """An UPDATE that leaves `updated_at` alone, so only the changed value can make a new key."""
    if hasattr(model, "updated_at"):
        values["updated_at"] = model.updated_at
    db.session.execute(update(model).where(where).values(values))


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ({"title": "Walking, relapses and rest"}, "Walking, relapses and rest"),
        (
            {
                "update_note": "A new study was added.",
                "update_noted_at": datetime(2026, 11, 1, tzinfo=UTC),
            },
            "A new study was added.",
        ),
        ({"source_pmid": "12345678"}, "PMID 12345678"),
    ],
)
def test_a_changed_article_shows_at_once(app, world, seed, values, shown):
    client = signed_in(app, "one@example.com")
    content(client)
    with seed():
        change(Article, Article.slug == "walking", **values)
    assert shown in content(client)


def test_topics_reviewer_and_related_articles_show_at_once(app, world, seed):
    client = signed_in(app, "one@example.com")
    with seed():
        reviewer = make_staff("reviewer@example.com", role="reviewer", name="Dr A. Example")
        change(Article, Article.slug == "walking", reviewed_by_id=reviewer.id,
               reviewed_at=datetime(2026, 11, 2, tzinfo=UTC))  # fmt: skip
        resting = db.session.scalar(
            db.select(Article)
            .options(selectinload(Article.topics))
            .where(Article.slug == "resting")
        )
        resting.topics.append(db.session.scalar(db.select(Topic).where(Topic.slug == "relapses")))
    shown = content(client)
    assert "Reviewed by Dr A. Example" in shown and "Resting after a relapse" in shown
    steps = [
        (Topic, Topic.slug == "relapses", {"name": "Attacks"}, ">Attacks</a>"),
        (
            User,
            User.email == "reviewer@example.com",
            {"display_name": "Dr B. Example"},
            "Dr B. Example",
        ),
        (Article, Article.slug == "resting", {"title": "Rest and relapses"}, "Rest and relapses"),
    ]
    for model, where, values, shown in steps:
        with seed():
            change(model, where, **values)
        assert shown in content(client)


def test_feedback_thanks_show_once_and_the_sample_note_can_be_hidden(app, world):
    client = signed_in(app, "one@example.com")
    shown = content(client)
    assert "Sample content, written for Plainly" in shown
    token = TOKEN.search(shown)[1]
    client.post(URL + "/feedback", data={"csrf_token": token, "helpful": "yes"})
    thanked = content(client)
    assert "flash flash-success" in thanked and "feedback-form" not in thanked
    again = content(client)
    assert "flash flash-success" not in again and "feedback-form" in again
    client.post("/banners/sample/dismiss", data={"csrf_token": token, "next": URL})
    assert "Sample content, written for Plainly" not in content(client)


def test_a_visitor_sees_no_reader_part(app, world):
    signed_in(app, "one@example.com").get(URL)
    shown = content(app.test_client())
    assert "Save this article to keep it" not in shown and "Your note" not in shown
