"""Article cards are kept once rendered (blueprints/cards.py), and never shown stale or
with another reader's token or another page's return address."""

import re

import pytest
from sqlalchemy import update

from blueprints import cards
from models import Article, Topic, db
from tests.conftest import Auth
from tests.factories import follow, make_article, make_topic, make_user

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def world(seed):
    with seed():
        ms, fatigue = make_topic("relapses", "Relapses"), make_topic("fatigue", "Fatigue")
        article = make_article(ms, fatigue, slug="walking", title="Walking and relapses")
        for email in ("one@example.com", "two@example.com"):
            follow(make_user(email), ms)
    return article


def signed_in(app, email: str):
    client = app.test_client()
    assert Auth(client).login(email).status_code == 302
    client.get("/")  # uses up the "You are logged in" message
    return client


def card(html: str, slug: str = "walking") -> str:
    pattern = rf'<article class="card[^"]*".*?/articles/{slug}".*?</article>'
    [found] = re.findall(pattern, html, re.S)
    return found


def misses(app) -> int:
    return app.extensions[cards.KEY].misses


def test_a_list_shown_again_renders_no_card_again(app, world):
    client = signed_in(app, "one@example.com")
    first = client.get("/").get_data(as_text=True)
    before = misses(app)
    again = client.get("/").get_data(as_text=True)
    assert misses(app) == before
    assert card(again) == card(first)


def test_each_reader_gets_their_own_token_in_a_shared_card(app, world):
    one, two = signed_in(app, "one@example.com"), signed_in(app, "two@example.com")
    card_one = card(one.get("/").get_data(as_text=True))
    before = misses(app)
    card_two = card(two.get("/").get_data(as_text=True))
    assert misses(app) == before, "the same card for both readers"
    [token_one], [token_two] = TOKEN.findall(card_one), TOKEN.findall(card_two)
    assert token_one != token_two
    assert "mark-" not in card_two
    # The second reader's card works for them: its form saves the article.
    response = two.post("/articles/walking/save", data={"csrf_token": token_two, "next": "/"})
    assert response.status_code == 302
    assert 'aria-pressed="true"' in card(two.get("/").get_data(as_text=True))
    assert 'aria-pressed="false"' in card(one.get("/").get_data(as_text=True))


def test_the_card_returns_to_the_page_it_is_on(app, world):
    client = signed_in(app, "one@example.com")
    on_feed = card(client.get("/?hide_read=1").get_data(as_text=True))
    on_topic = card(client.get("/topics/relapses").get_data(as_text=True))
    assert 'name="next" type="hidden" value="/?hide_read=1"' in on_feed
    assert 'name="next" type="hidden" value="/topics/relapses"' in on_topic


def test_a_changed_title_or_topic_name_shows_at_once(app, world, seed):
    client = signed_in(app, "one@example.com")
    assert "Walking and relapses" in card(client.get("/").get_data(as_text=True))
    with seed():
        db.session.execute(update(Article).values(title="Walking, relapses and rest"))
    shown = card(client.get("/").get_data(as_text=True))
    assert "Walking, relapses and rest" in shown and "Fatigue" in shown
    with seed():
        db.session.execute(update(Topic).where(Topic.slug == "fatigue").values(name="Tiredness"))
    shown = card(client.get("/").get_data(as_text=True))
    assert "Tiredness" in shown and "Fatigue" not in shown


def test_the_readers_marks_follow_what_they_do(app, world, seed):
    client = signed_in(app, "one@example.com")
    shown = card(client.get("/").get_data(as_text=True))
    assert shown.count("(you follow this)") == 1 and "tag-read" not in shown
    client.get("/articles/walking")
    assert "tag-read" in card(client.get("/").get_data(as_text=True))
    token = TOKEN.search(shown)[1]
    client.post("/topics/fatigue/follow", data={"csrf_token": token, "next": "/"})
    assert card(client.get("/").get_data(as_text=True)).count("(you follow this)") == 2


def test_search_results_keep_their_own_excerpt(app, seed):
    with seed():
        make_article(make_topic(), slug="balance", title="Balance training",
                     found="Balance exercises at home helped people walk further.")  # fmt: skip
    client = app.test_client()
    by_word = {q: card(client.get(f"/search?q={q}").get_data(as_text=True), "balance")
               for q in ("balance", "walk")}  # fmt: skip
    assert "<mark>Balance</mark> exercises" in by_word["balance"]
    assert "people <mark>walk</mark> further" in by_word["walk"]
    assert "<mark>Balance</mark>" not in by_word["walk"]


def test_the_oldest_cards_are_dropped_past_the_limit(app):
    store = cards.CardCache(app, size=2)
    with app.test_request_context("/"):
        made = [store.card((n,), lambda n=n: f"card {n}") for n in range(3)]
        assert store.card((2,), lambda: "not rendered again") == "card 2"
    assert made == ["card 0", "card 1", "card 2"]
    assert store.misses == 3
    assert store.card((0,), lambda: "card 0 again") == "card 0 again"
