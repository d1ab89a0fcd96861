"""gunicorn.conf.py reads its settings from the environment, with safe defaults."""

import multiprocessing
import runpy

import pytest

from tests.conftest import ROOT

CONF = str(ROOT / "gunicorn.conf.py")
NAMES = ["WEB_CONCURRENCY", "PLAINLY_WEB_THREADS", "PLAINLY_BIND", "PLAINLY_WEB_MAX_REQUESTS",
         "PLAINLY_WEB_PRELOAD", "PLAINLY_ACCESS_LOG", "PLAINLY_LOG_FORMAT"]  # fmt: skip


@pytest.fixture
def conf(monkeypatch):
    """`conf(**environment)`: the settings gunicorn.conf.py gives with that environment."""
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)

    def load(**environment):
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(CONF)

    return load


def test_defaults_listen_on_loopback_with_workers_for_the_cores(conf, monkeypatch):
    monkeypatch.setattr(multiprocessing, "cpu_count", lambda: 2)
    settings = conf()
    assert settings["bind"] == ["127.0.0.1:8000"]
    assert settings["workers"] == 5
    assert (settings["threads"], settings["worker_class"]) == (2, "gthread")
    assert settings["timeout"] == 30 and settings["graceful_timeout"] == 30
    assert (settings["max_requests"], settings["max_requests_jitter"]) == (2000, 200)
    assert settings["preload_app"] is True and settings["accesslog"] is None
    assert settings["wsgi_app"] == "app:create_app()"


def test_many_cores_are_capped(conf, monkeypatch):
    monkeypatch.setattr(multiprocessing, "cpu_count", lambda: 64)
    assert conf()["workers"] == 12


def test_the_environment_sets_workers_threads_and_bind(conf):
    settings = conf(WEB_CONCURRENCY="3", PLAINLY_WEB_THREADS="1", PLAINLY_BIND="unix:/run/p.sock")
    assert (settings["workers"], settings["threads"], settings["worker_class"]) == (3, 1, "sync")
    assert settings["bind"] == ["unix:/run/p.sock"]


@pytest.mark.parametrize("value", ["three", "-1", "2.5"])
def test_a_count_that_is_not_a_whole_number_stops_the_start(conf, value):
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY must be a whole number"):
        conf(WEB_CONCURRENCY=value)


def test_json_logs_format_gunicorns_messages_with_the_apps_formatter(conf):
    formatters = conf(PLAINLY_LOG_FORMAT="json")["logconfig_dict"]["formatters"]
    assert formatters["main"] == {"()": "services.log_format.JsonFormatter"}
    assert "format" in conf(PLAINLY_LOG_FORMAT="text")["logconfig_dict"]["formatters"]["main"]


def test_gunicorns_access_log_is_off_unless_asked_for(conf):
    assert conf()["logconfig_dict"]["loggers"]["gunicorn.access"]["handlers"] == []
    settings = conf(PLAINLY_ACCESS_LOG="1")
    assert settings["accesslog"] == "-"
    assert settings["logconfig_dict"]["loggers"]["gunicorn.access"]["handlers"] == ["stdout"]
