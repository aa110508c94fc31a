# OAuth Workbench: the two Quick start commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NODE_STAMP := tests/e2e/oidc/node_modules/.installed
export QT_QPA_PLATFORM ?= offscreen

VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' workbench/__init__.py)
PACKAGE_DIR := dist/oauth-workbench
TARBALL := dist/oauth-workbench-$(VERSION)-linux-$(shell uname -m).tar.gz
APP_ID := org.oauthworkbench.Workbench
XDG_DATA_HOME ?= $(HOME)/.local/share
DESKTOP_EXEC ?= $(abspath $(VENV))/bin/workbench

.PHONY: demo test lint bench screenshots sandbox package package-check install-desktop clean

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

package: $(STAMP)
	$(PY) -m pip install --quiet -e '.[package]'
	$(PY) -m workbench.licences --write resources/licences.json
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/workbench.spec
	tar -C dist -czf $(TARBALL) oauth-workbench
	@echo "Built $(PACKAGE_DIR)/workbench and $(TARBALL)"

# Start the built program twice, as CI does: catches missing data files and Qt plugins.
package-check: package
	$(PACKAGE_DIR)/workbench --version
	QT_QPA_PLATFORM=offscreen $(PACKAGE_DIR)/workbench --self-test

# Install the desktop entry, AppStream metadata and icons for the current user.
install-desktop:
	install -d $(XDG_DATA_HOME)/applications $(XDG_DATA_HOME)/metainfo
	sed 's|^Exec=workbench|Exec=$(DESKTOP_EXEC)|; s|^TryExec=workbench|TryExec=$(DESKTOP_EXEC)|' \
		packaging/linux/$(APP_ID).desktop > $(XDG_DATA_HOME)/applications/$(APP_ID).desktop
	install -m 644 packaging/linux/$(APP_ID).metainfo.xml $(XDG_DATA_HOME)/metainfo/
	cd resources/icons && find hicolor -type f -name '$(APP_ID).*' \
		-exec install -D -m 644 {} $(XDG_DATA_HOME)/icons/{} \;
	-update-desktop-database $(XDG_DATA_HOME)/applications 2>/dev/null
	@echo "Installed OAuth Workbench for $(USER) (Exec=$(DESKTOP_EXEC))"

clean:
	rm -rf $(VENV) tests/e2e/oidc/node_modules build dist .mypy_cache .pytest_cache .ruff_cache
