# Plainly: `make run` serves the app with sample content; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := app
export PYTHONDONTWRITEBYTECODE := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends

.PHONY: run test test-sqlite test-postgres lint format install install-test system-test-deps \
	test-system bench bench-deps bench-feed bench-load bench-pages bench-workers constraints clean

## make run: install, migrate, load the sample content and serve on http://127.0.0.1:5000
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask content load
	@echo
	@echo "  Plainly is running at http://$(HOST):$(PORT)  (press Ctrl+C to stop)"
	@echo
	$(BIN)/flask run --host $(HOST) --port $(PORT)

## make test: lint, then the whole suite on SQLite and again on PostgreSQL
## (tests/system, which starts its own PostgreSQL, Redis and workers, runs once: in the second)
test: install-test system-test-deps lint test-sqlite test-postgres

test-sqlite: install-test system-test-deps
	$(BIN)/pytest --ignore=tests/system

test-postgres: install-test system-test-deps
	scripts/with-postgres $(BIN)/pytest

## make test-system: only the system tests (the deploy recipe, digests through racing workers)
test-system: install-test system-test-deps
	$(BIN)/pytest tests/system

## make bench: build digests for 20,000 generated readers (no mail is sent), about two minutes
bench: install-test bench-deps
	$(BIN)/python bench/digests.py

# wrk, the HTTP load generator of bench/pages.py, installed only when missing.
bench-deps:
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -q && $(APT_INSTALL) wrk; }

## make bench-pages: wrk against gunicorn on 10k and 100k generated articles (SQLite); see bench/RESULTS.md
bench-pages: install bench-deps
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -c pyproject.toml -r .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { $(SUDO) apt-get update -q && $(APT_INSTALL) python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Installing the project installs only its dependencies (see pyproject.toml): the code runs
# from this folder, where flask (FLASK_APP=app) and pytest find it.
$(VENV)/.installed: $(VENV)/bin/python pyproject.toml constraints.txt
	$(BIN)/pip install -q -c constraints.txt .
	@touch $@

# Test tools, the lint tools (dev) and the Redis client the rate-limit tests use.
$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -c constraints.txt ".[test,dev,redis]"
	@touch $@

# Debian packages the browser, PostgreSQL and Redis tests use, installed only when missing.
system-test-deps:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -q && $(APT_INSTALL) chromium; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(APT_INSTALL) postgresql; }
	@command -v redis-server >/dev/null || { $(SUDO) apt-get update -q && $(APT_INSTALL) redis-server; }

## make bench-workers: 50k readers' digests through 1, 2 and 4 workers (PostgreSQL, Redis, SMTP sink)
bench-workers: install-test system-test-deps
	$(BIN)/python bench/digest_workers.py

## make bench-feed: time the feed query and page on 200k generated articles
bench-feed: install
	$(BIN)/python bench/feed.py

## make bench-load: 16 simulated users against gunicorn on 127.0.0.1 for 60 s
bench-load: install
	@[ -x .venv-bench/bin/locust ] || { $(PYTHON) -m venv .venv-bench && .venv-bench/bin/pip install -q -r bench/requirements.txt; }
	$(BIN)/python bench/load.py

## make constraints: re-pin every dependency after changing pyproject.toml
constraints:
	rm -rf /tmp/plainly-pin && $(PYTHON) -m venv /tmp/plainly-pin
	/tmp/plainly-pin/bin/pip install -q --upgrade pip && /tmp/plainly-pin/bin/pip install -q ".[test,dev,redis]"
	/tmp/plainly-pin/bin/pip freeze --exclude plainly > constraints.txt
	rm -rf /tmp/plainly-pin

clean:
	rm -rf $(VENV) .venv-bench .pytest_cache .ruff_cache .hypothesis tests/artifacts *.egg-info build
