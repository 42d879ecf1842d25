# The two commands a newcomer needs: `make demo` and `make test`. Both install what is missing
# (a virtualenv with the project and its tools, GraphiQL's libraries from npm, the Neo4j jars
# from Maven Central) first; `make test` also installs the headless Chromium of the page tests.
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
VENDORED := var/vendor/.fetched
CHROMIUM := node_modules/.package-lock.json

.PHONY: demo test install browser lint schema

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# GraphiQL's pinned libraries, checked against their sha256 (api/vendor.py).
$(VENDORED): $(BIN)/.installed api/vendor.py
	$(BIN)/python -m api.vendor
	touch $@

install: $(BIN)/.installed $(VENDORED)

# npm's @sparticuz/chromium at the version package-lock.json pins; npm ci leaves the lock's copy
# under node_modules, newer than both, so this runs again only when they change.
$(CHROMIUM): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

browser: $(CHROMIUM)

demo: install
	$(BIN)/hub demo

test: install browser lint
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

schema: install
	$(BIN)/strawberry export-schema api.schema:schema --output schema.graphql
