# Closer: the two commands of the README.
#   make start   create .venv, install Closer, open JupyterLab on the welcome notebook
#   make test    create .venv, install Closer with its test tools, run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: start voila test test-fast bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

start: $(VENV)/.installed
	$(BIN)/workshop start

voila: $(VENV)/.installed
	$(BIN)/workshop start --voila

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests notebooks --nbval-lax -p no:cacheprovider

test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests -m "not slow and not browser" -p no:cacheprovider

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_reports.py
	$(BIN)/python benchmarks/bench_notebooks.py
	$(BIN)/python benchmarks/bench_load.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info test-artifacts
