# One file drives local runs and CI alike.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test lint bench clean vendor

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

## vendor: refresh the pinned front-end libraries (YASGUI, Cytoscape.js) from the npm registry
YASGUI_VERSION := 4.6.2
CYTOSCAPE_VERSION := 3.34.4
vendor:
	rm -rf build/vendor && mkdir -p build/vendor/yasgui build/vendor/cytoscape
	cd build/vendor/yasgui && npm pack --silent @zazuko/yasgui@$(YASGUI_VERSION) && tar xzf zazuko-yasgui-$(YASGUI_VERSION).tgz
	cp build/vendor/yasgui/package/build/yasgui.min.js build/vendor/yasgui/package/build/yasgui.min.css src/govgraph/web/static/vendor/yasgui/
	cd build/vendor/cytoscape && npm pack --silent cytoscape@$(CYTOSCAPE_VERSION) && tar xzf cytoscape-$(CYTOSCAPE_VERSION).tgz
	cp build/vendor/cytoscape/package/dist/cytoscape.min.js src/govgraph/web/static/vendor/cytoscape/
