"""One article's whole life in a real browser: written, sent back, fixed, approved, scheduled,
published to a follower's feed and digest, and answered with reader feedback.

Three people, each in a browser context of their own: an editor and a reviewer who sign in
with a password and a code from their authenticator app, and a reader who follows a topic.
Only their accounts are made directly; everything else happens through the pages.
"""

import email
import email.policy
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from blueprints.templating import long_date
from models import Topic, db
from services.editorial import REVIEW_INTERVAL
from tests import factories
from tests.e2e.conftest import assert_accessible, log_in

EDITOR, REVIEWER, FOLLOWER = "writer@example.com", "checker@example.com", "follower@example.com"
REVIEWER_NAME, REVIEWER_CREDENTIALS = "Dr Rhea Okafor", "consultant neurologist"
TOPIC = "ebv"
TITLE = "A small study of sleep and relapse in MS"
LINK = "[the trial registry](https://example.org/)"
HARD_TEXT = (
    "Notwithstanding considerable methodological heterogeneity, the investigators "
    "systematically characterised longitudinal associations between self-reported "
    "sleep disturbances, inflammatory biomarkers and subsequent neurological "
    "deterioration, concluding that comprehensive multidisciplinary evaluation remains "
    "indispensable for individualised therapeutic decision-making."
)
EASY_TEXT = (
    "Poor sleep may go with more relapses. Tell your team if you sleep badly. It is a small study."
)
COMMENT = "Please make the text for patients simpler: shorter sentences."
UNCLEAR = "I did not get what a lesion is on a scan."
# The publish form takes whole minutes (a datetime-local box with its default 60 s step),
# so the test schedules the first whole minute at least LEAD ahead: it waits 20 to 80 s.
LEAD = timedelta(seconds=20)


def _accounts(app) -> None:
    with app.app_context():
        factories.make_staff(EDITOR, "editor", name="Sam Writer")
        factories.make_staff(REVIEWER, "reviewer", REVIEWER_NAME, REVIEWER_CREDENTIALS)
        reader = factories.make_reader(FOLLOWER, frequency="daily")
        factories.follow(reader, db.session.scalar(db.select(Topic).where(Topic.slug == TOPIC)))
        db.session.commit()


def _signed_in(browser: Browser, live_server, email_address: str, two_step: bool) -> Page:
    """A fresh browser context, logged in through the real forms."""
    page = browser.new_context(base_url=live_server.url).new_page()
    log_in(page, live_server, email_address, two_step)
    return page


def _fill_article(page: Page, patients: str) -> None:
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Summary").fill("People with MS who slept badly had more relapses.")
    page.get_by_label("What the study found").fill(
        f"People who slept badly had more relapses and a new lesion more often. "
        f"The plan was set out in {LINK} before it began."
    )
    page.get_by_label("For people living with the condition").fill(patients)
    page.get_by_label("For caregivers and family").fill("Help them keep a calm bedtime.")
    page.get_by_label("For healthcare professionals").fill("Ask about sleep at each visit.")
    page.get_by_label("Limitations").fill("It was small. It was short.")
    for i, question in enumerate(
        ["Is my sleep OK?", "Should I see a sleep clinic?", "Can sleep help?"]
    ):
        page.get_by_label(f"Question {i + 1}", exact=False).first.fill(question)
    page.get_by_label("Type of study").select_option(label="Observational study")
    page.get_by_label("Studied in").select_option(label="People")
    page.get_by_label("Multiple sclerosis (MS)").check()
    page.get_by_label("Title of the paper").fill("Sleep and relapse in multiple sclerosis")
    page.get_by_label("First author").fill("Nguyen")
    page.get_by_label("Journal").fill("Sleep Journal")
    page.get_by_label("Year published").fill("2025")
    page.get_by_label("Link to the original study").fill("https://pubmed.ncbi.nlm.nih.gov/1/")
    page.get_by_label("Epstein-Barr virus").check()


def _save(page: Page, message: str) -> None:
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text(message)


def _send_for_review(page: Page) -> None:
    page.get_by_role("link", name="Overview and steps").click()
    expect(page.get_by_role("heading", name="Needed before review")).to_have_count(0)
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("status").first).to_contain_text("Sent for review.")
    expect(page.locator(".status-tag").first).to_have_text("In review")


def _open_from_review_queue(page: Page) -> None:
    page.goto("/editor")
    queue = page.get_by_role("region", name="Waiting for review")
    queue.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def _patients_warning(page: Page):
    return page.locator("#reading-for_patients").get_by_text("Hard to read")


def _publish_moment() -> datetime:
    """The first whole minute (UTC) at least LEAD from now."""
    soon = datetime.now(UTC) + LEAD
    return soon.replace(second=0, microsecond=0) + timedelta(minutes=1)


def _digest_to(outbox: Path, address: str) -> str:
    for path in sorted(outbox.glob("*.eml")):
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if msg["To"] == address and "digest" in (msg["Subject"] or "").lower():
            return msg.get_body(("plain",)).get_content()
    raise AssertionError(f"no digest for {address} in {outbox}")


