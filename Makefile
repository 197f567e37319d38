# One command per chore, the same locally and in CI.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTHON ?= python3

.PHONY: setup demo test lint format bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Checks samples/ and succeeds when the check ran (exit 0 or 1), whatever it found.
demo: setup
	@$(VENV)/bin/mathlsp check samples/; rc=$$?; \
	if [ $$rc -le 1 ]; then echo "demo: check ran (exit $$rc)"; else exit $$rc; fi

lint: setup
	$(VENV)/bin/ruff check server tests
	$(VENV)/bin/ruff format --check server tests
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff format server tests
	$(VENV)/bin/ruff check --fix server tests

test: lint
	$(VENV)/bin/pytest -q

bench: setup
	$(PY) -m pip install -q -e '.[dev,bench]'
	@for b in tests/bench/*_bench.py; do echo "== $$b"; $(PY) $$b || exit $$?; done
