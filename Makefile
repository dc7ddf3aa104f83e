VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed

.PHONY: help install start test test-unit test-integration lint bench soak clean

help: ## show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt setup.py localstack/services/s3/_native_crc.c
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

# The AWS SDK v3 for nodejs Lambda handlers (as in AWS's nodejs18.x+ images), found through NODE_PATH.
LAMBDA_NODE = $(VENV)/lambda-node
NODE_SDK_STAMP = $(LAMBDA_NODE)/.installed
NODE_SDK_PACKAGES = @aws-sdk/client-s3 @aws-sdk/client-sqs @aws-sdk/client-sns @aws-sdk/client-dynamodb \
	@aws-sdk/lib-dynamodb @aws-sdk/client-lambda @aws-sdk/client-kinesis @aws-sdk/client-eventbridge \
	@aws-sdk/client-ssm @aws-sdk/client-secrets-manager @aws-sdk/client-sts @aws-sdk/client-cloudwatch-logs

# npm's registry fails now and then: three tries, then go on without it (the nodejs tests that need the SDK
# skip with the reason; see tests/conftest.py).
$(NODE_SDK_STAMP):
	@if ! command -v npm >/dev/null; then \
		echo "npm not found: nodejs Lambda handlers will not find the AWS SDK v3"; exit 0; fi; \
	mkdir -p $(LAMBDA_NODE); \
	for try in 1 2 3; do \
		if npm install --no-audit --no-fund --no-save --loglevel=error --prefix $(LAMBDA_NODE) \
			$(NODE_SDK_PACKAGES) >$(LAMBDA_NODE)/npm.log 2>&1; then touch $(NODE_SDK_STAMP); exit 0; fi; \
		echo "npm install of the AWS SDK v3 failed (try $$try of 3):"; head -4 $(LAMBDA_NODE)/npm.log; \
		sleep $$((try * 5)); \
	done; \
	echo "WARNING: no AWS SDK v3 for nodejs Lambda handlers; the tests that need it will be skipped"

install: $(STAMP) $(NODE_SDK_STAMP) ## create .venv and install everything

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

bench: install ## benchmarks beside moto_server and MiniStack (from PyPI, in .venv-bench) started in the same run
	$(BIN)/python -m bench.run

soak: install ## fault and load harness: 32 clients for 60 s with hostile cases, then a 3-minute soak
	$(BIN)/python -m bench.soak

clean: ## remove the virtualenv and caches
	rm -rf $(VENV) .venv-bench build *.egg-info .pytest_cache
