"""create_app configuration: the database URL, the secret key and the production checks.

Apps are built with the `isolated` fixture (tests/unit/conftest.py): an instance folder in
tmp_path and no settings from the environment.
"""

import stat

import pytest
from flask import Flask

from config import ConfigError, database_url
from models import db

ENV_KEY = "from-the-environment-" + "e" * 32
PREFIXED_KEY = "prefixed-key-" + "p" * 32


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        (
            "postgresql://u:p@db.example:5432/plainly",
            "postgresql+psycopg://u:p@db.example:5432/plainly",
        ),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////srv/plainly.sqlite3", "sqlite:////srv/plainly.sqlite3"),
    ],
)
def test_database_url_uses_psycopg_for_postgres(url, expected):
    assert database_url(url, "/unused") == expected


@pytest.mark.parametrize("url", [None, ""])
def test_without_database_url_a_sqlite_file_in_the_instance_folder_is_used(url, tmp_path):
    assert database_url(url, str(tmp_path)) == f"sqlite:///{tmp_path / 'plainly.sqlite3'}"


def test_create_app_rewrites_a_postgres_database_url(isolated, monkeypatch):
    _, make = isolated
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    monkeypatch.setenv("SECRET_KEY", ENV_KEY)
    app = make()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    with app.app_context():
        assert db.engine.url.drivername == "postgresql+psycopg"


def test_create_app_defaults_to_sqlite_in_the_instance_folder(isolated):
    instance, make = isolated
    app = make()
    assert app.instance_path == str(instance)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'plainly.sqlite3'}"


def test_without_secret_key_one_is_generated_once_and_reused(isolated):
    instance, make = isolated
    first = make()
    key_file = instance / "secret_key"
    assert key_file.is_file()
    key = key_file.read_text().strip()
    assert first.config["SECRET_KEY"] == key
    assert len(key) >= 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    second = make()
    assert second.config["SECRET_KEY"] == key
    assert key_file.read_text().strip() == key


def test_separate_instance_folders_get_different_keys(isolated, tmp_path, monkeypatch):
    _, make = isolated
    key_one = make().config["SECRET_KEY"]
    other = tmp_path / "other-instance"
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(other))
    assert make().config["SECRET_KEY"] != key_one


def test_secret_key_from_the_environment_wins_and_no_file_is_written(isolated, monkeypatch):
    instance, make = isolated
    monkeypatch.setenv("SECRET_KEY", ENV_KEY)
    assert make().config["SECRET_KEY"] == ENV_KEY
    assert not (instance / "secret_key").exists()


def test_prefixed_environment_settings_are_applied(isolated, monkeypatch):
    instance, make = isolated
    monkeypatch.setenv("PLAINLY_SECRET_KEY", PREFIXED_KEY)
    monkeypatch.setenv("PLAINLY_CONTENT_DIR", "/srv/content")
    app = make()
    assert app.config["SECRET_KEY"] == PREFIXED_KEY
    assert app.config["CONTENT_DIR"] == "/srv/content"
    assert not (instance / "secret_key").exists()


@pytest.mark.parametrize("key", ["short", "x" * 31, "é" * 15])
def test_a_secret_key_shorter_than_32_bytes_is_refused(isolated, key):
    _, make = isolated
    with pytest.raises(ConfigError, match="at least 32"):
        make({"SECRET_KEY": key})


def test_a_secret_key_read_as_a_number_from_the_environment_is_refused(isolated, monkeypatch):
    _, make = isolated
    monkeypatch.setenv("PLAINLY_SECRET_KEY", "1" * 40)  # JSON: a number, not the text
    with pytest.raises(ConfigError, match="must be text, not int"):
        make()


def test_a_short_key_in_the_instance_file_is_refused_with_its_path(isolated):
    instance, make = isolated
    instance.mkdir()
    (instance / "secret_key").write_text("too-short\n")
    with pytest.raises(ConfigError, match=r"secret_key is 9 bytes long"):
        make()


def test_production_mode_needs_a_secret_key(isolated):
    instance, make = isolated
    with pytest.raises(ConfigError, match="Production mode needs SECRET_KEY"):
        make({"PRODUCTION": True})
    assert not (instance / "secret_key").exists()


def test_production_with_several_workers_and_no_redis_refuses_to_start(isolated, monkeypatch):
    _, make = isolated
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    with pytest.raises(ConfigError, match="3 server processes .* needs REDIS_URL"):
        make({"PRODUCTION": True, "SECRET_KEY": ENV_KEY})


@pytest.mark.parametrize(
    ("settings", "workers"),
    [
        ({"PRODUCTION": True, "WORKERS": 1}, 1),
        ({"PRODUCTION": True, "WORKERS": "4", "RATELIMIT_STORAGE_URI": "redis://r:6379"}, 4),
        ({"PRODUCTION": False, "WORKERS": 3}, 3),
    ],
)
def test_one_worker_or_shared_counters_or_development_start(isolated, settings, workers):
    _, make = isolated
    app = make({"SECRET_KEY": ENV_KEY, **settings})
    assert app.config["WORKERS"] == workers


@pytest.mark.parametrize("name", ["WORKERS", "TRUSTED_PROXIES"])
@pytest.mark.parametrize("value", ["-1", "two", True])
def test_counts_must_be_whole_numbers(isolated, name, value):
    _, make = isolated
    with pytest.raises(ConfigError, match=f"{name} must be a whole number"):
        make({"SECRET_KEY": ENV_KEY, name: value})


def test_production_trusts_only_the_base_urls_host_unless_told_otherwise(isolated, monkeypatch):
    _, make = isolated
    base = {"PRODUCTION": True, "SECRET_KEY": ENV_KEY, "BASE_URL": "https://plainly.example.org"}
    assert make(base).config["TRUSTED_HOSTS"] == ["plainly.example.org"]
    monkeypatch.setenv("PLAINLY_TRUSTED_HOSTS", "plainly.example.org, www.plainly.example.org")
    hosts = make(base).config["TRUSTED_HOSTS"]
    assert hosts == ["plainly.example.org", "www.plainly.example.org"]
    monkeypatch.delenv("PLAINLY_TRUSTED_HOSTS")
    assert make({"SECRET_KEY": ENV_KEY}).config["TRUSTED_HOSTS"] is None, "development: any"
