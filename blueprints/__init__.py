"""Web blueprints, error pages, template helpers and CLI commands."""

from flask import Flask


def register(app: Flask) -> None:
    from blueprints.navigation import RowIdConverter

    app.url_map.converters["id"] = RowIdConverter
    from blueprints import (
        articles,
        auth,
        cli,
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

    for module in (auth, feed, topics, articles, search, saved, shares, settings, health):
        app.register_blueprint(module.bp)
    security.register(app)
    errors.register(app)
    templating.register(app)
    cli.register(app)
