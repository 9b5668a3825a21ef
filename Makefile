# Closer: the two commands of the README.
#   make start   create .venv, install Closer, open JupyterLab on the welcome notebook
#   make test    create .venv, install Closer with its test tools, run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: start voila test test-fast bench catalogs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# axe-core for the accessibility tests (tests/system/test_a11y.py), exactly as locked in
# tests/system/package-lock.json; installed again only when node_modules is missing or the lock
# changed (npm ci writes node_modules/.package-lock.json).
AXE := tests/system/node_modules/.package-lock.json
$(AXE): tests/system/package-lock.json tests/system/package.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for the accessibility tests:" \
	  "sudo apt-get install nodejs npm"; exit 1; }
	cd tests/system && npm ci --no-audit --no-fund
	touch $@

start: $(VENV)/.installed
	$(BIN)/workshop start

voila: $(VENV)/.installed
	$(BIN)/workshop start --voila

test: $(VENV)/.installed-test $(AXE)
	$(BIN)/python -m pytest tests notebooks --nbval-lax -p no:cacheprovider

test-fast: $(VENV)/.installed-test $(AXE)
	$(BIN)/python -m pytest tests -m "not slow and not browser" -p no:cacheprovider

# After changing any `_()` string in workshop/: extract them into workshop/locale/closer.pot and
# bring the Spanish catalog up to date (new entries arrive empty or fuzzy; translate them in
# workshop/locale/es/LC_MESSAGES/closer.po: tests/test_i18n.py fails until every one is done).
catalogs: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location --sort-output \
	  --project=Closer --copyright-holder="Closer contributors" -c TRANSLATORS: \
	  -o workshop/locale/closer.pot .
	$(BIN)/pybabel update -i workshop/locale/closer.pot -d workshop/locale -D closer \
	  --ignore-obsolete --width 100

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_reports.py
	$(BIN)/python benchmarks/bench_notebooks.py
	$(BIN)/python benchmarks/bench_load.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info test-artifacts
