"""The editor's list pages run a fixed number of statements, however many articles exist.

Measured with 5 and with 40 articles (each by its own writer, in several states); both counts
must be equal and within the budget. Requests run outside any app context of the test.
"""

from datetime import UTC, datetime, timedelta

import pytest

from models import Feedback, db
from tests import factories as f
from tests.conftest import count_queries
from tests.editorial_support import draft, log_in_staff, make_staff_member, published
from tests.pages import main

# user, topics for the filter, staff for the filter, the page with its authors
MAX_STATEMENTS = {
    "/editor/articles": 4,
    "/editor/articles?status=scheduled&q=study": 4,
    "/editor/": 8,  # user, five sections with their authors, newest feedback, messages waiting
}


class Newsroom:
    def __init__(self, seed):
        self.seed, self.n = seed, 0
        with seed():
            self.topic = f.make_topic("topic-a")
            make_staff_member("editor0@example.com", "editor")
            self.reviewer = make_staff_member("reviewer@example.com", "reviewer")

    def grow(self, n: int) -> None:
        with self.seed():
            soon = datetime.now(UTC) + timedelta(days=1)
            for i in range(self.n, n):
                # A writer per article, so a query per author would show.
                writer = make_staff_member(f"writer{i}@example.com", "editor")
                name = {"title": f"Study {i}", "slug": f"study-{i}"}
                if i % 3 == 0:
                    draft(writer, self.topic, **name)
                else:
                    at = soon if i % 3 == 1 else None
                    article = published(writer, self.reviewer, self.topic, at=at, **name)
                    db.session.add(Feedback(article_id=article.id, helpful=bool(i % 2)))
            db.session.flush()
        self.n = n


@pytest.mark.parametrize("url", sorted(MAX_STATEMENTS))
def test_editor_lists_cost_the_same_for_5_and_40_articles(app, client, seed, url):
    newsroom = Newsroom(seed)
    log_in_staff(client, "editor0@example.com")
    with app.app_context():
        engine = db.engine
    counts = []
    for n in (5, 40):
        newsroom.grow(n)
        with count_queries(engine) as statements:
            response = client.get(url)
        assert response.status_code == 200
        assert main(response).find_all("tr", cls="article-row")
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[1] <= MAX_STATEMENTS[url], counts
