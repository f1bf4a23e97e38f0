# Two commands do all the set-up on a fresh Debian/Ubuntu machine with Python 3.11+:
#   make run    install into .venv, build the demo database if missing, start the app
#   make test   install what the tests need (Chromium, axe-core and PostgreSQL included, as
#               root) and run every test
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= data/totalplace.duckdb
ADDRESS ?= 127.0.0.1
PORT ?= 8501
export TOTALPLACE_DB ?= $(abspath $(DB))

.PHONY: run test install install-test browser postgres demo lint bench clean
AXE := tests/browser/node_modules/axe-core/axe.min.js

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install browser
	@case "$$TOTALPLACE_STORE" in postgres*) ;; *) test -f "$(TOTALPLACE_DB)" || \
	  $(VENV)/bin/totalplace demo ;; esac
	$(VENV)/bin/totalplace serve --address $(ADDRESS) --port $(PORT)

# Debian's chromium drives the browser tests and prints PDFs (Playwright's own download does
# not work offline).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium fonts-liberation fonts-dejavu-core >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' (browser tests need it)"; fi; \
	fi

# The distribution's PostgreSQL server for the tests of the shared store: each test process
# starts a cluster of its own on 127.0.0.1 (tests/pg_cluster.py); none is left running.
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      postgresql >/dev/null; \
	  else echo "PostgreSQL is missing: run 'sudo apt-get install postgresql' (store tests need it)"; fi; \
	fi

# axe-core, the accessibility checker the browser tests inject into every page, from npm at
# the version the lockfile pins (node and npm from the distribution when missing).
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      nodejs npm >/dev/null; \
	  else echo "npm is missing: run 'sudo apt-get install nodejs npm' (axe-core needs it)"; fi; \
	fi
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $@

test: install-test browser postgres $(AXE)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -n 2 --dist loadfile

demo: install
	$(VENV)/bin/totalplace demo

bench: install
	$(VENV)/bin/totalplace bench

lint: install-test
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) data/totalplace.duckdb data/totalplace.duckdb.wal
