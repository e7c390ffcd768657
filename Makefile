# The two commands in the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
RASA_VENV := .venv-rasa

.PHONY: run test test-fast setup lint format bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -U pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

$(RASA_VENV)/.installed: nlu/requirements-rasa.txt
	RASA_VENV=$(RASA_VENV) scripts/make-rasa-venv.sh

setup: $(VENV)/.installed $(RASA_VENV)/.installed

run: setup
	$(VENV)/bin/escalator run

test: setup
	scripts/install-browser.sh
	scripts/test.sh

test-fast: $(VENV)/.installed
	scripts/test.sh -m "not integration"

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
