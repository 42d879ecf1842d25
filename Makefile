# The two commands a newcomer needs: `make demo` and `make test`. Both install what is missing
# (a virtualenv with the project and its tools, GraphiQL's libraries from npm, the Neo4j jars
# from Maven Central) first; `make test` also installs the headless Chromium of the page tests.
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
VENDORED := var/vendor/.fetched
CHROMIUM := node_modules/.package-lock.json

.PHONY: demo test test-fast install browser lint schema schema-release documents lock

# Dependencies come from the lock file, pinned and hashed; the project itself goes in on top.
$(BIN)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	@echo "Installing: a virtualenv in $(VENV) and the locked dependencies (a minute or two, once)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# GraphiQL's and Cytoscape's pinned libraries, checked against their sha256 (api/vendor.py).
$(VENDORED): $(BIN)/.installed api/vendor.py
	@echo "Installing: GraphiQL's and Cytoscape's libraries from npm, checked against their sha256"
	$(BIN)/python -m api.vendor
	touch $@

install: $(BIN)/.installed $(VENDORED)

# npm's @sparticuz/chromium and graphql-http (the GraphQL-over-HTTP audits of
# tests/conformance/) at the versions package-lock.json pins; npm ci leaves the lock's copy
# under node_modules, newer than both, so this runs again only when they change.
$(CHROMIUM): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

browser: $(CHROMIUM)

demo: install
	$(BIN)/hub demo

test: install browser lint
	$(BIN)/pytest

# The pure lane: every test that needs no server (no Neo4j, no NATS), for a quick loop.
test-fast: install
	$(BIN)/pytest -m "not neo4j"

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

schema: install
	$(BIN)/strawberry export-schema api.schema:schema --output schema.graphql

# The trusted-document manifest from docs/documents/*.graphql (api/trusted.py), each checked
# against the schema.
documents: install
	$(BIN)/hub documents build

# A new baseline for breaking-change checks, once front-end teams have been told: the current
# schema becomes the released one and the list of accepted breaking changes starts empty.
schema-release: schema
	cp schema.graphql docs/schema/released.graphql
	sed -i '/^\[\[change\]\]/,$$d' docs/schema/breaking.toml

# After changing pyproject.toml's dependencies: pin and hash them again (uv resolves for every
# platform and Python 3.11+, so the one file serves development machines and CI alike).
lock: install
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
		--python-version 3.11 --quiet -o requirements.lock
