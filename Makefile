# Biên bản: everything a developer or CI runs goes through these targets.
#
#   make run         set up, migrate, load demonstration data, serve on 127.0.0.1:8000
#   make test        set up, lint, check migrations, pytest on SQLite and on PostgreSQL
#   make setup       install what is missing (system packages, .venv, node_modules)
#   make lint / fmt  ruff check and format --check / ruff format and fix
#   make pytest-sqlite / pytest-postgres   one pytest pass (PYTEST_ARGS=... to narrow)
#   make bench       timings of the main pages;  make bench-pdf  PDF timings (+ LibreOffice)
#   make loadtest    wrk: meeting pages against the log-in page; then 50 connections across a PostgreSQL restart
#   make worker      the background worker that signs approved minutes (BIENBAN_TASKS_BACKEND=database)
#   make backup [DEST=dir]   a dated backup folder (PostgreSQL dump, signed PDFs, manifest) in backups/
#   make restore DIR=dir     restore a backup into an empty database and storage, then check it

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po */locale/*/LC_MESSAGES/*.po)
DEMO_PASSWORD := bienban-demo

.PHONY: help setup setup-bench system-deps system-deps-bench run test lint fmt \
	pytest-sqlite pytest-postgres messages bench bench-pdf backup restore loadtest worker

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

# --- set-up -----------------------------------------------------------------

setup: system-deps $(PIP_STAMP) $(NPM_STAMP)

setup-bench: setup system-deps-bench

system-deps:
	@scripts/system-deps.sh

system-deps-bench:
	@scripts/system-deps.sh --bench

# Re-installed only when pyproject.toml is newer than the stamp.
$(PIP_STAMP): pyproject.toml
	@test -x $(PY) || { echo "creating $(VENV)"; $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --disable-pip-version-check -q -e '.[dev]'
	@touch $@

# npm ci empties node_modules first, so the stamp is always written after it.
$(NPM_STAMP): package-lock.json package.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# --- running ----------------------------------------------------------------

run: export DJANGO_DEBUG := true
run: setup messages
	$(PY) manage.py migrate --noinput
	@if $(PY) manage.py help load_demo >/dev/null 2>&1; then \
		$(PY) manage.py load_demo; \
	else \
		echo "(load_demo is not available yet: no demonstration data loaded)"; \
	fi
	@echo
	@echo "Demonstration logins at http://127.0.0.1:8000/ (password: $(DEMO_PASSWORD))"
	@for user in secretary chair reviewer member outsider admin; do \
		echo "    $$user / $(DEMO_PASSWORD)"; \
	done
	@echo
	$(PY) manage.py runserver 127.0.0.1:8000

COMPILEMESSAGES := DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore '$(VENV)' --ignore node_modules

messages: $(PIP_STAMP)
ifneq ($(strip $(PO_FILES)),)
	$(COMPILEMESSAGES)
endif

# --- checks -----------------------------------------------------------------

# One recipe, so that the steps keep their order even under `make -j`.
test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	env -u DATABASE_URL DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run
ifneq ($(strip $(PO_FILES)),)
	$(COMPILEMESSAGES)
endif
	@echo "== pytest on SQLite =="
	env -u DATABASE_URL $(VENV)/bin/pytest -q $(PYTEST_ARGS)
	@echo "== pytest on PostgreSQL =="
	scripts/with-postgres $(VENV)/bin/pytest -q $(PYTEST_ARGS)

pytest-sqlite: $(PIP_STAMP) $(NPM_STAMP)
	@echo "== pytest on SQLite =="
	env -u DATABASE_URL $(VENV)/bin/pytest -q $(PYTEST_ARGS)

pytest-postgres: $(PIP_STAMP) $(NPM_STAMP)
	@echo "== pytest on PostgreSQL =="
	scripts/with-postgres $(VENV)/bin/pytest -q $(PYTEST_ARGS)

lint: $(PIP_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: $(PIP_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# --- benchmarks -------------------------------------------------------------

# Benchmarks run with DEBUG off, as production does (DEBUG keeps every query in memory).
# DEBUG off needs a public site address (a system check refuses loopback ones):
# example.org is reserved (RFC 2606), so no benchmark PDF points anywhere real.
BENCH_ENV := DJANGO_DEBUG=false DJANGO_SECRET_KEY=bench-only-not-secret DJANGO_ALLOWED_HOSTS=127.0.0.1 \
	DJANGO_SECURE_SSL_REDIRECT=false BIENBAN_STATIC_MANIFEST=false \
	BIENBAN_SITE_URL=$${BIENBAN_SITE_URL:-https://bienban.example.org} \
	BIENBAN_SIGNING_PASSPHRASE=$${BIENBAN_SIGNING_PASSPHRASE:-bienban-demo-signing}

# On its own throwaway SQLite database (migrate, load_demo, generate_volume; about
# 2.5 min to prepare), never the one DATABASE_URL names. BENCH_ARGS="--keep FILE"
# keeps it for the next run; "--postgres" uses a throwaway PostgreSQL cluster.
bench: setup
	$(BENCH_ENV) $(PY) manage.py bench $(BENCH_ARGS)

# On its own throwaway SQLite database and media folder, filled by load_demo
# (never the database DATABASE_URL names); removed afterwards.
bench-pdf: setup-bench
	@tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/bienban-bench-pdf.XXXXXX"); trap 'rm -rf "$$tmp"' EXIT; \
	export $(BENCH_ENV) DATABASE_URL="sqlite:///$$tmp/db.sqlite3" BIENBAN_MEDIA_ROOT="$$tmp/media"; \
	echo "bench-pdf: demonstration data in $$tmp (migrate, load_demo)"; \
	$(PY) manage.py migrate --noinput -v 0; \
	$(PY) manage.py load_demo --force -v 0; \
	$(PY) manage.py bench_pdf $(BENCH_PDF_ARGS)

# Against a throwaway PostgreSQL cluster (or DATABASE_URL), with gunicorn; prints its figures:
# wrk on the meeting pages against the log-in page, then the PostgreSQL restart
# (LOADTEST_MODE=pages or restart for one part only).
loadtest: setup-bench
	$(BENCH_ENV) scripts/with-postgres $(PY) scripts/loadtest.py $(LOADTEST_MODE)

# --- background tasks -------------------------------------------------------

# Runs the queued tasks (the signed PDFs of approved minutes) when the app is
# configured with BIENBAN_TASKS_BACKEND=database; any host with the same
# environment (database, signing passphrase, media storage, fonts) can run it.
worker: $(PIP_STAMP)
	$(PY) manage.py worker

# --- backup and restore -----------------------------------------------------

backup: $(PIP_STAMP)
	$(PY) manage.py backup $(if $(DEST),--dest "$(DEST)")

restore: $(PIP_STAMP)
	@test -n "$(DIR)" || { echo "usage: make restore DIR=backups/bienban-YYYY-MM-DDTHHMMSSZ"; exit 2; }
	$(PY) manage.py restore "$(DIR)"
