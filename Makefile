# The two commands of the README: `make run` and `make test`. Both set up what they
# need first (virtualenv, packages, the ical.js parser for the feed tests).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test test-sqlite bench lint clean ads fonts screenshots

$(STAMP): pyproject.toml
	@echo "==> Creating the virtualenv in $(VENV) and installing the package"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

tests/js/node_modules/.package-lock.json: tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		echo "==> Installing ical.js (feed tests) and pa11y (accessibility tests, on Debian's Chromium)"; \
		PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/js --no-audit --no-fund --loglevel=error; \
	else \
		echo "==> npm not found: the ical.js feed tests will be skipped"; \
	fi

tests/oidc/node_modules/.package-lock.json: tests/oidc/package.json tests/oidc/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		echo "==> Installing oidc-provider (a certified OpenID provider) for the sign-in tests"; \
		npm ci --prefix tests/oidc --no-audit --no-fund --loglevel=error; \
	else \
		echo "==> npm not found: the city sign-in tests will be skipped"; \
	fi

run: $(STAMP)
	$(BIN)/diversity-calendar run

test: $(STAMP) tests/js/node_modules/.package-lock.json tests/oidc/node_modules/.package-lock.json fonts
	$(BIN)/pytest

# The README's pictures: every page type (nl, 1366 and 390 px), posters, e-mails, into
# docs/screenshots/. `make test` runs the same script into tests/artifacts/.
screenshots: $(STAMP) fonts
	SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest tests/e2e/test_screenshots.py -q -k sqlite -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/mypy

# The Amsterdam Design System at the versions pinned in tools/ads/package.json. The
# open parts (CSS, tokens, logo, a few icons, favicon) are committed under
# calendar_app/web/static/ads/, so `make run` needs no Node; `make ads` refreshes them.
# The Amsterdam Sans font is proprietary (Bold Monday): `make fonts` copies it into
# static/ads/font/, which git ignores; without it the pages use Arial.
ADS := tools/ads
ADS_PKG := $(ADS)/node_modules/@amsterdam
ADS_STATIC := calendar_app/web/static/ads
ADS_ICONS := Calendar Copy Download ChevronBackward ChevronForward Warning Error Success Info Close Mail Phone Search

$(ADS)/node_modules/.package-lock.json: $(ADS)/package.json $(ADS)/package-lock.json
	npm ci --prefix $(ADS) --no-audit --no-fund --loglevel=error

ads: $(ADS)/node_modules/.package-lock.json
	rm -rf $(ADS_STATIC)/css $(ADS_STATIC)/tokens $(ADS_STATIC)/assets
	mkdir -p $(ADS_STATIC)/css $(ADS_STATIC)/tokens $(ADS_STATIC)/assets/logo $(ADS_STATIC)/assets/icons $(ADS_STATIC)/assets/favicon
	cp $(ADS_PKG)/design-system-css/dist/index.css $(ADS_PKG)/design-system-css/LICENSE.md $(ADS_PKG)/design-system-css/package.json $(ADS_STATIC)/css/
	cp $(ADS_PKG)/design-system-tokens/dist/index.css $(ADS_PKG)/design-system-tokens/LICENSE.md $(ADS_PKG)/design-system-tokens/package.json $(ADS_STATIC)/tokens/
	cp $(ADS_PKG)/design-system-assets/LICENSE.md $(ADS_PKG)/design-system-assets/package.json $(ADS_STATIC)/assets/
	cp $(ADS_PKG)/design-system-assets/logo/amsterdam-logo.svg $(ADS_PKG)/design-system-assets/logo/amsterdam-english-logo.svg $(ADS_STATIC)/assets/logo/
	cp $(ADS_PKG)/design-system-assets/favicon/favicon.ico $(ADS_PKG)/design-system-assets/favicon/icon.svg $(ADS_PKG)/design-system-assets/favicon/apple-touch-icon.png $(ADS_STATIC)/assets/favicon/
	for icon in $(ADS_ICONS); do cp $(ADS_PKG)/design-system-assets/icons/$$icon.svg $(ADS_STATIC)/assets/icons/; done

fonts:
	@if command -v npm >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory $(ADS)/node_modules/.package-lock.json && \
		mkdir -p $(ADS_STATIC)/font && \
		cp $(ADS_PKG)/design-system-assets/font/*.woff2 $(ADS_PKG)/design-system-assets/font/index.css \
		   $(ADS_PKG)/design-system-assets/font/LICENSE.md $(ADS_STATIC)/font/ && \
		echo "==> Amsterdam Sans copied into $(ADS_STATIC)/font/ (proprietary: never commit it)"; \
	else \
		echo "==> npm not found: the pages use the design system's fallback font (Arial)"; \
	fi

clean:
	rm -rf $(VENV) tests/js/node_modules $(ADS)/node_modules .pytest_cache
