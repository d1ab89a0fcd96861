"""`flask digests send` through the job queue, run metrics in `flask digests stats`, and
`flask digests resolve-stuck` for digests a stopped process left "sending"."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from models import Digest, db
from models.base import utcnow
from models.digest import FAILED, SENDING, SENT
from tests import factories as f
from tests.job_queue import drain


def due_readers(app, count: int = 3) -> None:
    with app.app_context():
        topic = f.make_topic("brain-iron")
        f.make_article(topic, published_at=utcnow() - timedelta(days=1))
        for n in range(count):
            f.follow(f.make_reader(f"r{n}@example.com"), topic)
        db.session.commit()


def test_with_redis_send_queues_batches_that_workers_send_once(queued_app, queued_smtp):
    runner = queued_app.test_cli_runner()
    due_readers(queued_app, 3)
    result = runner.invoke(args=["digests", "send", "--now", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "Queued 2 batch(es) for 3 due reader(s) (run 1)" in result.output
    assert queued_smtp.messages == []
    again = runner.invoke(args=["digests", "send", "--now", "--batch-size", "2"])
    assert "(run 2)" in again.output  # a racing run: its batches find every claim taken
    drain(queued_app)
    assert sorted(m["To"] for m in queued_smtp.messages) == ["r0@example.com", "r1@example.com",
                                                      "r2@example.com"]  # fmt: skip
    stats = runner.invoke(args=["digests", "stats"]).output
    assert "Send runs" in stats
    lines = [line for line in stats.splitlines() if "via workers" in line]
    assert len(lines) == 2
    sent = sorted(int(line.split()[5]) for line in lines)
    assert sent == [0, 3]
    assert all(" 2/2 " in line for line in lines)


def test_limit_and_dry_run_send_in_process_even_with_redis(queued_app, queued_smtp):
    runner = queued_app.test_cli_runner()
    due_readers(queued_app, 3)
    result = runner.invoke(args=["digests", "send", "--now", "--limit", "2"])
    assert "Done: 2 due, 2 sent" in result.output
    assert len(queued_smtp.messages) == 2


def make_stuck(app, minutes_ago: int) -> int:
    runner = app.test_cli_runner()
    runner.invoke(args=["digests", "send", "--now"])
    with app.app_context():
        digest = db.session.scalars(select(Digest).order_by(Digest.id)).first()
        claimed = utcnow() - timedelta(minutes=minutes_ago)
        db.session.execute(
            update(Digest)
            .where(Digest.id == digest.id)
            .values(status=SENDING, sent_at=None, created_at=claimed)
        )
        db.session.commit()
        return digest.id


def test_stats_reports_stuck_digests_and_resolve_stuck_sends_them_again(app, runner, smtp):
    due_readers(app, 2)
    digest_id = make_stuck(app, minutes_ago=45)
    stats = runner.invoke(args=["digests", "stats"]).output
    assert 'Stuck: 1 digest(s) still "sending" more than 30 min' in stats
    assert "flask digests resolve-stuck --older-than 30m" in stats

    result = runner.invoke(args=["digests", "resolve-stuck", "--older-than", "30m"])
    assert result.exit_code == 0, result.output
    assert "Marked 1 stuck digest(s) as failed." in result.output
    assert "Stuck:" not in runner.invoke(args=["digests", "stats"]).output
    smtp.messages.clear()
    result = runner.invoke(args=["digests", "send", "--now"])
    assert "1 sent" in result.output
    with app.app_context():
        assert db.session.get(Digest, digest_id).status == SENT
    assert len(smtp.messages) == 1


def test_resolve_stuck_leaves_recent_claims_and_can_mark_them_sent(app, runner, smtp):
    due_readers(app, 1)
    digest_id = make_stuck(app, minutes_ago=10)
    result = runner.invoke(args=["digests", "resolve-stuck"])
    assert "Marked 0 stuck digest(s) as failed." in result.output
    result = runner.invoke(args=["digests", "resolve-stuck", "--older-than", "5m", "--as", "sent"])
    assert "Marked 1 stuck digest(s) as sent." in result.output
    with app.app_context():
        assert db.session.get(Digest, digest_id).status == SENT
    smtp.messages.clear()
    runner.invoke(args=["digests", "send", "--now"])
    assert smtp.messages == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--older-than", "soon"], "is not a length of time like 30m"),
        (["--older-than", "-5m"], "is not a length of time like 30m"),
        (["--as", "queued"], "'queued' is not one of"),
    ],
)
def test_resolve_stuck_refuses_bad_options(runner, args, message):
    result = runner.invoke(args=["digests", "resolve-stuck", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_jobs_commands_without_redis_say_so(runner):
    for args in (["jobs", "failed"], ["jobs", "work", "--burst"], ["jobs", "retry", "--all"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1
        assert "REDIS_URL is not set" in result.output


def test_resolved_failed_digest_keeps_its_reason(app, runner, smtp):
    due_readers(app, 1)
    digest_id = make_stuck(app, minutes_ago=60)
    runner.invoke(args=["digests", "resolve-stuck", "--as", FAILED])
    with app.app_context():
        assert db.session.get(Digest, digest_id).error.startswith("interrupted")
