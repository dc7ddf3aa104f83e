"""Lambda invoke answers as AWS records them (LocalStack's AWS-validated recordings,
test_lambda.snapshot.json `TestLambdaBehavior::test_lambda_invoke_with_timeout`/`_no_timeout`,
`TestLambdaFeatures::test_invocation_type_*`, `test_basic_invoke`)."""

from __future__ import annotations

import re
from typing import Any, Callable

import pytest

from tests.integration.lambda_functions import create_function, invoke_json, zip_files


@pytest.fixture
def client(aws_client: Any) -> Any:
    return aws_client("lambda")


@pytest.fixture
def cleanup() -> Any:
    actions: list[Callable[[], Any]] = []
    yield actions
    for action in reversed(actions):
        action()


def _python(client: Any, name: str, source: str, cleanup: list, **extra: Any) -> None:
    code = zip_files({"handler.py": source})
    create_function(client, name, "python3.12", "handler.handler", code, cleanup, **extra)


def test_timeout_answers_sandbox_timedout(client: Any, unique_name: Any, cleanup: list) -> None:
    name = unique_name("tmo")
    _python(client, name, "import time\ndef handler(e, c):\n    time.sleep(5)\n", cleanup, Timeout=1)
    response, payload = invoke_json(client, name)
    assert response["StatusCode"] == 200
    assert response["FunctionError"] == "Unhandled"
    assert response["ExecutedVersion"] == "$LATEST"
    assert payload["errorType"] == "Sandbox.Timedout"
    assert re.fullmatch(r"RequestId: \S+ Error: Task timed out after 1\.00 seconds", payload["errorMessage"])


def test_none_result_answers_null(client: Any, unique_name: Any, cleanup: list) -> None:
    name = unique_name("null")
    _python(client, name, "def handler(e, c):\n    return None\n", cleanup, Timeout=2)
    response = client.invoke(FunctionName=name, Payload=b"{}")
    assert response["StatusCode"] == 200
    assert response["ExecutedVersion"] == "$LATEST"
    assert "FunctionError" not in response
    assert response["Payload"].read() == b"null"


def test_invocation_types(client: Any, unique_name: Any, cleanup: list) -> None:
    name = unique_name("types")
    _python(client, name, "def handler(e, c):\n    return {}\n", cleanup)
    response, payload = invoke_json(client, name, InvocationType="RequestResponse")
    assert (response["StatusCode"], response["ExecutedVersion"], payload) == (200, "$LATEST", {})
    dry = client.invoke(FunctionName=name, Payload=b"{}", InvocationType="DryRun")
    assert dry["StatusCode"] == 204
    assert dry["Payload"].read() == b""
    event = client.invoke(FunctionName=name, Payload=b"{}", InvocationType="Event")
    assert event["StatusCode"] == 202
    assert event["Payload"].read() == b""


def test_handler_error_answers_unhandled_shape(client: Any, unique_name: Any, cleanup: list) -> None:
    name = unique_name("err")
    _python(client, name, "def handler(e, c):\n    raise ValueError('boom')\n", cleanup)
    response, payload = invoke_json(client, name)
    assert (response["StatusCode"], response["FunctionError"], response["ExecutedVersion"]) == (
        200,
        "Unhandled",
        "$LATEST",
    )
    assert payload["errorMessage"] == "boom"
    assert payload["errorType"] == "ValueError"
    assert isinstance(payload["stackTrace"], list)
    assert payload["requestId"] == response["ResponseMetadata"]["RequestId"]


def test_non_json_payload_is_invalid_request_content(client: Any, unique_name: Any, cleanup: list) -> None:
    name = unique_name("badjson")
    _python(client, name, "def handler(e, c):\n    return e\n", cleanup)
    with pytest.raises(client.exceptions.InvalidRequestContentException) as caught:
        client.invoke(FunctionName=name, Payload=b"notat:asdfasdf")
    error = caught.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    prefix = "Could not parse request body into json: Could not parse payload into json: "
    assert error["Error"]["Message"].startswith(prefix)


