"""The core reader journey, as a new caregiver would take it in a real browser."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from models import Article, Topic, db
from services.feed import in_topics, published_filter
from tests.e2e.conftest import confirmation_link

FOLLOWED = ("ebv", "mogad")


def visible_titles(app, topic_slugs) -> set[str]:
    with app.app_context():
        ids = db.session.scalars(select(Topic.id).where(Topic.slug.in_(topic_slugs))).all()
        stmt = select(Article.title).where(published_filter(), in_topics(ids))
        return set(db.session.scalars(stmt))


def test_sign_up_follow_topics_read_feed_and_article(page: Page, live_server, artifacts):
    page.goto(live_server("/signup"))
    page.get_by_label("Email address").fill("new.caregiver@example.com")
    page.get_by_label("Password").fill("a calm long passphrase")
    page.get_by_label("I care for someone who does").check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email to continue")
    expect(page.locator("main")).to_contain_text("new.caregiver@example.com")
    page.goto(confirmation_link(live_server, "new.caregiver@example.com"))

    expect(page).to_have_url(re.compile(r"/topics$"))
    expect(page.get_by_role("status")).to_contain_text("Welcome to Plainly")
    # The buttons follow in place; each topic says so beside its button.
    page.get_by_role("button", name="Follow Epstein-Barr virus").click()
    expect(page.locator("#topic-ebv").get_by_role("status")).to_contain_text(
        "You now follow Epstein-Barr virus"
    )
    page.get_by_role("button", name="Follow MOGAD").click()
    expect(page.locator("#topic-mogad").get_by_role("status")).to_contain_text(
        "You now follow MOGAD"
    )

    page.get_by_role("link", name="Done — show my feed").click()
    expect(page.get_by_role("heading", name="Your feed", level=1)).to_be_visible()
    shown = set(page.locator(".card-title").all_inner_texts())
    expected = visible_titles(live_server.app, FOLLOWED)
    others = visible_titles(live_server.app, ["brain-iron", "pml", "diet"]) - expected
    assert 0 < len(expected) <= 20
    assert shown == expected
    assert others and not shown & others
    page.screenshot(path=artifacts / "feed.png", full_page=True)

    first_title = page.locator(".card-title a").first.inner_text()
    page.locator(".card-title a").first.click()
    expect(page.get_by_role("heading", name=first_title, level=1)).to_be_visible()
    for heading in ("What the study found", "Who it matters to", "Limitations"):
        expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()
    audiences = page.locator(".audience h3").all_inner_texts()
    assert audiences[0].startswith("Caregivers and family")
    assert "You" in audiences[0]
    expect(page.get_by_role("complementary", name="Please note")).to_contain_text(
        "talk to your MS, NMOSD or MOGAD team"
    )
    expect(page.get_by_text("Sample content").first).to_be_visible()
    page.screenshot(path=artifacts / "article.png", full_page=True)

    page.get_by_role("link", name="My feed").click()
    opened = page.locator(".card").filter(has_text=first_title)
    expect(opened.locator(".tag-read")).to_have_text("Read")
    expect(page.locator(".tag-new")).to_have_count(0)  # a first visit: nothing is "new" yet

    page.get_by_role("button", name="Log out", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("You are logged out")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    expect(page.get_by_role("heading", name="Latest research", level=2)).to_be_visible()
