# make site: set up .venv and build the site from seeds/ into site/
# make test: set up .venv with the test tools and Debian's chromium, then run the tests
# Setting up is skipped while .venv is newer than pyproject.toml.

PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
CHROMIUM := /usr/bin/chromium

export NO_MKDOCS_2_WARNING := 1
# Playwright drives Debian's chromium; it must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: site test chromium clean

site: $(VENV)/.installed-site
	$(BIN)/mkdocs build --strict

test: $(VENV)/.installed-test chromium
	$(BIN)/python -m pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The test install includes everything the site needs, so it satisfies both stamps.
$(VENV)/.installed-site: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed-site

# fonts-dejavu-core is the font a fresh Debian gets with chromium (through fontconfig-config); the
# suite passes with it alone, and nothing in it depends on which fonts are installed.
chromium:
	@if [ -x $(CHROMIUM) ]; then \
	  :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core; \
	else \
	  echo "make test needs Debian's chromium at $(CHROMIUM) for the browser tests." >&2; \
	  echo "Install it with: sudo apt-get install chromium" >&2; \
	  echo "(or run the other tests only: $(BIN)/python -m pytest -m 'not browser')" >&2; \
	  exit 1; \
	fi

clean:
	rm -rf site .pytest_cache
