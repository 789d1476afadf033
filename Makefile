# Two commands for people: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test test-slow check lint format postgres clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever pyproject.toml changes; compile .pyc files so start-up stays fast.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q ekinerja_tutor >/dev/null
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/ekinerja-tutor

postgres:
	@bash scripts/ensure-postgres.sh

test: $(STAMP) postgres
	$(BIN)/ruff check ekinerja_tutor tests
	$(BIN)/ruff format --check ekinerja_tutor tests
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 -m "not slow" $(PYTEST_ARGS)

test-slow: $(STAMP) postgres
	$(BIN)/python -m pytest -m slow $(PYTEST_ARGS)

check: test

format: $(STAMP)
	$(BIN)/ruff format ekinerja_tutor tests
	$(BIN)/ruff check --fix ekinerja_tutor tests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
