"""The bench scripts are not run by the suite; this only checks that they still import."""

import importlib

import pytest


@pytest.mark.parametrize("name", ["pages", "page_cpu", "feed", "digests", "server", "load"])
def test_a_bench_script_imports(name):
    module = importlib.import_module(f"bench.{name}")
    assert callable(getattr(module, "main", None) or module.serve)


def test_the_page_benchmark_reads_wrks_report_line(monkeypatch, tmp_path):
    pages = importlib.import_module("bench.pages")

    class Done:
        stdout = "Running 5s test\nRESULT 1000 2000000 1500 9000 20000 1 2\n"

    monkeypatch.setattr(pages.subprocess, "run", lambda *a, **k: Done())
    run = pages.wrk("http://127.0.0.1:1/", "session=x", 2, 16, tmp_path / "report.lua")
    assert run == pages.Run(rps=500.0, p50=1.5, p95=9.0, p99=20.0, errors=3)
