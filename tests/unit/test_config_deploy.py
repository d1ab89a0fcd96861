"""The production-profile settings: log format, proxy hops, readiness cache."""

import logging

import pytest

from config import ConfigError

KEY = "deploy-settings-test-key-" + "k" * 32


@pytest.fixture(autouse=True)
def _root_logger_left_as_found():
    """An app built with JSON logs adds a handler to the root logger: take it away again."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in set(root.handlers) - set(handlers):
        root.removeHandler(handler)
    root.setLevel(level)


@pytest.mark.parametrize(
    ("value", "expected"), [("json", "json"), ("JSON ", "json"), ("text", "text")]
)
def test_log_format_is_text_or_json(isolated, value, expected):
    _, make = isolated
    assert make({"SECRET_KEY": KEY, "LOG_FORMAT": value}).config["LOG_FORMAT"] == expected


@pytest.mark.parametrize("value", ["xml", "", 1, None])
def test_another_log_format_is_refused(isolated, value):
    _, make = isolated
    with pytest.raises(ConfigError, match="LOG_FORMAT must be one of text, json"):
        make({"SECRET_KEY": KEY, "LOG_FORMAT": value})


def test_json_logs_write_security_events_as_json_too_unless_told_otherwise(isolated, monkeypatch):
    _, make = isolated
    monkeypatch.setenv("PLAINLY_LOG_FORMAT", "json")
    assert make({"SECRET_KEY": KEY}).config["SECURITY_LOG_JSON"] is True
    assert (
        make({"SECRET_KEY": KEY, "SECURITY_LOG_JSON": False}).config["SECURITY_LOG_JSON"] is False
    )


def test_proxy_hops_follow_trusted_proxies_unless_set(isolated, monkeypatch):
    _, make = isolated
    monkeypatch.setenv("PLAINLY_TRUSTED_PROXIES", "2")
    monkeypatch.setenv("PLAINLY_PROXY_FIX_HOST", "0")
    config = make({"SECRET_KEY": KEY}).config
    assert (config["PROXY_FIX_FOR"], config["PROXY_FIX_PROTO"], config["PROXY_FIX_HOST"]) == (
        2,
        2,
        0,
    )
    assert config["PROXY_FIX_PREFIX"] == 0


@pytest.mark.parametrize(
    "name",
    [
        "PROXY_FIX_FOR",
        "PROXY_FIX_PROTO",
        "PROXY_FIX_HOST",
        "PROXY_FIX_PREFIX",
        "READY_CACHE_SECONDS",
    ],
)
@pytest.mark.parametrize("value", ["-1", "two", True])
def test_hop_counts_and_the_cache_time_must_be_whole_numbers(isolated, name, value):
    _, make = isolated
    with pytest.raises(ConfigError, match=f"{name} must be a whole number"):
        make({"SECRET_KEY": KEY, name: value})


def test_redis_url_comes_from_the_environment(isolated, monkeypatch):
    _, make = isolated
    assert make({"SECRET_KEY": KEY}).config["REDIS_URL"] is None
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6390/0")
    assert make({"SECRET_KEY": KEY}).config["REDIS_URL"] == "redis://127.0.0.1:6390/0"
