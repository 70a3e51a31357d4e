# The README's two commands are `make run` and `make test`; both bootstrap .venv on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1
export DAGSTER_HOME ?= $(CURDIR)/.dagster
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: venv manifest instance run test lint dev sample clean bench

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24" uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e ".[dev]"
	touch $(STAMP)

# The dbt manifest is built here (and in CI), never at Dagster import time.
manifest: venv
	$(BIN)/python -m orchestration.dbt_project

instance: venv
	$(BIN)/python -m orchestration.instance "$(DAGSTER_HOME)"

run: manifest instance
	$(BIN)/ppf refresh --frequency all --sample-if-empty

test: manifest lint instance
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup --durations=20

lint: venv
	$(BIN)/ruff check orchestration tests bench
	$(BIN)/ruff format --check orchestration tests bench
	# The dbt templater opens a connection while compiling: give it a throwaway database.
	# `--processes 0`: one process per core (3 min 26 s -> 1 min 39 s on 2 cores).
	mkdir -p target
	PPF_WAREHOUSE=$(CURDIR)/target/sqlfluff.duckdb $(BIN)/sqlfluff lint models macros tests --disable-progress-bar --processes 0

dev: manifest instance
	$(BIN)/dagster dev -m orchestration.defs.definitions

sample: venv
	$(BIN)/ppf sample

bench: manifest
	$(BIN)/python bench/bench_code_location.py
	$(BIN)/python bench/bench_refresh.py
	$(BIN)/python bench/bench_incremental.py
	$(BIN)/python bench/bench_ingest.py

clean:
	rm -rf target logs warehouse .dagster
