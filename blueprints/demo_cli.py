"""Command-line tools for generated data: `flask demo generate` and `flask demo clear`."""

import time

import click
from flask.cli import AppGroup

from models import db
from services import demo, security_log

demo_cli = AppGroup("demo", help="Fill the database with generated data, or remove it.")


@demo_cli.command("generate")
@click.option("--articles", default=1000, show_default=True, type=click.IntRange(0))
@click.option("--users", default=500, show_default=True, type=click.IntRange(0))
@click.option("--topics", default=40, show_default=True, type=click.IntRange(1))
@click.option("--seed", default=0, show_default=True, help="The same seed gives the same data.")
@click.option("--password", help="Password of every generated reader (default: unusable).")
@click.option("--force", is_flag=True, help="Also on a database that holds real content.")
def generate(
    articles: int, users: int, topics: int, seed: int, password: str | None, force: bool
) -> None:
    """Replace the generated data with ARTICLES articles, USERS readers and TOPICS topics.

    Readers follow 3-15 topics and have saves, reads, digest preferences and past digests;
    addresses end in @generated.invalid. A database with real content (articles that are not
    sample content, or any account that was not generated) is refused unless --force.
    """
    real = demo.real_content()
    if any(real.values()) and not force:
        found = ", ".join(f"{n} {name}" for name, n in real.items() if n)
        raise click.ClickException(
            f"This database holds real content ({found}); nothing was generated. "
            "Use --force to add generated data beside it."
        )
    sizes = demo.Sizes(articles=articles, users=users, topics=topics)
    started = time.perf_counter()
    with click.progressbar(length=sizes.steps, label="Generating") as bar:
        counts = demo.generate(sizes, seed=seed, password=password, progress=bar.update)
    db.session.commit()
    demo.analyze()
    db.session.commit()
    # Generated accounts that can be logged into (with --password) are worth a trace.
    security_log.record(
        "demo.generated", forced=force, can_log_in=password is not None, **_fields(counts)
    )
    made = ", ".join(f"{n:,} {name}" for name, n in counts.items())
    click.echo(f"Generated in {time.perf_counter() - started:.1f} s: {made}.")


@demo_cli.command("clear")
def clear() -> None:
    """Delete every generated article, topic and reader, and what belongs to them only."""
    counts = demo.clear()
    db.session.commit()
    security_log.record("demo.cleared", **_fields(counts))
    made = ", ".join(f"{n:,} {name}" for name, n in counts.items())
    click.echo(f"Deleted the generated data: {made}.")


def _fields(counts: dict[str, int]) -> dict[str, int]:
    return {name.replace(" ", "_"): n for name, n in counts.items()}