def test_an_article_from_draft_to_a_followers_feed(browser: Browser, live_server):
    started = time.monotonic()
    app = live_server.app
    _accounts(app)

    # 1–2. The editor signs in with a code and writes a hard-to-read draft.
    editor = _signed_in(browser, live_server, EDITOR, two_step=True)
    editor.goto("/editor")
    assert_accessible(editor)
    editor.get_by_role("navigation", name="Editor").get_by_role("link", name="New article").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text("New article")
    assert_accessible(editor)  # the empty form and its readability panel
    _fill_article(editor, HARD_TEXT)
    _save(editor, "Draft saved.")
    expect(_patients_warning(editor)).to_be_visible()
    expect(editor.locator("#reading-for_patients")).to_contain_text("is above 8")
    assert_accessible(editor)
    edit_url = editor.url
    slug = editor.get_by_label("Web address (slug)").input_value()
    assert slug, "the slug was made from the title"
    article_path = f"/articles/{slug}"
    _send_for_review(editor)
    assert_accessible(editor)

    # 3. The reviewer finds it waiting and sends it back with a comment.
    reviewer = _signed_in(browser, live_server, REVIEWER, two_step=True)
    reviewer.goto("/editor")
    assert_accessible(reviewer)
    _open_from_review_queue(reviewer)
    assert_accessible(reviewer)  # the overview with the reviewer's steps
    reviewer.get_by_label("Comment").last.fill(COMMENT)
    reviewer.get_by_role("button", name="Request changes").click()
    expect(reviewer.get_by_role("status").first).to_contain_text("Sent back to the writer.")

    # 4. The editor sees it back in drafts, reads the comment, fixes the text, resubmits.
    editor.goto("/editor")
    editor.get_by_role("region", name="My drafts").get_by_role("link", name=TITLE).click()
    editor.get_by_role("link", name="History").click()
    steps = editor.locator(".event-row")
    expect(steps.filter(has_text="Changes requested")).to_contain_text(COMMENT)
    expect(steps.filter(has_text="Changes requested")).to_contain_text(REVIEWER_NAME)
    assert_accessible(editor)
    editor.get_by_role("link", name="Edit", exact=True).click()
    assert editor.url == edit_url
    # static/js/editor.js starts listening once the page has loaded: typing before that is
    # measured only by the next save.
    editor.wait_for_load_state()
    editor.get_by_label("For people living with the condition").fill(EASY_TEXT)
    # static/js/editor.js measures the text again while typing, before any save...
    expect(_patients_warning(editor)).to_have_count(0)
    # ...and the server does too, on the page the save leads to.
    _save(editor, "Saved.")
    expect(_patients_warning(editor)).to_have_count(0)
    expect(editor.locator("#reading-panel")).not_to_contain_text("Hard to read")
    assert_accessible(editor)
    _send_for_review(editor)

    # 5. The reviewer approves and schedules it for a moment ahead.
    _open_from_review_queue(reviewer)
    reviewer.get_by_role("button", name="Approve").click()
    expect(reviewer.get_by_role("status").first).to_contain_text("Approved.")
    at = _publish_moment()
    reviewer.get_by_label("Publish at (UTC)").fill(at.strftime("%Y-%m-%dT%H:%M"))
    reviewer.get_by_role("button", name="Publish or schedule").click()
    expect(reviewer.get_by_role("status").first).to_contain_text("Published or scheduled.")
    expect(reviewer.locator(".status-tag").first).to_have_text("Scheduled")
    expect(reviewer.locator(".evidence-list")).to_contain_text(f"publishes {at:%Y-%m-%d %H:%M} UTC")
    assert_accessible(reviewer)
    follower = _signed_in(browser, live_server, FOLLOWER, two_step=False)
    assert datetime.now(UTC) < at, "the checks before the publish time came too late"
    follower.goto("/")
    expect(follower.get_by_role("heading", level=1)).to_be_visible()
    expect(follower.get_by_role("link", name=TITLE)).to_have_count(0)
    assert follower.goto(article_path).status == 404
    assert datetime.now(UTC) < at, "the checks before the publish time came too late"

    # 6. After the publish time: in the feed, in the digest, and on its page.
    time.sleep(max(0.0, (at - datetime.now(UTC)).total_seconds()) + 1)
    follower.goto("/")
    expect(follower.get_by_role("link", name=TITLE)).to_be_visible()

    result = app.test_cli_runner().invoke(args=["digests", "send", "--now"])
    assert result.exit_code == 0, result.output
    assert TITLE in _digest_to(Path(app.config["MAIL_OUTBOX"]), FOLLOWER)

    response = follower.goto(article_path)
    assert response.status == 200
    byline = f"{REVIEWER_NAME}, {REVIEWER_CREDENTIALS}"
    approved_on = datetime.now(UTC)  # approved a minute ago; the test runs far from midnight
    expect(follower.locator(".review-line")).to_contain_text(
        f"Reviewed by {byline} on {long_date(approved_on)}. "
        f"Next review due {long_date(approved_on + REVIEW_INTERVAL)}."
    )
    found = follower.get_by_role("region", name="What the study found")
    registry = found.get_by_role("link", name="the trial registry")
    expect(registry).to_have_attribute("href", "https://example.org/")
    expect(found.locator("a.term", has_text="lesion")).to_have_attribute("href", "/glossary#lesion")
    note = found.locator("details.term-note").filter(has_text="What “lesion” means")
    expect(note).to_have_count(1)
    expect(note.locator("p")).not_to_be_visible()  # closed until the reader opens it
    note.locator("summary").click()
    expect(note.locator("p")).to_be_visible()
    expect(note).to_contain_text("An area of damage or inflammation.")

    # 7. The follower says the page did not help, and the editor reads why.
    follower.get_by_label("What was unclear?").fill(UNCLEAR)
    answers = follower.get_by_role("group", name="Was this page helpful?")
    answers.get_by_role("button", name="No", exact=True).click()
    expect(follower.locator("#feedback")).to_contain_text("Thank you.")
    editor.goto("/editor/feedback")
    row = editor.locator(".feedback-row").filter(has_text=UNCLEAR)
    expect(row).to_contain_text("Not helpful")
    expect(row.get_by_role("link", name=TITLE)).to_be_visible()
    assert_accessible(editor)

    for page in (editor, reviewer, follower):
        page.context.close()
    assert time.monotonic() - started < 180, "the journey should take under three minutes"
