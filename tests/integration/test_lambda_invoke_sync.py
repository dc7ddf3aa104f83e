"""Invoke (RequestResponse, DryRun) of Python and Node.js handlers: context, environment, an SDK inside
the function talking back to us, qualifiers, UpdateFunctionCode, warm reuse and reserved concurrency."""

from __future__ import annotations

import base64
import json
import threading
import time

import pytest
from botocore.exceptions import ClientError

from tests.integration.lambda_functions import create_function, invoke_json, source, zip_files, zip_of

ECHO = {
    "python": ("python3.12", "py_echo.py", "py_echo.handler"),
    "nodejs": ("nodejs20.x", "node_echo.js", "node_echo.handler"),
}
VERSIONED = {"python": ("python3.12", "py_version.py"), "nodejs": ("nodejs20.x", "node_version.js")}


@pytest.fixture(params=sorted(ECHO))
def echo_function(request, awslambda, unique_name, cleanup):
    runtime, file, handler = ECHO[request.param]
    name = unique_name(f"echo-{request.param}")
    create_function(
        awslambda,
        name,
        runtime,
        handler,
        zip_of(file),
        cleanup,
        Environment={"Variables": {"STAGE": "test"}},
        MemorySize=256,
        Timeout=7,
    )
    return name


def test_invoke_returns_handler_result_with_context_and_environment(awslambda, echo_function):
    response, body = invoke_json(awslambda, echo_function, {"hello": "world"})
    assert response["StatusCode"] == 200
    assert "FunctionError" not in response
    assert response["ExecutedVersion"] == "$LATEST"
    arn = f"arn:aws:lambda:us-east-1:000000000000:function:{echo_function}"
    assert body["event"] == {"hello": "world"}
    assert body["function_arn"] == arn
    assert body["function_name"] == echo_function
    assert body["function_version"] == "$LATEST"
    assert str(body["memory"]) == "256"
    assert 0 < body["remaining"] <= 7000
    assert body["request_id"] == response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"]
    assert body["log_group"] == f"/aws/lambda/{echo_function}"
    assert "/[$LATEST]" in body["log_stream"]
    env = body["env"]
    assert env["STAGE"] == "test"
    assert env["AWS_REGION"] == env["AWS_DEFAULT_REGION"] == "us-east-1"
    assert env["AWS_LAMBDA_FUNCTION_NAME"] == echo_function
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "256"
    assert env["AWS_ACCESS_KEY_ID"] == "000000000000"
    assert env["AWS_ENDPOINT_URL"].startswith("http://127.0.0.1:")
    assert env["_HANDLER"].endswith(".handler")
    assert body["cwd"] == env["LAMBDA_TASK_ROOT"]


def test_warm_worker_is_reused_and_tail_has_the_log(awslambda, echo_function):
    _, first = invoke_json(awslambda, echo_function, {"n": 1})
    response, second = invoke_json(awslambda, echo_function, {"n": 2}, LogType="Tail")
    assert first["pid"] == second["pid"]
    log = base64.b64decode(response["LogResult"]).decode()
    request_id = second["request_id"]
    assert f"START RequestId: {request_id} Version: $LATEST" in log
    assert "event received" in log and "2}" in log.split("event received", 1)[1].splitlines()[0]
    assert f"END RequestId: {request_id}" in log
    assert f"REPORT RequestId: {request_id}\tDuration: " in log
    assert "Init Duration" not in log  # warm


