"""Web blueprints, error pages, template helpers and CLI commands."""

from flask import Flask


def register(app: Flask) -> None:
    from blueprints import (
        articles,
        auth,
        cli,
        errors,
        feed,
        health,
        saved,
        settings,
        shares,
        templating,
        topics,
    )

    for module in (auth, feed, topics, articles, saved, shares, settings, health):
        app.register_blueprint(module.bp)
    errors.register(app)
    templating.register(app)
    cli.register(app)
