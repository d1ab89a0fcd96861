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
        saved,
        search,
        security,
        settings,
        shares,
        templating,
        topics,
    )
    from blueprints.navigation import RowIdConverter

    app.url_map.converters["id"] = RowIdConverter
    blueprints = (auth, feed, topics, articles, search, saved, shares, settings, digests, health)
    for module in blueprints:
        app.register_blueprint(module.bp)
    csrf.exempt(digests.unsubscribe_now)
    security.register(app)
    errors.register(app)
    templating.register(app)
    cli.register(app)
