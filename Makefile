# One command per chore, the same locally and in CI.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTHON ?= python3

.PHONY: setup demo test lint format bench bench-one fuzz

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

# Property tests run long: many examples of each fuzzer (a few run in `make test`). The
# fuzzers of tests/fuzz/ (scanners, normalisation, answers) get FUZZ_EXAMPLES each (the
# sandboxed same_answer half); the LSP fuzzer drives a real server, slower per example.
FUZZ_EXAMPLES ?= 16000
FUZZ_LSP_EXAMPLES ?= 2000
fuzz: setup
	MATHLSP_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VENV)/bin/pytest -q -p no:cacheprovider \
	  --timeout=0 --hypothesis-show-statistics tests/fuzz
	MATHLSP_FUZZ_EXAMPLES=$(FUZZ_LSP_EXAMPLES) $(VENV)/bin/pytest -q -p no:cacheprovider \
	  --timeout=0 --hypothesis-show-statistics tests/lsp/test_fuzz.py

bench: setup
	$(PY) -m pip install -q -e '.[dev,bench]'
	@for b in tests/bench/*_bench.py; do m=$$(echo $${b%.py} | tr / .); \
	  echo "== $$m"; $(PY) -m $$m || exit $$?; done

# One bench alone: `make bench-one B=realdocs` (tests/bench/realdocs_bench.py); ARGS are passed
# on, e.g. `make bench-one B=math_train ARGS="--limit 100"`.
bench-one: setup
	@test -n "$(B)" || { echo "usage: make bench-one B=<name> [ARGS=...]; names:" \
	  $$(ls tests/bench/*_bench.py | sed 's|tests/bench/||; s|_bench.py||'); exit 2; }
	@test -f tests/bench/$(B)_bench.py || { echo "no tests/bench/$(B)_bench.py"; exit 2; }
	$(PY) -m pip install -q -e '.[dev,bench]'
	$(PY) -m tests.bench.$(B)_bench $(ARGS)

# Editor clients (editor-client/, tests/editors/). node_modules stay gitignored; code-server and
# playwright-core for the end-to-end test go outside the repo (tests/editors/vscode/run.sh).
VSCODE_DIR := editor-client/vscode

.PHONY: vsix test-vscode test-nvim

$(VSCODE_DIR)/node_modules/.package-lock.json: $(VSCODE_DIR)/package-lock.json
	cd $(VSCODE_DIR) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# editor-client/vscode/mathlsp.vsix (lint + compile + offline vsce package)
vsix: $(VSCODE_DIR)/node_modules/.package-lock.json
	cd $(VSCODE_DIR) && npm run --silent lint && npm run --silent package

# The extension's unit tests (node:test), then real VS Code (code-server) driven by headless
# Chromium; screenshots in tests/artifacts/.
test-vscode: setup vsix
	cd $(VSCODE_DIR) && npm run --silent test
	tests/editors/vscode/run.sh

# Headless Neovim against the real server (also part of `make test`; skipped without nvim).
test-nvim: setup
	$(VENV)/bin/pytest -q tests/editors/test_nvim.py