def test_concurrent_invokes_get_more_workers(awslambda, echo_function):
    results = []

    def call() -> None:
        results.append(invoke_json(awslambda, echo_function, {"sleep": 1})[1])

    threads = [threading.Thread(target=call) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 3
    assert len({result["pid"] for result in results}) == 3


def test_reserved_concurrency_throttles(awslambda, echo_function):
    awslambda.put_function_concurrency(FunctionName=echo_function, ReservedConcurrentExecutions=1)
    outcome = {}

    def slow() -> None:
        # One of the probes below may hold the only slot when this call arrives: then it is throttled
        # too, and takes the slot on a later try.
        deadline = time.monotonic() + 10
        while True:
            try:
                outcome["slow"] = invoke_json(awslambda, echo_function, {"sleep": 2})[1]
                return
            except ClientError as error:
                busy = error.response["Error"]["Code"] == "TooManyRequestsException"
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    thread = threading.Thread(target=slow)
    thread.start()
    try:
        # Wait until the slow call holds the only slot, then a second call is throttled.
        def throttled() -> bool:
            try:
                invoke_json(awslambda, echo_function, {})
            except ClientError as error:
                outcome["error"] = error.response
                return True
            return False

        from tests.integration.lambda_functions import poll

        assert poll(throttled, timeout=5, interval=0.05)
    finally:
        thread.join()
    assert outcome["error"]["Error"]["Code"] == "TooManyRequestsException"
    assert outcome["error"]["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert outcome["slow"]["event"] == {"sleep": 2}
    awslambda.put_function_concurrency(FunctionName=echo_function, ReservedConcurrentExecutions=0)
    concurrency = awslambda.get_function(FunctionName=echo_function)["Concurrency"]
    assert concurrency == {"ReservedConcurrentExecutions": 0}
    with pytest.raises(ClientError) as error:
        invoke_json(awslambda, echo_function, {})
    assert error.value.response["Error"]["Code"] == "TooManyRequestsException"
    awslambda.delete_function_concurrency(FunctionName=echo_function)
    assert invoke_json(awslambda, echo_function, {})[0]["StatusCode"] == 200


def test_dry_run_and_unknown_functions(awslambda, echo_function, unique_name):
    response = awslambda.invoke(FunctionName=echo_function, InvocationType="DryRun")
    assert response["StatusCode"] == 204
    missing = unique_name("missing")
    with pytest.raises(ClientError) as error:
        awslambda.invoke(FunctionName=missing, Payload=b"{}")
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert missing in error.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as error:
        awslambda.invoke(FunctionName=echo_function, Qualifier="nope", Payload=b"{}")
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as error:
        awslambda.invoke(FunctionName=echo_function, Payload=b"not json")
    assert error.value.response["Error"]["Code"] == "InvalidRequestContentException"


def test_invoke_by_arn_and_empty_payload(awslambda, echo_function):
    arn = awslambda.get_function(FunctionName=echo_function)["Configuration"]["FunctionArn"]
    response = awslambda.invoke(FunctionName=arn)
    body = json.loads(response["Payload"].read())
    assert body["event"] == {}


@pytest.mark.parametrize("flavour", sorted(VERSIONED))
def test_versions_aliases_and_code_updates(awslambda, unique_name, cleanup, flavour):
    runtime, file = VERSIONED[flavour]
    module = file.rsplit(".", 1)[0]
    name = unique_name(f"ver-{flavour}")
    create_function(awslambda, name, runtime, f"{module}.handler", zip_of(file), cleanup)
    version1 = awslambda.publish_version(FunctionName=name)["Version"]
    awslambda.create_alias(FunctionName=name, Name="live", FunctionVersion=version1)
    assert invoke_json(awslambda, name)[1]["version"] == "v1"  # warms a $LATEST worker
    v2_code = zip_files({file: source(file).replace("v1", "v2")})
    awslambda.update_function_code(FunctionName=name, ZipFile=v2_code)
    # The next invoke of $LATEST runs the new code; version 1 and the alias keep the old.
    response, latest = invoke_json(awslambda, name)
    assert latest["version"] == "v2"
    assert response["ExecutedVersion"] == "$LATEST"
    response, pinned = invoke_json(awslambda, name, Qualifier=version1)
    assert pinned == {"version": "v1", "arn": f"{latest['arn']}:{version1}"}
    assert response["ExecutedVersion"] == version1
    response, aliased = invoke_json(awslambda, name, Qualifier="live")
    assert aliased["version"] == "v1" and aliased["arn"].endswith(":live")
    assert response["ExecutedVersion"] == version1
    version2 = awslambda.publish_version(FunctionName=name)["Version"]
    awslambda.update_alias(FunctionName=name, Name="live", FunctionVersion=version2)
    response, aliased = invoke_json(awslambda, f"{name}:live")
    assert aliased["version"] == "v2"
    assert response["ExecutedVersion"] == version2


@pytest.mark.parametrize("flavour", sorted(ECHO))
def test_configuration_update_reaches_the_next_invoke(awslambda, unique_name, cleanup, flavour):
    runtime, file, handler = ECHO[flavour]
    name = unique_name(f"cfg-{flavour}")
    create_function(
        awslambda, name, runtime, handler, zip_of(file), cleanup, Environment={"Variables": {"STAGE": "one"}}
    )
    assert invoke_json(awslambda, name)[1]["env"]["STAGE"] == "one"
    awslambda.update_function_configuration(FunctionName=name, Environment={"Variables": {"STAGE": "two"}})
    assert invoke_json(awslambda, name)[1]["env"]["STAGE"] == "two"


SDK = {
    "python": ("python3.12", "py_sdk.py", "py_sdk.handler"),
    "nodejs": ("nodejs20.x", "node_sdk.js", "node_sdk.handler"),
}


@pytest.mark.parametrize("flavour", sorted(SDK))
def test_sdk_inside_the_function_talks_to_the_emulator(awslambda, aws_client, unique_name, cleanup, flavour):
    """boto3 (Python) and the AWS SDK v3 (Node.js) come with the runtime and reach us via AWS_ENDPOINT_URL."""
    runtime, file, handler = SDK[flavour]
    s3 = aws_client("s3")
    bucket, name = unique_name("sdk"), unique_name(f"sdk-{flavour}")
    s3.create_bucket(Bucket=bucket)
    cleanup.append(lambda: s3.delete_bucket(Bucket=bucket))
    create_function(awslambda, name, runtime, handler, zip_of(file), cleanup, Timeout=20)
    response, body = invoke_json(awslambda, name, {"bucket": bucket, "key": "written.json"})
    cleanup.append(lambda: s3.delete_object(Bucket=bucket, Key="written.json"))
    assert "FunctionError" not in response, body
    assert bucket in body["buckets"]
    stored = json.loads(s3.get_object(Bucket=bucket, Key="written.json")["Body"].read())
    assert stored == {"from": name}
