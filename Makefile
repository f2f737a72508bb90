# Healing Haven: the few targets a person needs. `make run` and `make test` work on a fresh clone.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
LOCK := requirements/dev.txt

# A Python of 3.12 or newer: the one .python-version selects (through pyenv), else the newest found.
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.14; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: help run test html-checker lint format lock upgrade clean-venv bench bench-visits lighthouse

help:
	@echo "make run    set up, load the demo content and serve the site on http://127.0.0.1:$(PORT)"
	@echo "make test   run the whole test suite in parallel (SQLite, or PostgreSQL when"
	@echo "            DATABASE_URL is set); the browser tests need Chromium, the HTML check Java and npm"
	@echo "make lint   ruff, hadolint, the import contracts and Django's checks;  make format   format the code"
	@echo "make lock   re-pin dependencies after editing pyproject.toml (keeps the other pins)"
	@echo "make upgrade  re-pin everything to the newest releases pyproject.toml allows, then test"
	@echo "make bench  load-test the production setup (needs wrk and PostgreSQL; docs/performance.md)"
	@echo "make bench-visits  what counting visits costs a cached page (docs/performance.md)"
	@echo "make lighthouse  Lighthouse scores of the main page types (needs Chromium, npm, PostgreSQL)"

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: Python 3.12 or newer is needed, and none was found on PATH." >&2; \
		echo "       Install Python 3.13 (e.g. 'pyenv install 3.13') and try again." >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python $(LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	@touch $@

venv: $(VENV)/.installed

run: export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
run: venv
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo_content
	@trap 'kill 0' EXIT; \
	DEBUG=1 $(BIN)/python manage.py run_worker --verbosity 0 & \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT) & \
	DEBUG=1 $(BIN)/python manage.py local_admin --when-serving http://127.0.0.1:$(PORT)/; \
	wait

# The browser tests (tests/e2e/) run when Chromium is installed (apt-get install chromium)
# and skip otherwise; the HTML check also needs Java and the Nu HTML Checker from npm.
# pytest-xdist runs one worker per core and one more, each with its own test database;
# tests that share a demo site or a server stay on one worker (tests/conftest.py).
# PYTEST_ARGS adds options, e.g. PYTEST_ARGS="-k seo --durations=20".
test: venv html-checker
	$(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

# The Nu HTML Checker (vnu-jar, pinned in package-lock.json), when npm is here. Its install
# script would download a Java runtime: the machine's own Java runs it instead.
html-checker: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the HTML check (tests/e2e/test_html.py) will skip"; fi

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile
	$(BIN)/lint-imports
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# `lock` keeps every pin it can and moves only what a pyproject.toml edit forces;
# `upgrade` moves every pin to the newest release the ranges allow (LOCK_FLAGS=--upgrade),
# installs the new lock and runs the tests. docs/deploy.md has the monthly routine.
lock: venv
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) --python-version 3.12 --universal --generate-hashes -o requirements/prod.txt
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) --group dev --python-version 3.12 --universal --generate-hashes -o requirements/dev.txt

upgrade:
	$(MAKE) lock LOCK_FLAGS=--upgrade
	$(MAKE) test

# Load test of the production configuration (gunicorn, PostgreSQL, the demo content): pages
# cold and warm beside a static file. It says what is missing (wrk, PostgreSQL) and stops.
bench: venv
	$(BIN)/python bench/bench.py

# The same setup twice at once, counting visits and not, loaded in turn: the cost of counting.
bench-visits: venv
	$(BIN)/python bench/visits.py

# Lighthouse (pinned in package-lock.json) on the same setup, mobile preset.
lighthouse: venv html-checker
	$(BIN)/python bench/lighthouse.py

clean-venv:
	rm -rf $(VENV)
