"""Digest runs: batches as jobs, the counts each run records, and digests stuck "sending"."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from models import Digest, DigestRun, db
from models.digest import FAILED, SENDING, SENT
from services.digests import batches, runs, schedule
from tests import factories as f

WED = datetime(2026, 1, 14, tzinfo=UTC)


@pytest.fixture
def readers(ctx):
    """Five due readers of one topic with one new article."""
    topic = f.make_topic("brain-iron")
    f.make_article(topic, published_at=WED - timedelta(days=1))
    for n in range(5):
        f.follow(f.make_reader(f"r{n}@example.com"), topic)
    db.session.commit()
    return schedule.candidates(WED, force=True)


def test_a_run_in_process_records_its_counts_and_duration(readers, smtp):
    summary = batches.send_in_process(readers, WED, batch_size=2)
    assert summary.sent == 5
    [run] = runs.recent()
    assert (run.readers, run.batches, run.batches_done) == (5, 3, 3)
    assert (run.sent, run.failed, run.retried, run.skipped, run.queued) == (5, 0, 0, 0, False)
    assert run.finished_at is not None and run.duration_seconds is not None
    assert run.host and run.pid


def test_failed_then_retried_digests_are_counted(readers, smtp):
    smtp.reject = {"r1@example.com"}
    batches.send_in_process(readers, WED, batch_size=5)
    smtp.reject = set()
    batches.send_in_process(schedule.candidates(WED, force=True), WED, batch_size=5)
    second, first = runs.recent()
    assert (first.sent, first.failed, first.retried) == (4, 1, 0)
    assert (second.sent, second.failed, second.retried, second.skipped) == (1, 0, 1, 0)


def test_a_batch_job_sends_only_its_readers_and_adds_to_its_run(readers, smtp):
    run = runs.start(5, 2, queued=True, now=WED)
    db.session.commit()
    ids = [r.user_id for r in readers]
    batches.send_batch(run.id, ids[:3], WED.isoformat(), True)
    db.session.refresh(run)
    assert (run.batches_done, run.sent, run.finished_at) == (1, 3, None)
    batches.send_batch(run.id, ids[3:], WED.isoformat(), True)
    db.session.refresh(run)
    assert (run.batches_done, run.sent) == (2, 5)
    assert run.finished_at is not None and run.duration_seconds is not None
    assert sorted(m["To"] for m in smtp.messages) == [f"r{n}@example.com" for n in range(5)]


def test_the_same_batch_run_twice_sends_nothing_the_second_time(readers, smtp):
    run = runs.start(5, 2, queued=True, now=WED)
    db.session.commit()
    ids = [r.user_id for r in readers]
    batches.send_batch(run.id, ids, WED.isoformat(), True)
    batches.send_batch(run.id, ids, WED.isoformat(), True)
    db.session.refresh(run)
    assert (run.sent, run.skipped) == (5, 0)  # already sent: not planned at all
    assert len(smtp.messages) == 5


def test_a_limit_ends_the_run_early_and_marks_it_finished(readers, smtp):
    assert batches.send_in_process(readers, WED, batch_size=2, limit=3).sent == 3
    [run] = runs.recent()
    assert (run.batches_done, run.batches, run.sent) == (2, 3, 3)
    assert run.finished_at is not None


def test_a_dry_run_records_no_run(readers, smtp):
    batches.send_in_process(readers, WED, batch_size=2, dry_run=True)
    assert runs.recent() == []


def claim_and_die(readers) -> Digest:
    """The state a killed worker leaves: claims committed, nothing sent."""
    batches.send_in_process(readers[:3], WED, batch_size=5)
    stuck = db.session.scalars(select(Digest).order_by(Digest.id)).first()
    db.session.execute(
        update(Digest).where(Digest.id == stuck.id).values(status=SENDING, sent_at=None)
    )
    db.session.commit()
    return stuck


def test_stuck_digests_are_counted_only_once_old_enough(readers, smtp):
    stuck = claim_and_die(readers)
    claimed = stuck.created_at
    assert runs.stuck(timedelta(minutes=30), now=claimed + timedelta(minutes=29)).count == 0
    found = runs.stuck(timedelta(minutes=30), now=claimed + timedelta(minutes=31))
    assert (found.count, found.oldest) == (1, claimed)


def test_resolving_stuck_as_failed_sends_them_again_on_the_next_run(readers, smtp):
    stuck = claim_and_die(readers)
    later = stuck.created_at + timedelta(hours=1)
    assert runs.resolve_stuck(timedelta(minutes=30), FAILED, now=later) == 1
    db.session.commit()
    db.session.refresh(stuck)
    assert (stuck.status, stuck.error) == (FAILED, runs.INTERRUPTED)
    smtp.messages.clear()
    batches.send_in_process(schedule.candidates(WED, force=True), WED, batch_size=5)
    assert sorted(m["To"] for m in smtp.messages) == sorted(
        ["r0@example.com", "r3@example.com", "r4@example.com"]
    )
    db.session.refresh(stuck)
    assert (stuck.status, stuck.attempts) == (SENT, 2)


def test_resolving_stuck_as_sent_never_sends_them_again(readers, smtp):
    stuck = claim_and_die(readers)
    later = stuck.created_at + timedelta(hours=1)
    assert runs.resolve_stuck(timedelta(minutes=30), SENT, now=later) == 1
    db.session.commit()
    smtp.messages.clear()
    batches.send_in_process(schedule.candidates(WED, force=True), WED, batch_size=5)
    assert sorted(m["To"] for m in smtp.messages) == ["r3@example.com", "r4@example.com"]
    db.session.refresh(stuck)
    assert (stuck.status, stuck.sent_at) == (SENT, stuck.created_at)


def test_recent_digests_still_sending_are_left_alone(readers, smtp):
    stuck = claim_and_die(readers)
    soon = stuck.created_at + timedelta(minutes=5)
    assert runs.resolve_stuck(timedelta(minutes=30), FAILED, now=soon) == 0
    assert db.session.get(Digest, stuck.id).status == SENDING


def test_resolving_as_anything_else_is_refused(ctx):
    with pytest.raises(ValueError):
        runs.resolve_stuck(timedelta(minutes=30), "queued")


def test_a_run_with_nobody_due_is_finished_at_once(ctx):
    run = runs.start(0, 0, queued=True, now=WED)
    assert run.finished_at == WED and run.duration_seconds == 0.0
    assert db.session.scalars(select(DigestRun)).all() == [run]
