"""Digest scheduling, content and sending, against a real SMTP server. "now" is passed in."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import ArticleRead, Digest, db
from models.digest import FAILED, SENDING, SENT
from services import mail
from services.digests import plan as planning
from services.digests import schedule
from services.digests import send as sending
from services.digests import settings as digest_settings
from tests import factories as f
from tests.conftest import count_queries
from tests.smtp import body, free_port

# Wednesday 14 January 2026: Berlin is UTC+1, New York UTC-5.
WED = datetime(2026, 1, 14, tzinfo=UTC)


def send(now, commit=None, force=False, **kw):
    """One run of `flask digests send` at `now` (with `force`, as `--now`)."""
    readers = schedule.candidates(now, force=force)
    return sending.send_due(now, readers, commit=commit or db.session.commit, **kw)


def titles(msg) -> list[str]:
    return re.findall(r"^\d+\. (.+?)\r?$", body(msg), re.MULTILINE)


@pytest.fixture
def topic(ctx):
    return f.make_topic("brain-iron")


def article(topic, published_at, **kw):
    return f.make_article(topic, published_at=published_at, **kw)


def reader(topic, email, **prefs):
    user = f.make_reader(email, **prefs)
    f.follow(user, topic)
    return user


def test_daily_and_weekly_digests_go_out_at_local_time_in_two_time_zones(topic, smtp):
    article(topic, WED - timedelta(days=2), title="Older study")
    berlin = reader(topic, "berlin@example.com", timezone="Europe/Berlin", frequency="daily")
    ny = reader(topic, "ny@example.com", timezone="America/New_York", weekday=2, send_hour=9)
    db.session.commit()

    # 07:30 in Berlin, 01:30 in New York: nobody yet.
    assert send(WED.replace(hour=6, minute=30)).due == 0
    # 08:05 in Berlin: the daily digest.
    summary = send(WED.replace(hour=7, minute=5))
    assert (summary.due, summary.sent) == (1, 1)
    assert [m["To"] for m in smtp.messages] == ["berlin@example.com"]
    # 09:10 on Wednesday in New York: the weekly digest; Berlin already had today's.
    summary = send(WED.replace(hour=14, minute=10))
    assert (summary.due, summary.sent) == (1, 1)
    assert smtp.messages[-1]["To"] == "ny@example.com"
    assert titles(smtp.messages[-1]) == ["Older study"]

    # Next morning Berlin gets only what was published since its last digest.
    article(topic, WED.replace(hour=20), title="Evening study")
    db.session.commit()
    summary = send(WED.replace(hour=7, minute=5) + timedelta(days=1))
    assert (summary.due, summary.sent) == (1, 1)
    assert titles(smtp.to("berlin@example.com")[-1]) == ["Evening study"]
    assert len(smtp.to("ny@example.com")) == 1  # once a week

    periods = db.session.execute(select(Digest.user_id, Digest.period).order_by(Digest.id)).all()
    assert periods == [
        (berlin.id, "2026-01-14"),
        (ny.id, "2026-W03"),
        (berlin.id, "2026-01-15"),
    ]


def test_weekly_digest_waits_for_the_chosen_day(topic, smtp):
    article(topic, WED - timedelta(days=3))
    reader(topic, "fri@example.com", timezone="Europe/London", weekday=4, send_hour=8)
    db.session.commit()
    assert send(WED.replace(hour=12)).due == 0
    friday = WED + timedelta(days=2, hours=8)
    assert send(friday).sent == 1


def test_first_digest_lists_newest_unopened_articles_capped(topic, smtp):
    items = [article(topic, WED - timedelta(hours=h), title=f"Study {h}") for h in range(1, 8)]
    user = reader(topic, "new@example.com", max_articles=3)
    for read in items[:2]:
        db.session.add(ArticleRead(user_id=user.id, article_id=read.id))
    db.session.commit()
    send(WED, force=True)
    [msg] = smtp.messages
    assert titles(msg) == ["Study 3", "Study 4", "Study 5"]
    assert "you haven't read yet" in msg["Subject"]


def test_never_sends_an_empty_digest(topic, smtp):
    f.make_topic("quiet")
    reader(topic, "quiet@example.com")
    db.session.commit()
    summary = send(WED, force=True)
    assert (summary.due, summary.sent, summary.skipped_empty) == (1, 0, 1)
    assert smtp.messages == []
    assert db.session.scalars(select(Digest)).all() == []


def test_unverified_off_and_paused_readers_get_nothing(topic, smtp):
    article(topic, WED - timedelta(days=1))
    reader(topic, "unverified@example.com", verified=False)
    reader(topic, "off@example.com", frequency="off")
    paused = reader(topic, "paused@example.com")
    digest_settings.pause(paused.id, 2, now=WED - timedelta(days=1))
    db.session.commit()
    assert send(WED, force=True).due == 0
    assert smtp.messages == []


def test_digest_after_a_pause_lists_unopened_articles(topic, smtp):
    user = reader(topic, "rest@example.com", frequency="daily")
    article(topic, WED - timedelta(days=1), title="Before the break")
    db.session.commit()
    assert send(WED, force=True).sent == 1
    digest_settings.pause(user.id, 1, now=WED + timedelta(hours=1))
    db.session.commit()
    later = WED + timedelta(days=9)
    # Normally a digest lists only articles published since the last one; after the
    # pause it catches up with what the reader has not opened.
    summary = send(later, force=True)
    assert summary.sent == 1
    assert titles(smtp.messages[-1]) == ["Before the break"]
    # The one after that is back to "published since the last digest": nothing new.
    assert send(later + timedelta(days=1), force=True).skipped_empty == 1


def test_running_twice_sends_nobody_a_second_digest(topic, smtp):
    article(topic, WED - timedelta(days=1))
    for n in range(3):
        reader(topic, f"r{n}@example.com")
    db.session.commit()
    assert send(WED, force=True).sent == 3
    again = send(WED, force=True)
    assert (again.due, again.sent) == (0, 0)
    assert len(smtp.messages) == 3


@pytest.mark.parametrize("killed_at", [5, 6], ids=["before-send", "after-send"])
def test_rerun_after_a_crash_mid_batch_sends_nobody_twice(topic, smtp, killed_at):
    """Commits go claim, outcome, claim, outcome…: the run dies at commit `killed_at`."""
    article(topic, WED - timedelta(days=1))
    emails = [f"r{n}@example.com" for n in range(4)]
    for address in emails:
        reader(topic, address)
    db.session.commit()
    calls = 0

    def commit_then_die():
        nonlocal calls
        calls += 1
        if calls == killed_at:
            raise KeyboardInterrupt("killed")
        db.session.commit()

    with pytest.raises(KeyboardInterrupt):
        send(WED, force=True, commit=commit_then_die)
    db.session.rollback()
    sent_before = len(smtp.messages)
    assert sent_before == killed_at // 2

    send(WED, force=True)
    assert sorted(m["To"] for m in smtp.messages) == emails  # everyone exactly once
    statuses = db.session.scalars(select(Digest.status)).all()
    expected = [SENT] * 4 if killed_at == 5 else [SENT] * 3 + [SENDING]
    assert sorted(statuses) == sorted(expected)


def test_a_rejected_message_is_recorded_retried_and_does_not_stop_the_batch(topic, smtp):
    article(topic, WED - timedelta(days=1))
    for address in ("a@example.com", "b@example.com", "c@example.com"):
        reader(topic, address)
    db.session.commit()
    smtp.reject = {"b@example.com"}
    summary = send(WED, force=True)
    assert (summary.sent, summary.failed) == (2, 1)
    failed = db.session.scalar(select(Digest).where(Digest.status == FAILED))
    assert "554" in failed.error
    smtp.reject = set()
    summary = send(WED + timedelta(minutes=15), force=True)
    assert (summary.due, summary.sent, summary.failed) == (1, 1, 0)
    assert sorted(m["To"] for m in smtp.messages) == [
        "a@example.com",
        "b@example.com",
        "c@example.com",
    ]
    db.session.refresh(failed)
    assert (failed.status, failed.attempts, failed.error) == (SENT, 2, None)


def test_an_unreachable_server_fails_the_batch_and_the_next_run_sends_it(app, topic, smtp):
    article(topic, WED - timedelta(days=1))
    reader(topic, "a@example.com")
    reader(topic, "b@example.com")
    db.session.commit()
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nothing listens here
    summary = send(WED, force=True)
    assert (summary.sent, summary.failed) == (0, 2)
    assert all("cannot reach" in d.error for d in db.session.scalars(select(Digest)))
    app.config["MAIL_PORT"] = working_port
    assert send(WED, force=True).sent == 2
    assert len(smtp.messages) == 2


def test_each_batch_uses_one_smtp_connection(topic, smtp):
    article(topic, WED - timedelta(days=1))
    for n in range(5):
        reader(topic, f"r{n}@example.com")
    db.session.commit()
    assert send(WED, force=True, batch_size=2).sent == 5
    assert smtp.connections() == 3


def test_limit_caps_the_digests_sent_in_one_run(topic, smtp):
    article(topic, WED - timedelta(days=1))
    for n in range(4):
        reader(topic, f"r{n}@example.com")
    db.session.commit()
    assert send(WED, force=True, limit=3, batch_size=2).sent == 3
    assert send(WED, force=True, limit=3).sent == 1


def test_dry_run_builds_but_sends_and_records_nothing(topic, smtp):
    article(topic, WED - timedelta(days=1))
    reader(topic, "r@example.com")
    db.session.commit()
    summary = send(WED, force=True, dry_run=True)
    assert (summary.due, summary.planned, summary.sent) == (1, 1, 0)
    assert smtp.messages == [] and db.session.scalars(select(Digest)).all() == []


def test_building_a_batch_takes_the_same_statements_whatever_its_size(topic):
    other = f.make_topic("other")
    for h in range(30):
        article(topic if h % 2 else other, WED - timedelta(hours=h + 1))
    for n in range(24):
        user = reader(topic, f"r{n}@example.com")
        if n % 3 == 0:
            f.follow(user, other)
    db.session.commit()
    readers = schedule.candidates(WED, force=True)
    counts = []
    for size in (3, 24):
        db.session.expunge_all()
        with count_queries() as statements:
            plan = planning.build(readers[:size], WED)
        assert len(plan.digests) == size
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 6


def test_digest_headers_offer_one_click_unsubscribe(topic, smtp):
    article(topic, WED - timedelta(days=1))
    reader(topic, "r@example.com")
    db.session.commit()
    send(WED, force=True)
    [msg] = smtp.messages
    assert msg["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/unsubscribe/")
    assert msg["List-Unsubscribe"].endswith(">")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["Message-ID"] and msg["Date"] and msg["From"]
    html = body(msg, "html")
    assert len(html.encode()) < 100_000 and "<img" not in html
    assert "http://127.0.0.1:5000/r/" in html


def test_a_period_claimed_by_another_run_is_skipped(topic, smtp):
    article(topic, WED - timedelta(days=1))
    reader(topic, "r@example.com")
    db.session.commit()
    [planned] = planning.build(schedule.candidates(WED, force=True), WED).digests
    # Two runs planned the same digest; only the first claim wins.
    assert sending.claim(planned, WED) is not None
    assert sending.claim(planned, WED) is None
    db.session.commit()
    assert send(WED, force=True).due == 0
    assert smtp.messages == []


def claim_and_send(planned, now) -> int | None:
    """What a run does with one planned digest: claim, commit, send, commit. The id sent."""
    digest_id = sending.claim(planned, now)
    db.session.commit()
    if digest_id is not None:
        finish_sending(planned, digest_id, now)
    return digest_id


def finish_sending(planned, digest_id: int, now) -> None:
    with mail.connection() as conn:
        assert sending.deliver(conn, planned, digest_id, now)
    db.session.commit()


@pytest.mark.parametrize("second_run_claims", ["while-the-first-sends", "after-the-first-sent"])
def test_two_runs_retrying_one_failed_digest_send_it_once(topic, smtp, second_run_claims):
    article(topic, WED - timedelta(days=1))
    reader(topic, "r@example.com")
    db.session.commit()
    smtp.reject = {"r@example.com"}
    assert send(WED, force=True).failed == 1
    smtp.reject = set()
    later = WED + timedelta(minutes=15)
    # Both runs plan from the same state: the digest failed, so each plans to retry it.
    due = schedule.candidates(later, force=True)
    [first] = planning.build(due, later).digests
    [second] = planning.build(due, later).digests
    failed_id = db.session.scalar(select(Digest.id).where(Digest.status == FAILED))
    assert first.retry_id == second.retry_id == failed_id

    assert sending.claim(first, later) == failed_id
    db.session.commit()
    if second_run_claims == "while-the-first-sends":
        assert claim_and_send(second, later) is None
        finish_sending(first, failed_id, later)
    else:
        finish_sending(first, failed_id, later)
        assert claim_and_send(second, later) is None
    assert len(smtp.messages) == 1
    retried = select(Digest.status, Digest.attempts).where(Digest.id == failed_id)
    assert tuple(db.session.execute(retried).one()) == (SENT, 2)


def test_articles_opened_on_the_site_are_left_out_of_later_digests(topic, smtp):
    user = reader(topic, "r@example.com", frequency="daily")
    article(topic, WED - timedelta(days=1), title="First")
    db.session.commit()
    send(WED, force=True)
    opened = article(topic, WED + timedelta(hours=2), title="Opened already")
    article(topic, WED + timedelta(hours=3), title="Still new")
    db.session.add(ArticleRead(user_id=user.id, article_id=opened.id))
    db.session.commit()
    send(WED + timedelta(days=1), force=True)
    assert titles(smtp.messages[-1]) == ["Still new"]


def test_each_digest_article_names_its_topics_and_reading_time(topic, smtp):
    sleep = f.make_topic("sleep", "Sleep and rest")
    f.make_article(topic, sleep, published_at=WED - timedelta(days=1), reading_minutes=4)
    reader(topic, "r@example.com")
    db.session.commit()
    send(WED, force=True)
    [msg] = smtp.messages
    assert "4 min read · Brain Iron, Sleep and rest</p>" in body(msg, "html")
