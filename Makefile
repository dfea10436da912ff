# One file drives local runs and CI alike.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test system lint bench clean vendor

## run: set up a virtualenv, install govgraph, build the store on first run, and serve on 127.0.0.1:8000
run: $(VENV)/.installed
	$(BIN)/govgraph serve

## test: install the Debian packages the tests need when missing, set up a virtualenv with the test extras,
## lint, type-check (mypy, configured in pyproject.toml), and run the whole test suite
test: system $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -n 2 --dist worksteal

## system: the Debian packages the tests use (Java, Chromium, Virtuoso), installed when missing
system:
	@bash scripts/system-packages

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

## vendor: refresh the pinned front-end libraries (YASGUI, Cytoscape.js, Swagger UI) from the npm registry
YASGUI_VERSION := 4.6.2
CYTOSCAPE_VERSION := 3.34.4
SWAGGER_UI_VERSION := 5.35.0
SWAGGER_UI_FILES := swagger-ui-bundle.js swagger-ui-bundle.js.LICENSE.txt swagger-ui.css favicon-32x32.png LICENSE NOTICE
vendor:
	rm -rf build/vendor && mkdir -p build/vendor/yasgui build/vendor/cytoscape build/vendor/swagger-ui
	cd build/vendor/yasgui && npm pack --silent @zazuko/yasgui@$(YASGUI_VERSION) && tar xzf zazuko-yasgui-$(YASGUI_VERSION).tgz
	cp build/vendor/yasgui/package/build/yasgui.min.js build/vendor/yasgui/package/build/yasgui.min.css src/govgraph/web/static/vendor/yasgui/
	cd build/vendor/cytoscape && npm pack --silent cytoscape@$(CYTOSCAPE_VERSION) && tar xzf cytoscape-$(CYTOSCAPE_VERSION).tgz
	cp build/vendor/cytoscape/package/dist/cytoscape.min.js src/govgraph/web/static/vendor/cytoscape/
	cd build/vendor/swagger-ui && npm pack --silent swagger-ui-dist@$(SWAGGER_UI_VERSION) && tar xzf swagger-ui-dist-$(SWAGGER_UI_VERSION).tgz
	cp $(addprefix build/vendor/swagger-ui/package/,$(SWAGGER_UI_FILES)) src/govgraph/web/static/vendor/swagger-ui/
