"""Provisioned concurrency configurations, per published version or alias, with Lambda's refusals for
$LATEST (and aliases of it) and for a configuration that does not exist."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.error_support import client_error as _error
from tests.integration.lambda_functions import ROLE, echo_zip

UNPUBLISHED = "Provisioned Concurrency Configs cannot be applied to unpublished function versions."
NOT_FOUND = "No Provisioned Concurrency Config found for this function"


@pytest.fixture
def function(aws_client: Any, unique_name: Any) -> Any:
    client = aws_client("lambda")
    name = unique_name("pc")
    client.create_function(
        FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="h.h", Code={"ZipFile": echo_zip()}
    )
    version = client.publish_version(FunctionName=name)["Version"]
    client.create_alias(FunctionName=name, Name="live", FunctionVersion=version)
    client.create_alias(FunctionName=name, Name="head", FunctionVersion="$LATEST")
    yield client, name, version
    client.delete_function(FunctionName=name)


def test_a_configuration_per_version_and_alias(function: Any) -> None:
    client, name, version = function
    put = client.put_provisioned_concurrency_config(
        FunctionName=name, Qualifier=version, ProvisionedConcurrentExecutions=2
    )
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert put["RequestedProvisionedConcurrentExecutions"] == 2
    assert put["Status"] == "IN_PROGRESS"
    got = client.get_provisioned_concurrency_config(FunctionName=name, Qualifier=version)
    assert got["Status"] == "READY"
    assert (
        got["AllocatedProvisionedConcurrentExecutions"]
        == got["AvailableProvisionedConcurrentExecutions"]
        == 2
    )
    client.put_provisioned_concurrency_config(
        FunctionName=name, Qualifier="live", ProvisionedConcurrentExecutions=1
    )
    listed = client.list_provisioned_concurrency_configs(FunctionName=name)["ProvisionedConcurrencyConfigs"]
    arn = client.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
    assert sorted((c["FunctionArn"], c["RequestedProvisionedConcurrentExecutions"]) for c in listed) == [
        (f"{arn}:{version}", 2),
        (f"{arn}:live", 1),
    ]
    client.delete_provisioned_concurrency_config(FunctionName=name, Qualifier=version)
    assert _error(client.get_provisioned_concurrency_config, FunctionName=name, Qualifier=version) == (
        404,
        "ProvisionedConcurrencyConfigNotFoundException",
        NOT_FOUND,
    )


@pytest.mark.parametrize("qualifier", ["$LATEST", "head"])
def test_unpublished_versions_are_refused(function: Any, qualifier: str) -> None:
    client, name, _ = function
    assert _error(
        client.put_provisioned_concurrency_config,
        FunctionName=name,
        Qualifier=qualifier,
        ProvisionedConcurrentExecutions=1,
    ) == (400, "InvalidParameterValueException", UNPUBLISHED)


def test_a_missing_version_or_function(function: Any, unique_name: Any) -> None:
    client, name, _ = function
    status, code, _ = _error(
        client.put_provisioned_concurrency_config,
        FunctionName=name,
        Qualifier="99",
        ProvisionedConcurrentExecutions=1,
    )
    assert (status, code) == (404, "ResourceNotFoundException")
    status, code, _ = _error(client.list_provisioned_concurrency_configs, FunctionName=unique_name("absent"))
    assert (status, code) == (404, "ResourceNotFoundException")


def test_a_deleted_functions_configurations_go_with_it(aws_client: Any, unique_name: Any) -> None:
    client = aws_client("lambda")
    name = unique_name("pcgone")
    create = {"Runtime": "python3.12", "Role": ROLE, "Handler": "h.h", "Code": {"ZipFile": echo_zip()}}
    client.create_function(FunctionName=name, **create)
    version = client.publish_version(FunctionName=name)["Version"]
    client.put_provisioned_concurrency_config(
        FunctionName=name, Qualifier=version, ProvisionedConcurrentExecutions=1
    )
    client.delete_function(FunctionName=name)
    client.create_function(FunctionName=name, **create)
    try:
        assert (
            client.list_provisioned_concurrency_configs(FunctionName=name)["ProvisionedConcurrencyConfigs"]
            == []
        )
    finally:
        client.delete_function(FunctionName=name)
