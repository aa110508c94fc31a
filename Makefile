# OAuth Workbench: the two Quick start commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NODE_STAMP := tests/e2e/oidc/node_modules/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: demo test lint bench screenshots sandbox clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $@

$(NODE_STAMP): tests/e2e/oidc/package.json tests/e2e/oidc/package-lock.json
	cd tests/e2e/oidc && npm ci --silent --no-audit --no-fund
	touch $@

demo: QT_QPA_PLATFORM =
demo: $(STAMP)
	$(PY) -m workbench --demo

sandbox: $(STAMP)
	$(PY) -m workbench sandbox

lint: $(STAMP)
	$(VENV)/bin/ruff check workbench tests
	$(VENV)/bin/ruff format --check workbench tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: $(STAMP) $(NODE_STAMP) lint
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m tests.benchmarks.run

screenshots: $(STAMP)
	$(PY) -m tests.gui.screenshots docs/screenshots

clean:
	rm -rf $(VENV) tests/e2e/oidc/node_modules build dist .mypy_cache .pytest_cache .ruff_cache
