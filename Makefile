# The two commands: `make demo` runs the demo newsroom, `make test` runs the whole test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
CHROMIUM ?= /usr/bin/chromium
export GAZETTE_CHROMIUM := $(CHROMIUM)
# Two workers: the suite is CPU-bound and the machines have two cores.
XDIST ?= -n 2

.PHONY: demo test test-fast test-postgres lint bench chromium constraints clean

$(STAMP):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## Run the demo newsroom on the embedded defaults at http://127.0.0.1:8000
demo: $(STAMP)
	$(BIN)/gazette demo

## The whole suite: lint, then every test including the browser tests in headless Chromium
test: $(STAMP) chromium lint
	$(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

## Everything but the browser tests
test-fast: $(STAMP) lint
	$(BIN)/pytest $(XDIST) -m "not browser" $(PYTEST_ARGS)

## The suite (without browser tests) against PostgreSQL; DATABASE_URL defaults to the local server
test-postgres: $(STAMP)
	DATABASE_URL="$(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/gazette)" $(BIN)/pytest $(XDIST) -m "not browser" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy gazette

bench: $(STAMP)
	$(BIN)/python bench/pages.py

## Debian's Chromium for the browser tests (Playwright's own browser download is not used)
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Chromium at $(CHROMIUM): install Debian's 'chromium' package or set CHROMIUM=/path/to/chromium"; exit 1; \
	  fi; \
	fi

constraints: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt.new
	( sed -n '1,2p' constraints.txt; cat constraints.txt.new ) > constraints.txt.tmp && rm constraints.txt.new && mv constraints.txt.tmp constraints.txt

clean:
	rm -rf $(VENV) data test-artifacts .pytest_cache .ruff_cache
