"""BENCH_ROUTES adds the benchmark pages in development and is refused in production."""

import pytest

from config import ConfigError

KEY = "k" * 40


def test_production_refuses_the_bench_pages(isolated, monkeypatch):
    _, make = isolated
    monkeypatch.setenv("PLAINLY_BENCH_ROUTES", "1")
    with pytest.raises(ConfigError, match="Production mode refuses BENCH_ROUTES"):
        make({"PRODUCTION": True, "SECRET_KEY": KEY})


@pytest.mark.parametrize(("value", "registered"), [(None, False), ("0", False), ("1", True)])
def test_the_bench_pages_exist_only_with_the_setting(isolated, monkeypatch, value, registered):
    _, make = isolated
    if value is not None:
        monkeypatch.setenv("PLAINLY_BENCH_ROUTES", value)
    app = make({"SECRET_KEY": KEY})
    assert ("bench" in app.blueprints) is registered
