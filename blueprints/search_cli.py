"""Command-line tools for search: `flask search reindex` and `flask search synonyms`."""

import click
from flask.cli import AppGroup

from models import db
from services import search_index, synonyms

search_cli = AppGroup("search", help="Maintain the search index and the synonyms file.")


@search_cli.command("reindex")
def reindex() -> None:
    """Rebuild the search index of every published article from what it says now.

    Saving an article keeps its entry up to date by itself; run this after restoring a
    database, after upgrading (the migration's first fill leaves out glossary terms), or
    after editing glossary aliases.
    """
    count = search_index.reindex()
    db.session.commit()
    click.echo(f"Search index rebuilt: {count} published articles.")


@search_cli.command("synonyms")
def check_synonyms() -> None:
    """Check content/synonyms.toml and print its groups; exit 1 if any is malformed."""
    found = synonyms.current()
    for phrase, alternatives in sorted(found.by_phrase.items()):
        click.echo(f"{phrase}: {', '.join(a for a in alternatives if a != phrase)}")
    for problem in found.problems:
        click.echo(problem, err=True)
    if found.problems:
        raise SystemExit(1)
