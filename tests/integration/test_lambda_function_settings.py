"""Lambda's account settings, a function's URL configurations, and its recursion and runtime-management
configurations (were 501)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.integration.lambda_functions import ROLE, echo_zip


@pytest.fixture
def function(aws_client: Any, unique_name: Any) -> Any:
    client = aws_client("lambda")
    name = unique_name("settings")
    client.create_function(
        FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="h.h", Code={"ZipFile": echo_zip()}
    )
    yield client, name
    client.delete_function(FunctionName=name)


def test_account_settings_count_the_accounts_functions(function: Any) -> None:
    client, name = function
    settings = client.get_account_settings()
    assert settings["AccountLimit"]["ConcurrentExecutions"] == 1000
    assert settings["AccountLimit"]["CodeSizeZipped"] == 52428800
    before = settings["AccountUsage"]["FunctionCount"]
    assert before >= 1 and settings["AccountUsage"]["TotalCodeSize"] > 0
    client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=10)
    after = client.get_account_settings()["AccountLimit"]["UnreservedConcurrentExecutions"]
    assert after == settings["AccountLimit"]["UnreservedConcurrentExecutions"] - 10


def test_function_url_configs_are_listed(function: Any) -> None:
    client, name = function
    assert client.list_function_url_configs(FunctionName=name)["FunctionUrlConfigs"] == []
    url = client.create_function_url_config(FunctionName=name, AuthType="NONE")["FunctionUrl"]
    listed = client.list_function_url_configs(FunctionName=name)["FunctionUrlConfigs"]
    assert [(c["FunctionUrl"], c["AuthType"]) for c in listed] == [(url, "NONE")]


def test_recursion_config_defaults_to_terminate(function: Any) -> None:
    client, name = function
    assert client.get_function_recursion_config(FunctionName=name)["RecursiveLoop"] == "Terminate"
    assert (
        client.put_function_recursion_config(FunctionName=name, RecursiveLoop="Allow")["RecursiveLoop"]
        == "Allow"
    )
    assert client.get_function_recursion_config(FunctionName=name)["RecursiveLoop"] == "Allow"


def test_runtime_management_config(function: Any) -> None:
    client, name = function
    got = client.get_runtime_management_config(FunctionName=name)
    assert got["UpdateRuntimeOn"] == "Auto" and got["FunctionArn"].endswith(f":function:{name}")
    client.put_runtime_management_config(FunctionName=name, UpdateRuntimeOn="FunctionUpdate")
    assert client.get_runtime_management_config(FunctionName=name)["UpdateRuntimeOn"] == "FunctionUpdate"


@pytest.mark.parametrize(
    "call",
    [
        lambda c, n: c.list_function_url_configs(FunctionName=n),
        lambda c, n: c.get_function_recursion_config(FunctionName=n),
        lambda c, n: c.get_runtime_management_config(FunctionName=n),
    ],
)
def test_a_missing_function_is_not_found(aws_client: Any, unique_name: Any, call: Any) -> None:
    with pytest.raises(ClientError) as info:
        call(aws_client("lambda"), unique_name("absent"))
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_settings_go_with_their_function(aws_client: Any, unique_name: Any) -> None:
    client = aws_client("lambda")
    name = unique_name("again")
    create = {
        "FunctionName": name,
        "Runtime": "python3.12",
        "Role": ROLE,
        "Handler": "h.h",
        "Code": {"ZipFile": echo_zip()},
    }
    client.create_function(**create)
    client.put_function_recursion_config(FunctionName=name, RecursiveLoop="Allow")
    client.delete_function(FunctionName=name)
    client.create_function(**create)
    try:
        assert client.get_function_recursion_config(FunctionName=name)["RecursiveLoop"] == "Terminate"
    finally:
        client.delete_function(FunctionName=name)
