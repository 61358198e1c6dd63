# The two commands: `make run` and `make test`. Everything else is set-up they call.
# Needs only Python >= 3.12, Node/npm and make on the machine.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The first Python >= 3.12 found: $PYTHON, python3.13, python3.12, python3, then pyenv's installs.
PYTHON ?= $(shell for c in python3.13 python3.12 python3 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then command -v $$c; break; fi; done)

# Development defaults; a deployment sets its own environment instead (see README).
export DEBUG ?= true

.PHONY: run test lint format bench setup migrate demo messages makemessages clean

run: demo
	@echo "Starting on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The database's tables, up to date (SQLite by default, DATABASE_URL otherwise).
migrate: setup
	$(PY) manage.py migrate --no-input

# The demo's strategy, spaces, governance and example statistics, with one login per role (DEBUG only).
demo: migrate
	$(PY) manage.py load_demo

test: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Import and recompute at national scale on PostgreSQL; writes the figures into docs/performance.md.
# Needs DATABASE_URL=postgres://user@host:5432/name; that database is not touched (a scratch one, name_bench, is).
bench: setup
	$(PY) bench/indicators.py --write-docs

setup: $(VENV)/.installed node_modules/.installed messages

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	@test -n "$(PYTHON)" || { echo "Python >= 3.12 is needed (set PYTHON=/path/to/python3.12)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Compiled translations are build output (.mo files are not committed); Babel compiles them without GNU gettext.
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel -q compile -d locale -D django

# Update the .po catalogue after changing user-facing strings (needs GNU gettext).
makemessages: $(VENV)/.installed
	$(PY) manage.py makemessages -l da --ignore=.venv --ignore=node_modules --ignore=staticfiles --no-obsolete

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
