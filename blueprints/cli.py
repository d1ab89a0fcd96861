"""Command-line tools: `flask content load|import` and `flask users promote|demote|list|prune`;
the digests, jobs, search and demo commands are registered here from their own modules."""

from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from blueprints.demo_cli import demo_cli
from blueprints.digests_cli import digests_cli
from blueprints.jobs_cli import jobs_cli
from blueprints.search_cli import search_cli
from models import db
from services import imports, staff, unconfirmed
from services.content import ContentError, load_content
from services.errors import DomainError

# An AppGroup wraps its commands in an app context, so they also work when invoked through
# `app.cli` (the test runner, scripts) and not only through the `flask` command.
content = AppGroup("content", help="Manage article summaries, topics and the glossary.")


@content.command("load")
@click.argument("path", required=False, type=click.Path(file_okay=False, path_type=Path))
def load(path: Path | None) -> None:
    """Load topics, articles and the glossary from PATH (default: the content/ folder).

    Every file is checked first; if any is malformed nothing is written. Articles and
    glossary terms are matched by slug, so running it again only applies what changed.
    """
    root = path or Path(current_app.config["CONTENT_DIR"])
    try:
        report = load_content(root)
    except ContentError as exc:
        _refuse(exc.problems, "Nothing was loaded.")
    db.session.commit()
    click.echo(
        f"Content loaded from {root}: {len(report.created)} created, "
        f"{len(report.updated)} updated, {len(report.unchanged)} unchanged."
    )
    terms = report.glossary
    click.echo(
        f"Glossary: {len(terms.created)} terms created, {len(terms.updated)} updated, "
        f"{len(terms.unchanged)} unchanged."
    )


def _refuse(problems: Iterable[str], heading: str | None = None) -> NoReturn:
    """Roll back, print the heading and every problem on stderr, and exit with status 1."""
    db.session.rollback()
    problems = list(problems)
    if heading:
        click.echo(f"{heading} {len(problems)} problem(s) found:", err=True)
    for problem in problems:
        click.echo(f"  {problem}" if heading else problem, err=True)
    raise SystemExit(1)


@content.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--author", "email", required=True, help="Email address of the writer (staff).")
def import_file(file: Path, email: str) -> None:
    """Import article summaries from FILE (.json, .csv or .toml) as drafts by --author.

    The whole file is checked first; if any row is bad, every problem is listed and nothing
    is written. Drafts with the same slug are updated; articles already in review, approved
    or published are left as they are and listed as skipped. See docs/import-format.md.
    """
    try:
        author = imports.find_author(email)
        with file.open("rb") as f:
            batch = imports.read(file.name, f.read(imports.MAX_BYTES + 1))
    except ContentError as exc:
        _refuse(exc.problems, "Nothing was imported.")
    with click.progressbar(length=len(batch.rows), label="Articles", show_pos=True) as bar:
        report = imports.write(batch, author.id, progress=bar.update)
    db.session.commit()
    click.echo(
        f"Imported {file.name}: {len(report.created)} created, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped."
    )
    for item in report.skipped:
        click.echo(f"  skipped {item.slug}: {item.note}, not changed")


users = AppGroup("users", help="Manage accounts and staff: editors, reviewers and admins.")
ROLE_HELP = f"The staff role: {staff.ROLE_NAMES}."


@users.command("promote")
@click.argument("email")
@click.option("--role", required=True, help=ROLE_HELP)
@click.option("--name", "display_name", help="The name shown on reviewed pages.")
@click.option("--credentials", help="The credentials line, e.g. 'consultant neurologist'.")
def promote(email: str, role: str, display_name: str | None, credentials: str | None) -> None:
    """Give the account with EMAIL a staff role.

    Any role it had is replaced. The account must exist (sign up first). Staff also need to
    confirm their email address and turn on two-step sign-in in Settings before the editor
    opens for them.
    """
    try:
        user = staff.promote(email, role, display_name, credentials)
    except DomainError as error:
        _refuse(error.errors.values())
    db.session.commit()
    click.echo(f"{user.email} is now {user.staff_role} ({user.byline}).")


@users.command("demote")
@click.argument("email")
@click.option("--role", required=True, help=ROLE_HELP)
def demote(email: str, role: str) -> None:
    """Take the staff role away from EMAIL.

    ROLE must be the role the account has; the account stays, as a reader's.
    """
    try:
        user = staff.demote(email, role)
    except DomainError as error:
        _refuse(error.errors.values())
    db.session.commit()
    click.echo(f"{user.email} is no longer {role}.")


@users.command("list")
@click.option("--staff", "staff_only", is_flag=True, help="Only editors, reviewers and admins.")
def list_users(staff_only: bool) -> None:
    """List accounts, or only staff with --staff.

    Shows the email address, staff role, name, credentials and whether two-step sign-in is on.
    """
    accounts = staff.list_staff() if staff_only else staff.list_accounts()
    if not accounts:
        click.echo("No staff yet." if staff_only else "No accounts yet.")
        return
    header = ("Email", "Role", "Name", "Credentials", "Two-step")
    rows = [
        (
            u.email,
            u.staff_role or "reader",
            u.display_name or "-",
            u.credentials or "-",
            "on" if u.has_two_step else "off",
        )
        for u in accounts
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


@users.command("prune")
@click.option("--dry-run", is_flag=True, help="List the accounts but delete nothing.")
def prune(dry_run: bool) -> None:
    """Delete accounts whose email address was not confirmed within 7 days.

    Everything of theirs goes too (follows, saved articles, notes, share links, digest
    settings), so the owner of the address can sign up with it. Staff accounts are kept.
    Safe to run daily from cron.
    """
    emails = unconfirmed.prune(dry_run=dry_run)
    if not dry_run:
        db.session.commit()
    days = unconfirmed.PRUNE_AFTER.days
    if dry_run:
        click.echo(f"Dry run: {len(emails)} account(s) unconfirmed after {days} days.")
    else:
        click.echo(f"Deleted {len(emails)} account(s) unconfirmed after {days} days.")
    for email in emails:
        click.echo(f"  {email}")


def register(app: Flask) -> None:
    app.cli.add_command(content)
    app.cli.add_command(digests_cli)
    app.cli.add_command(users)
    app.cli.add_command(search_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(demo_cli)
