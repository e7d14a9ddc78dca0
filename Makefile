# Layanan Sehat Rembang. `make run` and `make test` work on a fresh machine:
# each creates .venv and installs what it needs first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Every dependency pinned, with its hashes: what the tests ran with (`make lock`).
# requirements-server.lock: the same versions, the service's alone (production).
LOCK := requirements.lock
EXTRAS := server kiosk dev
SERVER_LOCK := requirements-server.lock
SERVER_EXTRAS := server
COMPILE = $(UV) pip compile --quiet pyproject.toml --python-version 3.11 \
    --python-platform linux --generate-hashes --custom-compile-command "make lock"
UV_VERSION := 0.13.9
UV ?= $(VENV)/bin/uv
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | sha1sum | cut -c1-12)

# The test files shared out over the cores (pytest-xdist), a whole file to one worker:
# a file's module-scoped browser, server or seeded day is set up once. PARALLEL= runs
# them all in this one process.
PARALLEL ?= --numprocesses auto --maxprocesses 4 --dist loadfile

.PHONY: run test test-fast lint bench lock clean system-deps

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --require-hashes -r $(LOCK)
	$(PY) -m pip install -q --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

## The whole system on 127.0.0.1:8000: SQLite under ./data, seeded with demo accounts, web app at /, API at /api.
## The web app comes compressed (brotli/gzip) without nginx: its files are built once into
## ./data/web at the first start (a few minutes; the log says so), then found at every start.
run: $(STAMP)
	LSR_DEMO=true $(PY) -m server --host 127.0.0.1 --port 8000

## Every test, on SQLite and on a throwaway PostgreSQL (started). First what the tests
## need from Debian (Chromium, nginx with brotli, PostgreSQL): installed when missing as
## root, otherwise named with the command to install them (scripts/system-deps.sh).
test: system-deps $(STAMP)
	eval "$$(scripts/test-postgres.sh)" && $(PY) -m pytest $(PARALLEL)

system-deps:
	@PYTHON=$(PYTHON) scripts/system-deps.sh

## Without PostgreSQL and the real-server tests.
test-fast: $(STAMP)
	$(PY) -m pytest $(PARALLEL) -m "not slow and not postgres"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) bench/booking_rush.py

## Pin again after a change to pyproject.toml (keeps the other pins); UPGRADE=1 moves
## every package to its newest release allowed by pyproject.toml. Commit both files.
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q "uv==$(UV_VERSION)"
	$(COMPILE) $(EXTRAS:%=--extra %) $(if $(UPGRADE),--upgrade) --output-file $(LOCK)
	$(COMPILE) $(SERVER_EXTRAS:%=--extra %) --constraint $(LOCK) --output-file $(SERVER_LOCK)

clean:
	rm -rf $(VENV) data test-output
