"""Command-line tools for the job queue: `flask jobs work|failed|retry`."""

import click
from flask import current_app
from flask.cli import AppGroup

from services import jobs
from services.background import QUEUES

jobs_cli = AppGroup("jobs", help="Run background jobs (mail, digests) and look after failed ones.")


def _stop(problem: Exception) -> None:
    click.echo(str(problem), err=True)
    raise SystemExit(1)


@jobs_cli.command("work")
@click.argument("queues", nargs=-1, type=click.Choice(QUEUES))
@click.option("--burst", is_flag=True, help="Stop once the queues are empty.")
def work(queues: tuple[str, ...], burst: bool) -> None:
    """Start a worker on the queues (default: all of them: mail, digests).

    Needs REDIS_URL. Each job runs in a fresh process forked from the worker, inside the
    app; a failing job is retried three times (after 10 s, 1 min and 5 min), then listed by
    `flask jobs failed`. Run as many workers, on as many machines, as the work needs.
    """
    try:
        jobs.work(current_app._get_current_object(), queues or QUEUES, burst=burst)
    except jobs.NoQueue as problem:
        _stop(problem)


@jobs_cli.command("failed")
def failed() -> None:
    """List the jobs that failed after their last retry: id, queue, job, arguments, error."""
    try:
        found = jobs.failed_jobs(current_app._get_current_object())
    except jobs.NoQueue as problem:
        _stop(problem)
    if not found:
        click.echo("No failed jobs.")
        return
    for job in found:
        enqueued = job.enqueued_at.strftime("%Y-%m-%d %H:%M:%S") if job.enqueued_at else "-"
        ended = job.failed_at.strftime("%Y-%m-%d %H:%M:%S") if job.failed_at else "-"
        click.echo(f"{job.id}  [{job.queue}] {job.function}({job.args})")
        click.echo(f"    enqueued {enqueued} UTC, failed {ended} UTC: {job.error or '?'}")
    click.echo(f"\n{len(found)} failed job(s). Run them again with `flask jobs retry ID` or --all.")


@jobs_cli.command("retry")
@click.argument("job_ids", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Retry every failed job.")
def retry(job_ids: tuple[str, ...], everything: bool) -> None:
    """Put failed jobs (by id, from `flask jobs failed`) back on their queue."""
    if bool(job_ids) == everything:
        _stop(click.UsageError("Give job ids or --all (not both)."))
    try:
        requeued = jobs.retry(current_app._get_current_object(), None if everything else job_ids)
    except jobs.NoQueue as problem:
        _stop(problem)
    except KeyError as missing:
        _stop(click.ClickException(f"Not in the failed list: {missing.args[0]}"))
    click.echo(f"Requeued {len(requeued)} job(s).")
