# The two commands of the README: `make run` and `make test`. Both set up what they
# need first (virtualenv, packages, the ical.js parser for the feed tests).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test test-sqlite bench lint clean

$(STAMP): pyproject.toml
	@echo "==> Creating the virtualenv in $(VENV) and installing the package"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

tests/js/node_modules/.package-lock.json: tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		echo "==> Installing ical.js (the parser inside Thunderbird) for the feed tests"; \
		npm ci --prefix tests/js --no-audit --no-fund --loglevel=error; \
	else \
		echo "==> npm not found: the ical.js feed tests will be skipped"; \
	fi

run: $(STAMP)
	$(BIN)/diversity-calendar run

test: $(STAMP) tests/js/node_modules/.package-lock.json
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) tests/js/node_modules .pytest_cache
