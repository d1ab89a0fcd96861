"""List pages run a small, fixed number of SQL statements, however many items they list.

Each page is measured with 5 and with 50 of everything it lists (articles, topics, saved
articles, share links): both counts must be equal and within the page's budget below.
Requests run outside any app context of the test, as in production (tests/http/conftest.py);
count_queries is handed the engine, so counting needs no context either.
"""

import pytest

from models import db
from services import feed, shares
from tests import factories
from tests.conftest import Auth, count_queries
from tests.pages import main

READER, VISITOR = "reader", "visitor"

# The statements each page runs today. One more is a new query, and often one per item:
# if it is meant, raise the number here in the same commit and say why.
# /search: the topics of the filter form, the ranked page (candidates, rank and count in one
# statement), the cards' topics and the highlighted excerpts.
# /topics: the topics, and the counts' version token (services.cached); right after a change,
# as here, also the counts and the next scheduled article (2 statements fewer once cached).
MAX_STATEMENTS = {
    (VISITOR, "/"): 1,
    (VISITOR, "/?topic=topic-a"): 2,
    (VISITOR, "/topics/topic-a"): 2,
    (VISITOR, "/topics"): 4,
    (VISITOR, "/search?q=study"): 4,
    # A share link's first opening writes when (services.shares.record_opened, once a minute).
    (VISITOR, "/shared/{token}"): 3,
    # Lists a reader sees: the reader, the articles with the reader's saved and read marks
    # and their topics (one statement), the topics the reader follows and mutes (one
    # statement), and what the mutes hide when there are any (services.mutes).
    (READER, "/"): 3,
    (READER, "/?topic=topic-a"): 4,  # and the topic
    (READER, "/topics/topic-a"): 4,  # and the topic
    (READER, "/topics"): 6,
    (READER, "/search?q=study"): 6,  # and the reader's muted topics
    (READER, "/shared/{token}"): 4,  # and the once-a-minute last-opened write
    (READER, "/settings"): 4,  # the muted topics section
}

# On PostgreSQL, one more first: it has the search planned for its own words
# (services.search._CUSTOM_PLANS).
POSTGRESQL_EXTRA = {"/search?q=study": 1}

# What each page lists, as (tag, class); article cards unless named here.
ITEMS = {"/topics": ("li", "topic-row"), "/settings": ("li", "share-row")}
# Pages that list everything rather than a page of PAGE_SIZE at a time.
UNPAGED = {"/topics", "/settings", "/shared/{token}"}


class Library:
    """Grows, `n` at a time, a reader's world: topics (the reader follows each), articles
    in topics a and b (the reader saved each and read every other one) and share links."""

    def __init__(self, seed):
        self.seed = seed
        self.n = 0
        with seed():
            self.user = factories.make_user(verified=True)
            self.a, self.b = factories.make_topic("topic-a"), factories.make_topic("topic-b")
            factories.follow(self.user, self.a, self.b)
            _link, self.token = shares.create(
                self.user.id, include_notes=False, expires_in_days=None
            )
        self.topics, self.links = 2, 1

    def grow(self, n: int) -> None:
        with self.seed():
            for _ in range(self.topics, n):
                factories.follow(self.user, factories.make_topic())
            for i in range(self.n, n):
                article = factories.make_article(self.a, self.b)
                factories.save(self.user, article)
                if i % 2:
                    factories.read(self.user, article)
            for _ in range(self.links, n):
                shares.create(self.user.id, include_notes=False, expires_in_days=None)
        self.n = self.topics = self.links = n


def measure(client, engine, url: str, item: tuple[str, str]) -> tuple[list[str], int]:
    """The SQL run while serving `url`, and the number of `item`s the page listed."""
    with count_queries(engine) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    tag, cls = item
    return statements, len(main(response).find_all(tag, cls=cls))


@pytest.mark.parametrize("who", [VISITOR, READER])
def test_list_pages_run_the_same_few_statements_for_5_and_50_items(app, seed, who):
    library = Library(seed)
    with app.app_context():
        engine = db.engine
    extra = POSTGRESQL_EXTRA if engine.dialect.name == "postgresql" else {}
    budget = {
        page: limit + extra.get(page, 0)
        for (signed_in, page), limit in MAX_STATEMENTS.items()
        if signed_in == who
    }
    client = app.test_client()
    if who == READER:
        assert Auth(client).login().status_code == 302
        # A look at the feed records the visit: one UPDATE, at most every few minutes
        # (services.visits), made here so each count below is of a view like the next.
        assert client.get("/").status_code == 200
    pages = [page for signed_in, page in MAX_STATEMENTS if signed_in == who]
    counts = {}
    for n in (5, 50):
        library.grow(n)
        for page in pages:
            url = page.format(token=library.token)
            statements, shown = measure(client, engine, url, ITEMS.get(page, ("article", "card")))
            expected = n if page in UNPAGED else min(n, feed.PAGE_SIZE)
            assert shown == expected, (page, n)
            counts[page, n] = statements
    problems = [
        f"{page}: {len(counts[page, 5])} statements for 5 items, {len(counts[page, 50])} for"
        f" 50, at most {budget[page]} allowed\n  " + "\n  ".join(counts[page, 50])
        for page in pages
        if not len(counts[page, 5]) == len(counts[page, 50]) <= budget[page]
    ]
    assert not problems, "\n".join(problems)
