# The two commands a newcomer needs: `make demo` and `make test`. Both install what is missing
# (a virtualenv with the project and its tools, the Neo4j jars from Maven Central) first.
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: demo test test-fast install lint schema

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/hub demo

test: install lint
	$(BIN)/pytest

# The pure lane: every test that needs no server (no Neo4j, no NATS), for a quick loop.
test-fast: install
	$(BIN)/pytest -m "not neo4j"

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

schema: install
	$(BIN)/strawberry export-schema api.schema:schema --output schema.graphql
