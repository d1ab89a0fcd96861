"""create_app configuration: the database URL and the secret key.

The instance folder is moved to tmp_path by patching Flask.auto_find_instance_path (what
Flask calls when no instance_path is given), so the project's real instance/ is never used.
"""

import os
import stat
from pathlib import Path

import pytest
from flask import Flask

from app import create_app, database_url
from models import db
from tests.conftest import ROOT

REAL_SECRET = ROOT / "instance" / "secret_key"


def fingerprint(path: Path):
    return (path.read_bytes(), path.stat().st_mtime_ns) if path.exists() else None


@pytest.fixture
def isolated(monkeypatch, tmp_path):
    """(instance folder, factory): apps built with no settings from the environment."""
    instance = tmp_path / "instance"
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(instance))
    for name in list(os.environ):
        if name in {"SECRET_KEY", "DATABASE_URL"} or name.startswith("PLAINLY_"):
            monkeypatch.delenv(name)
    real_before = fingerprint(REAL_SECRET)
    apps = []

    def make(config=None):
        app = create_app({"TESTING": True, **(config or {})})
        apps.append(app)
        return app

    yield instance, make
    for app in apps:
        with app.app_context():
            db.engine.dispose()
    assert fingerprint(REAL_SECRET) == real_before, "the real instance/secret_key was touched"


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
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
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
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert make().config["SECRET_KEY"] == "from-the-environment"
    assert not (instance / "secret_key").exists()


def test_prefixed_environment_settings_are_applied(isolated, monkeypatch):
    instance, make = isolated
    monkeypatch.setenv("PLAINLY_SECRET_KEY", "prefixed-key")
    monkeypatch.setenv("PLAINLY_CONTENT_DIR", "/srv/content")
    app = make()
    assert app.config["SECRET_KEY"] == "prefixed-key"
    assert app.config["CONTENT_DIR"] == "/srv/content"
    assert not (instance / "secret_key").exists()
