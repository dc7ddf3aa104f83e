"""Lambda as AWS answers it where moto differs: the timeout ceiling, reserved and oversized
environments, a function without code, duplicate permission statements and function URLs, and the
account's unreserved concurrency floor. Sentences as AWS answers them in users' deployment logs."""

from __future__ import annotations

import random
from typing import Any

import pytest

from tests.integration.error_support import client_error as _error
from tests.integration.lambda_functions import ROLE, echo_zip


@pytest.fixture
def client(aws_client: Any) -> Any:
    return aws_client("lambda", config={"parameter_validation": False})


@pytest.fixture
def function(client: Any, unique_name: Any) -> Any:
    name = unique_name("fid")
    client.create_function(
        FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="h.h", Code={"ZipFile": echo_zip()}
    )
    yield name
    client.delete_function(FunctionName=name)


def test_timeout_ceiling(client: Any, unique_name: Any) -> None:
    assert _error(
        client.create_function,
        FunctionName=unique_name("t"),
        Runtime="python3.12",
        Role=ROLE,
        Handler="h.h",
        Code={"ZipFile": echo_zip()},
        Timeout=901,
    ) == (
        400,
        "ValidationException",
        "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: "
        "Member must have value less than or equal to 900",
    )


def test_a_function_needs_code(client: Any, unique_name: Any) -> None:
    assert _error(
        client.create_function,
        FunctionName=unique_name("c"),
        Runtime="python3.12",
        Role=ROLE,
        Handler="h.h",
        Code={},
    ) == (400, "InvalidParameterValueException", "Please provide a source for function code.")


def test_environment_rules(client: Any, function: str) -> None:
    status, code, message = _error(
        client.update_function_configuration,
        FunctionName=function,
        Environment={"Variables": {"AWS_SECRET_ACCESS_KEY": "x", "AWS_ACCESS_KEY_ID": "y", "OK": "z"}},
    )
    assert (status, code) == (400, "InvalidParameterValueException")
    assert message == (
        "Lambda was unable to configure your environment variables because the environment variables you "
        "have provided contains reserved keys that are currently not supported for modification. Reserved "
        "keys used in this request: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"
    )
    big = {"BIG": "x" * 4100}
    status, code, message = _error(
        client.update_function_configuration, FunctionName=function, Environment={"Variables": big}
    )
    assert (status, code) == (400, "InvalidParameterValueException")
    assert message == (
        "Lambda was unable to configure your environment variables because the environment variables you "
        'have provided exceeded the 4KB limit. String measured: {"BIG":"' + "x" * 4100 + '"}'
    )
    client.update_function_configuration(
        FunctionName=function, Environment={"Variables": {"TZ": "UTC", "OK": "1"}}
    )
    variables = client.get_function_configuration(FunctionName=function)["Environment"]["Variables"]
    assert variables == {"TZ": "UTC", "OK": "1"}


