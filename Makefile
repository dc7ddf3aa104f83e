VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed

.PHONY: help install start test test-unit test-integration lint bench clean

help: ## show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP) ## create .venv and install everything

start: install ## install, then run the emulator in the foreground on 127.0.0.1:4566
	$(BIN)/localstack start

test: install ## install, then run the unit and integration tests
	$(BIN)/pytest -q tests

test-unit: install ## unit tests only (no sockets)
	$(BIN)/pytest -q tests/unit

test-integration: install ## integration tests (starts the server on free ports)
	$(BIN)/pytest -q tests/integration

lint: install ## ruff
	$(BIN)/ruff check localstack tests bench
	$(BIN)/ruff format --check localstack tests bench

bench: install ## benchmarks against a bare moto server started in the same run
	$(BIN)/python -m bench.run

clean: ## remove the virtualenv and caches
	rm -rf $(VENV) build *.egg-info .pytest_cache
