# One file drives local runs and CI alike.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test lint bench clean

## run: set up a virtualenv, install govgraph, build the store on first run, and serve on 127.0.0.1:8000
run: $(VENV)/.installed
	$(BIN)/govgraph serve

## test: set up a virtualenv with the test extras, lint, and run the whole test suite
test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

## bench: print the benchmark tables (see bench/README.md)
bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
