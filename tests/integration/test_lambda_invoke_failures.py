"""Failures answered as AWS does: a handler that raises, times out or exits; a missing module or handler;
a syntax error; a bad zip; for Python and Node.js handlers."""

from __future__ import annotations

import base64
import json

import pytest
from botocore.exceptions import ClientError

from tests.integration.lambda_functions import create_function, invoke_json, source, zip_files, zip_of

FAIL = {
    "python": ("python3.12", "py_fail.py", "py_fail"),
    "nodejs": ("nodejs20.x", "node_fail.js", "node_fail"),
}


def _make(awslambda, unique_name, cleanup, flavour: str, handler: str, **extra) -> str:
    runtime, file, module = FAIL[flavour]
    name = unique_name(f"fail-{flavour}")
    create_function(awslambda, name, runtime, f"{module}.{handler}", zip_of(file), cleanup, **extra)
    return name


@pytest.mark.parametrize("flavour", sorted(FAIL))
def test_handler_raises(awslambda, unique_name, cleanup, flavour):
    name = _make(awslambda, unique_name, cleanup, flavour, "raises")
    response, body = invoke_json(awslambda, name, {"why": "testing"}, LogType="Tail")
    assert response["StatusCode"] == 200
    assert response["FunctionError"] == "Unhandled"
    assert body["errorType"] == "CustomError"
    assert body["errorMessage"] == "boom: testing"
    if flavour == "python":
        assert any("raise CustomError" in frame for frame in body["stackTrace"])
    else:
        assert body["trace"][0] == "CustomError: boom: testing"
    log = base64.b64decode(response["LogResult"]).decode()
    assert "CustomError" in log and "END RequestId" in log
    # The worker survives a handled failure: the next invoke is answered too.
    assert invoke_json(awslambda, name, {"why": "again"})[1]["errorMessage"] == "boom: again"


@pytest.mark.parametrize("flavour", sorted(FAIL))
def test_timeout_is_enforced_and_the_worker_replaced(awslambda, unique_name, cleanup, flavour):
    name = _make(awslambda, unique_name, cleanup, flavour, "sleeps", Timeout=1)
    response, body = invoke_json(awslambda, name, {"seconds": 30}, LogType="Tail")
    assert response["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Sandbox.Timedout"
    assert body["errorMessage"].endswith("Task timed out after 1.00 seconds")
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"] in body["errorMessage"]
    log = base64.b64decode(response["LogResult"]).decode()
    assert "going to sleep" in log and "Task timed out after 1.00 seconds" in log
    # A fresh worker answers the next call.
    response, body = invoke_json(awslambda, name, {"seconds": 0.01})
    assert "FunctionError" not in response and body == "woke up"


@pytest.mark.parametrize("flavour", sorted(FAIL))
def test_runtime_exit(awslambda, unique_name, cleanup, flavour):
    name = _make(awslambda, unique_name, cleanup, flavour, "exits")
    response, body = invoke_json(awslambda, name)
    assert response["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.ExitError"
    assert "Runtime exited with error: exit status 3" in body["errorMessage"]


def test_python_result_not_serializable(awslambda, unique_name, cleanup):
    name = _make(awslambda, unique_name, cleanup, "python", "not_json")
    response, body = invoke_json(awslambda, name)
    assert response["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.MarshalError"
    assert body["errorMessage"].startswith("Unable to marshal response")


MISSING_MODULE = {
    "python": (
        "python3.12",
        "nothere.handler",
        "Runtime.ImportModuleError",
        "Unable to import module 'nothere'",
    ),
    "nodejs": ("nodejs20.x", "nothere.handler", "Runtime.ImportModuleError", "Cannot find module 'nothere'"),
}


@pytest.mark.parametrize("flavour", sorted(MISSING_MODULE))
def test_missing_handler_module(awslambda, unique_name, cleanup, flavour):
    runtime, handler, kind, message = MISSING_MODULE[flavour]
    name = unique_name(f"nomod-{flavour}")
    create_function(awslambda, name, runtime, handler, zip_files({"other.txt": "x"}), cleanup)
    for _ in range(2):  # every invoke retries the init, as AWS does
        response, body = invoke_json(awslambda, name)
        assert response["StatusCode"] == 200
        assert response["FunctionError"] == "Unhandled"
        assert body["errorType"] == kind
        assert message in body["errorMessage"]


MISSING_FUNCTION = {
    "python": ("python3.12", "py_fail.py", "py_fail.nope", "Handler 'nope' missing on module 'py_fail'"),
    "nodejs": ("nodejs20.x", "node_fail.js", "node_fail.nope", "node_fail.nope is undefined or not exported"),
}


@pytest.mark.parametrize("flavour", sorted(MISSING_FUNCTION))
def test_missing_handler_function(awslambda, unique_name, cleanup, flavour):
    runtime, file, handler, message = MISSING_FUNCTION[flavour]
    name = unique_name(f"nofn-{flavour}")
    create_function(awslambda, name, runtime, handler, zip_of(file), cleanup)
    response, body = invoke_json(awslambda, name)
    assert response["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.HandlerNotFound"
    assert body["errorMessage"] == message


SYNTAX = {
    "python": (
        "python3.12",
        "py_syntax.txt",
        "broken.py",
        "broken.handler",
        "Syntax error in module 'broken'",
    ),
    "nodejs": ("nodejs20.x", "node_syntax.txt", "broken.js", "broken.handler", "SyntaxError: "),
}


@pytest.mark.parametrize("flavour", sorted(SYNTAX))
def test_syntax_error(awslambda, unique_name, cleanup, flavour):
    runtime, file, target, handler, message = SYNTAX[flavour]
    name = unique_name(f"syntax-{flavour}")
    create_function(awslambda, name, runtime, handler, zip_files({target: source(file)}), cleanup)
    response, body = invoke_json(awslambda, name)
    assert response["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.UserCodeSyntaxError"
    assert body["errorMessage"].startswith(message)


@pytest.mark.parametrize("runtime", ["python3.12", "nodejs20.x"])
def test_bad_zip_is_refused(awslambda, unique_name, cleanup, runtime):
    name = unique_name("badzip")
    with pytest.raises(ClientError) as error:
        create_function(awslambda, name, runtime, "index.handler", b"this is not a zip file", cleanup)
    assert error.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert error.value.response["Error"]["Message"] == (
        "Could not unzip uploaded file. Please check your file, then try to upload again."
    )
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(ClientError):
        awslambda.get_function(FunctionName=name)
    create_function(awslambda, name, runtime, "index.handler", zip_files({"index.js": ""}), cleanup)
    with pytest.raises(ClientError) as error:
        awslambda.update_function_code(FunctionName=name, ZipFile=b"PK\x03\x04 truncated")
    assert error.value.response["Error"]["Code"] == "InvalidParameterValueException"


def test_unsupported_runtime_is_answered(awslambda, unique_name, cleanup):
    name = unique_name("java")
    create_function(
        awslambda, name, "java21", "example.Handler::handleRequest", zip_files({"a": "b"}), cleanup
    )
    with pytest.raises(ClientError) as error:
        awslambda.invoke(FunctionName=name, Payload=json.dumps({}).encode())
    assert error.value.response["Error"]["Code"] == "InvalidRuntimeException"
    assert "java21" in error.value.response["Error"]["Message"]
