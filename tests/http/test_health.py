"""`/healthz` (alive) and `/readyz` (database, Redis when configured, migrations at head)."""

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import stamp

from extensions import limiter
from models import db
from services import readiness
from tests.conftest import make_app
from tests.http.test_sessions import redis_url  # noqa: F401 - the Redis server fixture
from tests.smtp import free_port

MIGRATIONS = str(readiness.MIGRATIONS)


@pytest.fixture
def stamped(app):
    """`stamped(revision)`: mark the test database as migrated to `revision` (its tables come
    from create_all); the version table is dropped afterwards with the rest."""

    def mark(revision: str = "head"):
        with app.app_context():
            stamp(directory=MIGRATIONS, revision=revision)
        app.extensions.pop(readiness.KEY, None)  # forget a cached look at the revision
        return app

    yield mark
    with app.app_context():
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()


def ready(app):
    response = app.test_client().get("/readyz")
    return response.status_code, response.get_json()


def broken_database_app(tmp_path, **settings):
    missing = tmp_path / "no-such-folder" / "db.sqlite3"
    return make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{missing}", **settings)


def test_healthz_answers_without_asking_the_database(tmp_path):
    response = broken_database_app(tmp_path).test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_on_a_migrated_database(stamped):
    status, body = ready(stamped())
    assert status == 200
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"status": "ok", "detail": "reachable"}
    [head] = ScriptDirectory(MIGRATIONS).get_heads()
    assert body["checks"]["migrations"] == {"status": "ok", "detail": f"at head {head}"}
    assert "redis" not in body["checks"], "no REDIS_URL: not checked"


def test_readyz_answers_503_when_the_database_is_unreachable(tmp_path):
    status, body = ready(broken_database_app(tmp_path))
    assert status == 503
    assert body["status"] == "error"
    assert body["checks"]["database"]["status"] == "error"
    assert body["checks"]["database"]["detail"].startswith("unreachable")
    assert body["checks"]["migrations"]["status"] == "error"


def test_readyz_answers_503_before_any_migration(app):
    status, body = ready(app)  # create_all only: no alembic_version table
    assert status == 503
    assert "run `flask db upgrade`" in body["checks"]["migrations"]["detail"]


def test_readyz_answers_503_when_the_migrations_are_behind(stamped):
    scripts = ScriptDirectory(MIGRATIONS)
    [head] = scripts.get_heads()
    older = scripts.get_revision(head).down_revision
    status, body = ready(stamped(older))
    assert status == 503
    detail = body["checks"]["migrations"]["detail"]
    assert f"database at {older}, scripts at {head}: run `flask db upgrade`" == detail


def test_readyz_answers_503_when_redis_is_unreachable(stamped):
    app = stamped()
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    status, body = ready(app)
    assert status == 503
    assert body["checks"]["redis"] == {"status": "error", "detail": "unreachable"}
    assert body["checks"]["database"]["status"] == "ok"


def test_readyz_checks_redis_when_it_is_configured(stamped, redis_url):  # noqa: F811
    app = stamped()
    app.config["REDIS_URL"] = redis_url
    status, body = ready(app)
    assert (status, body["checks"]["redis"]) == (200, {"status": "ok", "detail": "reachable"})


def test_the_migration_revision_is_looked_up_again_only_after_the_cache_time(app, stamped):
    stamped()
    with app.app_context():
        assert readiness.migrations(now=100.0).ok
        db.session.execute(db.text("DELETE FROM alembic_version"))
        db.session.commit()
        assert readiness.migrations(now=104.9).ok, "within READY_CACHE_SECONDS (5): cached"
        assert not readiness.migrations(now=105.0).ok, "then looked up again"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_checks_are_never_rate_limited(tmp_path, monkeypatch, path):
    # The limiter is shared by every app and keeps the first default limit it is given:
    # the original (none) is put back after the test.
    monkeypatch.setattr(limiter.limit_manager, "_default_limits", [])
    app = make_app(tmp_path, RATELIMIT_DEFAULT="1 per minute")
    client = app.test_client()
    assert [client.get(path).status_code for _ in range(3)][-1] != 429
    assert [client.get("/about").status_code for _ in range(2)] == [200, 429], "others are"


@pytest.mark.parametrize(("path", "status"), [("/healthz", 200), ("/readyz", 503)])
def test_a_probe_by_the_servers_own_address_is_answered(tmp_path, path, status):
    app = make_app(tmp_path, TRUSTED_HOSTS=["plainly.example.org"])
    client = app.test_client()
    # /readyz: 503 (not migrated), not the 400 an untrusted host gets everywhere else.
    assert client.get(path, headers={"Host": "10.0.0.5:8000"}).status_code == status
    assert client.get("/about", headers={"Host": "10.0.0.5:8000"}).status_code == 400
