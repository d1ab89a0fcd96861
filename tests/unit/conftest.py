"""Fixtures for unit tests that build apps from scratch (configuration, instance files).

The instance folder is moved to tmp_path by patching Flask.auto_find_instance_path (what
Flask calls when no instance_path is given), so the project's real instance/ is never used.
"""

import os
from pathlib import Path

import pytest
from flask import Flask

from app import create_app
from models import db
from tests.conftest import ROOT

REAL_SECRET = ROOT / "instance" / "secret_key"


ENVIRONMENT = {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY"}


def fingerprint(path: Path):
    return (path.read_bytes(), path.stat().st_mtime_ns) if path.exists() else None


@pytest.fixture
def isolated(monkeypatch, tmp_path):
    """(instance folder, factory): apps built with no settings from the environment."""
    instance = tmp_path / "instance"
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(instance))
    for name in list(os.environ):
        if name in ENVIRONMENT or name.startswith("PLAINLY_"):
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
