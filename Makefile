# Layanan Sehat Rembang. `make run` and `make test` work on a fresh machine:
# each creates .venv and installs what it needs first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run test test-fast lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[server,kiosk,dev]"
	rm -f $(VENV)/.installed-*
	touch $@

## The whole system on 127.0.0.1:8000: SQLite under ./data, seeded with demo accounts, web app at /, API at /api.
run: $(STAMP)
	LSR_DEMO=true $(PY) -m server --host 127.0.0.1 --port 8000

## Every test, on SQLite and on a throwaway PostgreSQL (started, and installed if missing).
test: $(STAMP)
	eval "$$(scripts/test-postgres.sh)" && $(PY) -m pytest

## Without PostgreSQL and the real-server tests.
test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow and not postgres"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) bench/booking_rush.py

clean:
	rm -rf $(VENV) data test-output
