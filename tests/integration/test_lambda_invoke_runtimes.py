"""Runtime specifics: Node.js callback and ES module handlers (SDK v3 by `import`), and provided.al2023
with the user's own `bootstrap` (curl against AWS_LAMBDA_RUNTIME_API)."""

from __future__ import annotations

import base64

import pytest

from tests.integration.lambda_functions import create_function, invoke_json, zip_of


def test_node_callback_handler(awslambda, unique_name, cleanup):
    name = unique_name("node-cb")
    create_function(
        awslambda, name, "nodejs18.x", "node_callback.handler", zip_of("node_callback.js"), cleanup
    )
    response, body = invoke_json(awslambda, name, {"a": 1})
    assert body["style"] == "callback" and body["echo"] == {"a": 1}
    assert body["request_id"] == response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"]
    response, body = invoke_json(awslambda, name, {"fail": True})
    assert response["FunctionError"] == "Unhandled"
    assert body["errorType"] == "TypeError" and body["errorMessage"] == "callback failure"


def test_node_esm_handler_imports_sdk_v3(awslambda, aws_client, unique_name, cleanup):
    s3 = aws_client("s3")
    bucket, name = unique_name("esm"), unique_name("node-esm")
    s3.create_bucket(Bucket=bucket)
    cleanup.append(lambda: s3.delete_bucket(Bucket=bucket))
    create_function(
        awslambda, name, "nodejs22.x", "node_esm.handler", zip_of("node_esm.mjs"), cleanup, Timeout=20
    )
    response, body = invoke_json(awslambda, name, {"bucket": bucket, "key": "k"})
    cleanup.append(lambda: s3.delete_object(Bucket=bucket, Key="k"))
    assert "FunctionError" not in response, body
    assert body == {"style": "esm", "function_name": name}
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"from esm"


def test_node_console_lines_carry_the_request_id(awslambda, unique_name, cleanup):
    name = unique_name("node-log")
    create_function(awslambda, name, "nodejs20.x", "node_echo.handler", zip_of("node_echo.js"), cleanup)
    response, body = invoke_json(awslambda, name, {"x": 1}, LogType="Tail")
    log = base64.b64decode(response["LogResult"]).decode()
    line = next(line for line in log.splitlines() if "event received" in line)
    assert f"\t{body['request_id']}\tINFO\tevent received" in line


@pytest.mark.parametrize("runtime", ["provided.al2023", "provided.al2"])
def test_provided_runtime_runs_the_users_bootstrap(awslambda, unique_name, cleanup, runtime):
    name = unique_name("custom")
    create_function(awslambda, name, runtime, "my.handler", zip_of("bootstrap"), cleanup)
    response, body = invoke_json(awslambda, name, {"n": 1}, LogType="Tail")
    assert "FunctionError" not in response, body
    assert body == {"echo": {"n": 1}, "function": name, "handler": "my.handler", "region": "us-east-1"}
    log = base64.b64decode(response["LogResult"]).decode()
    assert "handling " + response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"] in log
    response, body = invoke_json(awslambda, name, {"fail": True})
    assert response["FunctionError"] == "Unhandled"
    assert body == {"errorMessage": "bootstrap was asked to fail", "errorType": "Custom.Failure"}
    assert invoke_json(awslambda, name, {"n": 2})[1]["echo"] == {"n": 2}


def test_provided_runtime_init_error(awslambda, unique_name, cleanup):
    name = unique_name("custom-init")
    code = zip_of("bootstrap_init_error", rename={"bootstrap_init_error": "bootstrap"})
    create_function(awslambda, name, "provided.al2023", "x", code, cleanup)
    response, body = invoke_json(awslambda, name)
    assert response["FunctionError"] == "Unhandled"
    assert body == {"errorMessage": "configuration missing", "errorType": "Custom.InitFailed"}


def test_provided_runtime_without_bootstrap(awslambda, unique_name, cleanup):
    name = unique_name("custom-none")
    create_function(awslambda, name, "provided.al2023", "x", zip_of("py_echo.py"), cleanup)
    response, body = invoke_json(awslambda, name)
    assert response["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.InvalidEntrypoint"
    assert "Couldn't find valid bootstrap" in body["errorMessage"]


@pytest.mark.parametrize("runtime", ["python3.9", "python3.13"])
def test_python_runtimes_run_on_the_host_python(awslambda, unique_name, cleanup, runtime):
    name = unique_name("py")
    create_function(awslambda, name, runtime, "py_echo.handler", zip_of("py_echo.py"), cleanup)
    response, body = invoke_json(awslambda, name, {"r": runtime})
    assert body["event"] == {"r": runtime}
    assert body["env"]["AWS_EXECUTION_ENV"] == f"AWS_Lambda_{runtime}"
