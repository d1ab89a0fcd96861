"""Web blueprints, error pages, template helpers and CLI commands."""

from flask import Flask

from blueprints import (
    about,
    account,
    account_data,
    articles,
    auth,
    banners,
    bench,
    cards,
    cli,
    comfort,
    comfort_choice,
    digests,
    editor,
    errors,
    feed,
    feedback,
    feeds,
    glossary,
    health,
    layout,
    mutes,
    offline,
    saved,
    search,
    security,
    sessions,
    settings,
    shares,
    templating,
    topics,
)
from blueprints.navigation import RowIdConverter

BLUEPRINTS = (
    auth,
    feed,
    topics,
    mutes,
    feeds,
    articles,
    feedback,
    glossary,
    search,
    saved,
    shares,
    settings,
    comfort,
    account,
    account_data,
    digests,
    health,
    about,
    offline,
    banners,
    editor,
)


def register(app: Flask) -> None:
    app.url_map.converters["id"] = RowIdConverter
    for module in BLUEPRINTS:
        app.register_blueprint(module.bp)
    if app.config["BENCH_ROUTES"]:  # bench/pages.py only; refused in production
        app.register_blueprint(bench.bp)
    security.register(app)
    sessions.register(app)
    errors.register(app)
    templating.register(app)
    cards.register(app)
    layout.register(app)
    comfort_choice.register(app)
    cli.register(app)
