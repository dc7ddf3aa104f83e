"""Code from S3 and layers (python/ and nodejs/node_modules beside the code), and logs in CloudWatch Logs
`/aws/lambda/<name>` with START/END/REPORT lines, one stream per worker."""

from __future__ import annotations

import re

import pytest
from botocore.exceptions import ClientError

from tests.integration.lambda_functions import (
    ROLE,
    create_function,
    invoke_json,
    poll,
    source,
    zip_files,
    zip_of,
)

LAYERS = {
    "python": (
        "python3.12",
        {"python/shared_helper.py": "def greet(name):\n    return f'hello {name} from a layer'\n"},
        "py_layer_user",
    ),
    "nodejs": (
        "nodejs20.x",
        {"nodejs/node_modules/shared-helper/index.js": "exports.greet = (n) => `hello ${n} from a layer`;\n"},
        "node_layer_user",
    ),
}
ECHO = {
    "python": ("python3.12", "py_echo.py", "py_echo.handler"),
    "nodejs": ("nodejs20.x", "node_echo.js", "node_echo.handler"),
}


@pytest.mark.parametrize("flavour", sorted(LAYERS))
def test_layer_code_is_importable(awslambda, unique_name, cleanup, flavour):
    runtime, layer_files, module = LAYERS[flavour]
    layer_name = unique_name("layer")
    layer = awslambda.publish_layer_version(
        LayerName=layer_name, Content={"ZipFile": zip_files(layer_files)}, CompatibleRuntimes=[runtime]
    )
    cleanup.append(
        lambda: awslambda.delete_layer_version(LayerName=layer_name, VersionNumber=layer["Version"])
    )
    name = unique_name(f"layered-{flavour}")
    file = f"{module}.py" if flavour == "python" else f"{module}.js"
    create_function(
        awslambda,
        name,
        runtime,
        f"{module}.handler",
        zip_of(file),
        cleanup,
        Layers=[layer["LayerVersionArn"]],
    )
    response, body = invoke_json(awslambda, name, {"name": "ada"})
    assert "FunctionError" not in response, body
    assert body == {"greeting": "hello ada from a layer"}


@pytest.mark.parametrize("flavour", sorted(ECHO))
def test_code_from_s3_and_update_from_s3(awslambda, aws_client, unique_name, cleanup, flavour):
    runtime, file, handler = ECHO[flavour]
    s3 = aws_client("s3")
    bucket, name = unique_name("code"), unique_name(f"s3code-{flavour}")
    s3.create_bucket(Bucket=bucket)
    cleanup.append(lambda: s3.delete_bucket(Bucket=bucket))
    s3.put_object(Bucket=bucket, Key="v1.zip", Body=zip_of(file))
    cleanup.append(lambda: s3.delete_object(Bucket=bucket, Key="v1.zip"))
    awslambda.create_function(
        FunctionName=name,
        Runtime=runtime,
        Role=ROLE,
        Handler=handler,
        Code={"S3Bucket": bucket, "S3Key": "v1.zip"},
    )
    cleanup.append(lambda: awslambda.delete_function(FunctionName=name))
    assert invoke_json(awslambda, name, {"v": 1})[1]["event"] == {"v": 1}
    # New code from S3: the handler now tags its answer.
    if flavour == "python":
        extra = (
            "\n_original = handler\n\n"
            "def handler(event, context):\n    return {**_original(event, context), 'v2': True}\n"
        )
    else:
        extra = (
            "\nconst original = exports.handler;\n"
            "exports.handler = async (e, c) => ({ ...(await original(e, c)), v2: true });\n"
        )
    s3.put_object(Bucket=bucket, Key="v2.zip", Body=zip_files({file: source(file) + extra}))
    cleanup.append(lambda: s3.delete_object(Bucket=bucket, Key="v2.zip"))
    awslambda.update_function_code(FunctionName=name, S3Bucket=bucket, S3Key="v2.zip")
    assert invoke_json(awslambda, name, {"v": 2})[1]["v2"] is True


@pytest.mark.parametrize("flavour", sorted(ECHO))
def test_logs_reach_cloudwatch(awslambda, aws_client, unique_name, cleanup, flavour):
    runtime, file, handler = ECHO[flavour]
    logs = aws_client("logs")
    name = unique_name(f"logged-{flavour}")
    create_function(awslambda, name, runtime, handler, zip_of(file), cleanup)
    group = f"/aws/lambda/{name}"
    cleanup.append(lambda: logs.delete_log_group(logGroupName=group))
    marker = unique_name("marker")
    _, body = invoke_json(awslambda, name, {"marker": marker})
    request_id = body["request_id"]

    def events() -> list[str]:
        try:
            found = logs.filter_log_events(logGroupName=group)["events"]
        except ClientError:
            return []
        messages = [event["message"] for event in found]
        return messages if any(m.startswith(f"REPORT RequestId: {request_id}") for m in messages) else []

    messages = poll(events)
    assert messages, "no REPORT line arrived in CloudWatch Logs"
    assert messages[0] == f"START RequestId: {request_id} Version: $LATEST"
    assert any(marker in message for message in messages)
    assert f"END RequestId: {request_id}" in messages
    report = next(m for m in messages if m.startswith("REPORT"))
    assert re.search(
        r"Duration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB", report
    )
    assert "Init Duration: " in report  # the first invoke was a cold start
    streams = logs.describe_log_streams(logGroupName=group)["logStreams"]
    assert [stream["logStreamName"] for stream in streams] == [body["log_stream"]]
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}", body["log_stream"])