def test_duplicate_statement_and_url(client: Any, function: str) -> None:
    kwargs = {"StatementId": "s1", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"}
    client.add_permission(FunctionName=function, **kwargs)
    assert _error(client.add_permission, FunctionName=function, **kwargs) == (
        409,
        "ResourceConflictException",
        "The statement id (s1) provided already exists. Please provide a new statement id, or remove the "
        "existing statement.",
    )
    assert '"Sid": "s1"' in client.get_policy(FunctionName=function)["Policy"].replace('":"', '": "')
    arn = client.create_function_url_config(FunctionName=function, AuthType="NONE")["FunctionArn"]
    url = client.get_function_url_config(FunctionName=function)["FunctionUrl"]
    assert _error(client.create_function_url_config, FunctionName=function, AuthType="NONE") == (
        409,
        "ResourceConflictException",
        f"Failed to create function url config for [functionArn = {arn}]. Error message:  "
        "FunctionUrlConfig exists for this Lambda function",
    )
    assert client.get_function_url_config(FunctionName=function)["FunctionUrl"] == url  # unchanged


def test_unreserved_concurrency_floor(server: Any) -> None:
    # An account of its own (a 12-digit access key selects it): other tests' reservations don't count.
    account = "".join(random.choice("123456789") for _ in range(12))
    client = server.client(
        "lambda", credentials={"aws_access_key_id": account}, config={"parameter_validation": False}
    )
    names = [f"quota-{account}-{i}" for i in range(2)]
    for name in names:
        client.create_function(
            FunctionName=name, Runtime="python3.12", Role=f"arn:aws:iam::{account}:role/r", Handler="h.h",
            Code={"ZipFile": echo_zip()},
        )  # fmt: skip
    floor = (
        400,
        "InvalidParameterValueException",
        "Specified ReservedConcurrentExecutions for function decreases account's "
        "UnreservedConcurrentExecution below its minimum value of [100].",
    )
    assert (
        _error(client.put_function_concurrency, FunctionName=names[0], ReservedConcurrentExecutions=901)
        == floor
    )
    client.put_function_concurrency(FunctionName=names[0], ReservedConcurrentExecutions=500)
    assert (
        _error(client.put_function_concurrency, FunctionName=names[1], ReservedConcurrentExecutions=401)
        == floor
    )
    client.put_function_concurrency(FunctionName=names[1], ReservedConcurrentExecutions=400)
    # Raising a function's own reservation counts it once.
    client.put_function_concurrency(FunctionName=names[0], ReservedConcurrentExecutions=500)
    for name in names:
        client.delete_function(FunctionName=name)


LATEST_UNDELETABLE = "$LATEST version cannot be deleted without deleting the function."


def test_delete_function_deletes_published_versions_only(client: Any, function: str) -> None:
    version = client.publish_version(FunctionName=function)["Version"]
    client.create_alias(FunctionName=function, Name="live", FunctionVersion=version)
    arn = client.get_function(FunctionName=function)["Configuration"]["FunctionArn"]
    for kwargs in (
        {"FunctionName": function, "Qualifier": "$LATEST"},
        {"FunctionName": f"{function}:$LATEST"},
        {"FunctionName": f"{arn}:$LATEST"},
    ):
        assert _error(client.delete_function, **kwargs) == (
            400,
            "InvalidParameterValueException",
            LATEST_UNDELETABLE,
        )
    assert _error(client.delete_function, FunctionName=function, Qualifier="live") == (
        400,
        "InvalidParameterValueException",
        "Deletion of aliases is not supported.",
    )
    versions = [v["Version"] for v in client.list_versions_by_function(FunctionName=function)["Versions"]]
    assert versions == ["$LATEST", version]
    assert client.get_alias(FunctionName=function, Name="live")["FunctionVersion"] == version


def test_a_published_layer_version_is_read_by_its_number(client: Any, unique_name: Any) -> None:
    name = unique_name("layer")
    number = client.publish_layer_version(LayerName=name, Content={"ZipFile": echo_zip()})["Version"]
    try:
        assert client.get_layer_version(LayerName=name, VersionNumber=number)["Version"] == number
    finally:
        client.delete_layer_version(LayerName=name, VersionNumber=number)


def test_layer_references_are_checked(client: Any, unique_name: Any) -> None:
    name = unique_name("layers")
    missing = "arn:aws:lambda:us-east-1:000000000000:layer:absent-layer:1"
    create = {
        "FunctionName": name,
        "Runtime": "python3.12",
        "Role": ROLE,
        "Handler": "h.h",
        "Code": {"ZipFile": echo_zip()},
    }
    assert _error(client.create_function, **create, Layers=[missing]) == (
        400,
        "InvalidParameterValueException",
        f"Layer version {missing} does not exist.",
    )
    assert _error(client.create_function, **create, Layers=[missing] * 6) == (
        400,
        "InvalidParameterValueException",
        "Cannot reference more than 5 layers.",
    )
    layer = client.publish_layer_version(LayerName=unique_name("lib"), Content={"ZipFile": echo_zip()})
    client.create_function(**create, Layers=[layer["LayerVersionArn"]])
    try:
        configuration = client.get_function_configuration(FunctionName=name)
        assert [entry["Arn"] for entry in configuration["Layers"]] == [layer["LayerVersionArn"]]
    finally:
        client.delete_function(FunctionName=name)


def test_versions_of_a_missing_function(client: Any, function: str) -> None:
    absent = function + "-absent"
    assert _error(client.list_versions_by_function, FunctionName=absent) == (
        404,
        "ResourceNotFoundException",
        f"Function not found: arn:aws:lambda:us-east-1:000000000000:function:{absent}",
    )
    arn = client.get_function(FunctionName=function)["Configuration"]["FunctionArn"]
    assert [v["Version"] for v in client.list_versions_by_function(FunctionName=arn)["Versions"]] == [
        "$LATEST"
    ]