CONTEXT_SOURCE = (
    "import os\n"
    "def handler(e, c):\n"
    "    return {'version': c.function_version, 'arn': c.invoked_function_arn,\n"
    "            'memory': str(c.memory_limit_in_mb), 'request': c.aws_request_id,\n"
    "            'env': os.environ.get('MY_VAR')}\n"
)


def test_context_fields_and_environment(client: Any, unique_name: Any, cleanup: list) -> None:
    name = unique_name("ctx")
    _python(client, name, CONTEXT_SOURCE, cleanup, Environment={"Variables": {"MY_VAR": "value"}})
    arn = client.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
    response, payload = invoke_json(client, name)
    assert payload == {
        "version": "$LATEST",
        "arn": arn,
        "memory": "128",
        "request": response["ResponseMetadata"]["RequestId"],
        "env": "value",
    }


def test_unknown_qualifier_is_not_found(client: Any, unique_name: Any, cleanup: list) -> None:
    name = unique_name("qual")
    _python(client, name, "def handler(e, c):\n    return e\n", cleanup)
    arn = client.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.invoke(FunctionName=name, Payload=b"{}", Qualifier="9")
    error = caught.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert error["Error"]["Message"] == f"Function not found: {arn}:9"


def test_too_large_response_is_function_error(client: Any, unique_name: Any, cleanup: list) -> None:
    name = unique_name("big")
    _python(client, name, "def handler(e, c):\n    return 'a' * (7 * 1024 * 1024)\n", cleanup, MemorySize=512)
    response, payload = invoke_json(client, name)
    assert (response["StatusCode"], response["FunctionError"]) == (200, "Unhandled")
    assert payload == {
        "errorMessage": "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
        "errorType": "Function.ResponseSizeTooLarge",
    }


def test_handler_exit_without_reason(client: Any, unique_name: Any, cleanup: list) -> None:
    name = unique_name("exit")
    _python(client, name, "import sys\ndef handler(e, c):\n    sys.exit(0)\n", cleanup)
    response, payload = invoke_json(client, name)
    assert (response["StatusCode"], response["FunctionError"]) == (200, "Unhandled")
    assert payload["errorType"] == "Runtime.ExitError"
    assert re.fullmatch(
        r"RequestId: \S+ Error: Runtime exited without providing a reason", payload["errorMessage"]
    )


def test_invoke_unknown_function_names_latest(client: Any) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.invoke(FunctionName="doesnotexist", Payload=b"{}")
    message = caught.value.response["Error"]["Message"]
    assert re.fullmatch(
        r"Function not found: arn:aws:lambda:[\w-]+:\d{12}:function:doesnotexist:\$LATEST", message
    )


def test_import_error_answers_with_empty_request_id(client: Any, unique_name: Any, cleanup: list) -> None:
    name = unique_name("initerr")
    source = "raise Exception('Runtime startup fails')\ndef handler(e, c):\n    return e\n"
    _python(client, name, source, cleanup)
    response, payload = invoke_json(client, name)
    assert (response["StatusCode"], response["FunctionError"]) == (200, "Unhandled")
    assert payload["errorMessage"] == "Runtime startup fails"
    assert payload["errorType"] == "Exception"
    assert payload["requestId"] == ""
    assert isinstance(payload["stackTrace"], list)


def test_runtime_exit_at_import_without_reason(client: Any, unique_name: Any, cleanup: list) -> None:
    name = unique_name("initexit")
    _python(client, name, "import sys\nsys.exit(0)\ndef handler(e, c):\n    return e\n", cleanup)
    response, payload = invoke_json(client, name)
    assert (response["StatusCode"], response["FunctionError"]) == (200, "Unhandled")
    assert payload["errorType"] == "Runtime.ExitError"
    expected = r"RequestId: \S+ Error: Runtime exited without providing a reason"
    assert re.fullmatch(expected, payload["errorMessage"])
