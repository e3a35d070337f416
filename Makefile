# zgw-gateway: `make run` serves the demo, `make test` runs the suite.
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB ?= zgw-gateway-demo.db

# The demo uses a fixed dev secret so that the printed tokens work; never use it in production.
RUN_ENV = ZGW_GATEWAY_DATABASE_URL=$${ZGW_GATEWAY_DATABASE_URL:-sqlite+aiosqlite:///$(DEMO_DB)} \
          ZGW_GATEWAY_DEV_SECRET=$${ZGW_GATEWAY_DEV_SECRET:-zgw-gateway-demo-secret-not-for-production}

.PHONY: install run test check lint typecheck bench bench-quick schema clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test,dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@$(RUN_ENV) $(BIN)/zgw-gateway seed --demo
	@$(RUN_ENV) $(BIN)/zgw-gateway demo-info
	@$(RUN_ENV) $(BIN)/zgw-gateway serve

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck

schema: $(STAMP)
	$(BIN)/zgw-gateway schema > schema.graphql
	for role in behandelaar kcc burger anoniem; do \
	  $(BIN)/zgw-gateway schema --role $$role > docs/schema/$$role.graphql; done

BENCH_STAMP := $(VENV)/.bench-stamp

# the bench extra (matplotlib, pyinstrument); wrk comes from Debian (the runner installs it)
$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test,dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(PY) -m bench.run

bench-quick: $(BENCH_STAMP)
	$(PY) -m bench.run --quick

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
