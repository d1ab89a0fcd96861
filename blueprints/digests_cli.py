"""Command-line tools for digests: `flask digests send|stats|resolve-stuck`."""

import re
from datetime import timedelta

import click
from flask.cli import AppGroup

from models import db
from models.base import utcnow
from models.digest import FAILED
from services import background
from services.digests import batches, clicks, runs, schedule, send

# AppGroup wraps each command in an app context, also under the test CLI runner.
digests_cli = AppGroup("digests", help="Send digest emails and see how they are used.")
DURATION = re.compile(r"^(\d+)([smhd])$")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class Duration(click.ParamType):
    """A length of time such as 30m, 2h or 1d."""

    name = "duration"

    def convert(self, value, param, ctx) -> timedelta:
        if isinstance(value, timedelta):
            return value
        match = DURATION.match(str(value).strip())
        if not match:
            self.fail(f"{value!r} is not a length of time like 30m, 2h or 1d", param, ctx)
        return timedelta(**{UNITS[match[2]]: int(match[1])})


@digests_cli.command("send")
@click.option("--dry-run", is_flag=True, help="Build the digests but claim and send nothing.")
@click.option("--now", "force", is_flag=True, help="Treat every reader with digests on as due.")
@click.option("--limit", type=click.IntRange(min=0), help="Send at most this many digests.")
@click.option(
    "--batch-size",
    type=click.IntRange(1, send.MAX_BATCH_SIZE),
    default=send.BATCH_SIZE,
    show_default=True,
    help="Readers per batch; each batch is one job and uses one SMTP connection.",
)
def send_digests(dry_run: bool, force: bool, limit: int | None, batch_size: int) -> None:
    """Send the digests whose local send time has come.

    With REDIS_URL each batch becomes a job on the "digests" queue for `flask jobs work`;
    without it (or with --dry-run or --limit) the batches are sent here, one after another.
    Safe to run again at any time (for example every 15 minutes from cron), also while
    another run or many workers are at it: a reader never gets two digests for the same day
    or week. Failed sends are retried on the next run.
    """
    now = utcnow()
    readers = schedule.candidates(now, force=force)
    if background.uses_queue() and not dry_run and limit is None:
        run_id, count = batches.enqueue_run(readers, now, force=force, batch_size=batch_size)
        click.echo(
            f"Queued {count} batch(es) for {len(readers)} due reader(s) (run {run_id}); "
            "`flask jobs work` sends them, `flask digests stats` shows the outcome."
        )
        return
    with click.progressbar(length=len(readers), label="Readers", show_pos=True) as bar:
        summary = batches.send_in_process(
            readers, now, batch_size=batch_size, limit=limit, dry_run=dry_run, progress=bar.update
        )
    if dry_run:
        click.echo(
            f"Dry run: {summary.due} due, {summary.planned} would be sent, "
            f"{summary.skipped_empty} skipped (nothing new). Nothing was sent."
        )
        return
    click.echo(
        f"Done: {summary.due} due, {summary.sent} sent, "
        f"{summary.skipped_empty} skipped (nothing new), {summary.failed} failed."
    )
    if summary.failed:
        click.echo("Failed digests are tried again on the next run.", err=True)
        raise SystemExit(1)


@digests_cli.command("stats")
@click.option("--periods", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--runs", "run_count", type=click.IntRange(min=0), default=5, show_default=True)
def digest_stats(periods: int, run_count: int) -> None:
    """Per digest (day or week): sent, readers who clicked, unconfirmed opens, clicks per article;
    then the latest send runs (duration, readers, sent, failed, retried, skipped) and any
    digests stuck "sending".

    A click counts when the reader opened the link signed in; other opens (mail scanners,
    forwarded emails) are shown apart as unconfirmed.
    """
    rows = clicks.stats(periods)
    if not rows:
        click.echo("No digests have been sent yet.")
    else:
        _period_table(rows)
    _runs_table(runs.recent(run_count))
    stuck = runs.stuck()
    if stuck.count:
        minutes = int(runs.STUCK_AFTER.total_seconds() // 60)
        click.echo(
            f'\nStuck: {stuck.count} digest(s) still "sending" more than {minutes} min after '
            f"their claim (oldest {stuck.oldest:%Y-%m-%d %H:%M} UTC): a sending process "
            f"stopped. Settle them with `flask digests resolve-stuck --older-than {minutes}m`."
        )


def _period_table(rows) -> None:
    header = (
        f"{'Digest':<12} {'Sent':>6} {'Failed':>6} {'Unsure':>6} {'Clicked':>8} {'Rate':>6} "
        f"{'Unconfirmed':>11}"
    )
    click.echo(header)
    click.echo("-" * len(header))
    for row in rows:
        rate = f"{row.clicked_users / row.sent:.0%}" if row.sent else "-"
        click.echo(
            f"{row.period:<12} {row.sent:>6} {row.failed:>6} {row.interrupted:>6} "
            f"{row.clicked_users:>8} {rate:>6} {row.unconfirmed:>11}"
        )
    click.echo(
        "\nUnsure: the run stopped while sending; see `flask digests resolve-stuck`."
        " Unconfirmed: opens without the reader signed in (mail scanners, forwarded emails)."
    )
    click.echo("\nConfirmed clicks per article")
    for row in rows:
        for title, count in row.articles or []:
            click.echo(f"{row.period:<12} {count:>6}  {title}")


def _runs_table(found) -> None:
    if not found:
        return
    header = (
        f"{'Run':>5} {'Started (UTC)':<16} {'Seconds':>8} {'Readers':>7} {'Sent':>6} "
        f"{'Failed':>6} {'Retried':>7} {'Skipped':>7} {'Batches':>9}  Where"
    )
    click.echo("\nSend runs")
    click.echo(header)
    click.echo("-" * len(header))
    for run in found:
        seconds = f"{run.duration_seconds:.1f}" if run.duration_seconds is not None else "running"
        where = f"{run.host}:{run.pid}" + (" via workers" if run.queued else "")
        click.echo(
            f"{run.id:>5} {run.started_at:%Y-%m-%d %H:%M} {seconds:>8} {run.readers:>7} "
            f"{run.sent:>6} {run.failed:>6} {run.retried:>7} {run.skipped:>7} "
            f"{run.batches_done:>4}/{run.batches:<4}  {where}"
        )


@digests_cli.command("resolve-stuck")
@click.option(
    "--older-than",
    type=Duration(),
    default="30m",
    show_default=True,
    help="Only digests claimed longer ago than this (30m, 2h, 1d).",
)
@click.option(
    "--as",
    "status",
    type=click.Choice(runs.RESOLVE_AS),
    default=FAILED,
    show_default=True,
    help="failed: send them again on the next run; sent: never send them again.",
)
def resolve_stuck(older_than: timedelta, status: str) -> None:
    """Settle digests left "sending" by a process that stopped (killed, machine lost).

    --as failed (the default) sends them again on the next `flask digests send`: a reader
    whose message the mail server had already accepted just before the crash gets it twice
    (at least once). --as sent never sends them again: a reader whose message had not gone
    out yet gets none this period (at most once). Keep --older-than above the time a batch
    takes, so a batch still at work is left alone.
    """
    changed = runs.resolve_stuck(older_than, status)
    db.session.commit()
    click.echo(f"Marked {changed} stuck digest(s) as {status}.")
    if changed and status == FAILED:
        click.echo("The next `flask digests send` sends them again.")
