"""Web blueprints, error pages, template helpers and CLI commands."""

from flask import Flask


def register(app: Flask) -> None:
    from app import csrf
    from blueprints import (
        articles,
        auth,
        cli,
        digests,
        errors,
        feed,
        health,
        settings,
        templating,
        topics,
    )

    for module in (auth, feed, topics, articles, health, settings, digests):
        app.register_blueprint(module.bp)
    csrf.exempt(digests.unsubscribe_now)
    errors.register(app)
    templating.register(app)
    cli.register(app)
