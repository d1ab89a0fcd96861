"""Article cards are kept once rendered (blueprints/cards.py), and never shown stale or
with another reader's token or another page's return address."""

import re

import pytest
from sqlalchemy import update

from blueprints import cards
from models import Article, Topic, User, db
from tests.conftest import Auth, without_tokens
from tests.factories import follow, make_article, make_topic, make_user, save

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
    assert without_tokens(card(again)) == without_tokens(card(first))


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


# Saved-list entries, with their note editors, are kept the same way.

NOTE_TOKEN = re.compile(r'name="(note-\d+-csrf_token)" type="hidden" value="([^"]+)"')


@pytest.fixture
def saved_world(seed, world):
    with seed():
        one = db.session.scalar(db.select(User).where(User.email == "one@example.com"))
        two = db.session.scalar(db.select(User).where(User.email == "two@example.com"))
        article = db.session.get(Article, world.id)
        return save(one, article, note="Ask about the walking test").id, save(two, article).id


def entry(html: str, saved_id: int) -> str:
    [found] = re.findall(
        rf'<article class="card saved-item" id="saved-{saved_id}".*?</article>', html, re.S
    )
    return found


def test_a_saved_list_shown_again_renders_no_entry_again(app, saved_world):
    one_id, _ = saved_world
    client = signed_in(app, "one@example.com")
    first = client.get("/saved").get_data(as_text=True)
    before = misses(app)
    again = client.get("/saved").get_data(as_text=True)
    assert misses(app) == before
    assert without_tokens(entry(again, one_id)) == without_tokens(entry(first, one_id))
    assert "Ask about the walking test" in entry(again, one_id)


def test_each_reader_gets_their_own_token_and_the_page_they_are_on(app, saved_world):
    one_id, two_id = saved_world
    one, two = signed_in(app, "one@example.com"), signed_in(app, "two@example.com")
    shown_one = entry(one.get("/saved").get_data(as_text=True), one_id)
    shown_two = entry(two.get("/saved?topic=relapses").get_data(as_text=True), two_id)
    assert "mark-" not in shown_one + shown_two
    assert f'value="/saved#saved-{one_id}"' in shown_one
    assert f'value="/saved?topic=relapses#saved-{two_id}"' in shown_two
    [(_, token_one)], [(name_two, token_two)] = (
        NOTE_TOKEN.findall(shown_one),
        NOTE_TOKEN.findall(shown_two),
    )
    assert token_one != token_two
    # The second reader's note editor works for them, and the new note shows at once.
    response = two.post(
        f"/saved/{two_id}/note",
        data={name_two: token_two, f"note-{two_id}-note": "Bring the scan results"},
    )
    assert response.status_code == 302
    assert "Bring the scan results" in entry(two.get("/saved").get_data(as_text=True), two_id)
    assert "Bring the scan results" not in entry(one.get("/saved").get_data(as_text=True), one_id)


def test_a_changed_article_shows_at_once_on_the_saved_list(app, saved_world, seed):
    one_id, _ = saved_world
    client = signed_in(app, "one@example.com")
    assert "Walking and relapses" in entry(client.get("/saved").get_data(as_text=True), one_id)
    for column, value in (("title", "Walking, relapses and rest"), ("summary", "A new summary.")):
        with seed():
            db.session.execute(update(Article).values({column: value}))
        assert value in entry(client.get("/saved").get_data(as_text=True), one_id)
