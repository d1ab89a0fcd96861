"""Command-line tools: `flask content load`."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from models import db
from services.content import ContentError, load_content

# An AppGroup wraps its commands in an app context, so they also work when invoked through
# `app.cli` (the test runner, scripts) and not only through the `flask` command.
content = AppGroup("content", help="Manage article summaries and topics.")


@content.command("load")
@click.argument("path", required=False, type=click.Path(file_okay=False, path_type=Path))
def load(path: Path | None) -> None:
    """Load topics and articles from PATH (default: the content/ folder).

    Every file is checked first; if any is malformed nothing is written. Articles are
    matched by slug, so running it again only applies what changed.
    """
    root = path or Path(current_app.config["CONTENT_DIR"])
    try:
        report = load_content(root)
    except ContentError as exc:
        db.session.rollback()
        click.echo(f"Nothing was loaded. {len(exc.problems)} problem(s) found:", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    click.echo(
        f"Content loaded from {root}: {len(report.created)} created, "
        f"{len(report.updated)} updated, {len(report.unchanged)} unchanged."
    )


def register(app: Flask) -> None:
    app.cli.add_command(content)
