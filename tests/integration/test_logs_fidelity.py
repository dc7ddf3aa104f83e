"""CloudWatch Logs as AWS answers it where moto differs: log stream sentences, retention periods,
DescribeLogGroups' exclusive filters, and a log group's KMS key. Sources: the API reference
(PutRetentionPolicy's periods, AssociateKmsKey) and AWS's answers as users' code and logs show them."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.integration.error_support import bad_request as _error


@pytest.fixture
def logs(aws_client: Any) -> Any:
    return aws_client("logs", config=Config(parameter_validation=False))


@pytest.fixture
def group(logs: Any, unique_name: Any) -> Any:
    name = f"/fidelity/{unique_name('g')}"
    logs.create_log_group(logGroupName=name)
    yield name
    logs.delete_log_group(logGroupName=name)


def test_log_stream_sentences(logs: Any, group: str) -> None:
    logs.create_log_stream(logGroupName=group, logStreamName="s")
    assert _error(logs.create_log_stream, logGroupName=group, logStreamName="s") == (
        "ResourceAlreadyExistsException",
        "The specified log stream already exists",
    )
    missing = ("ResourceNotFoundException", "The specified log stream does not exist.")
    assert _error(logs.get_log_events, logGroupName=group, logStreamName="absent") == missing
    assert _error(logs.delete_log_stream, logGroupName=group, logStreamName="absent") == missing
    assert _error(logs.get_log_events, logGroupName="/fidelity/absent", logStreamName="s") == (
        "ResourceNotFoundException",
        "The specified log group does not exist.",
    )
    logs.delete_log_stream(logGroupName=group, logStreamName="s")


def test_retention_periods(logs: Any, group: str) -> None:
    code, message = _error(logs.put_retention_policy, logGroupName=group, retentionInDays=2)
    assert code == "InvalidParameterException"
    assert message == (
        "1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: "
        "Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, "
        "545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]"
    )
    logs.put_retention_policy(logGroupName=group, retentionInDays=545)
    (described,) = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
    assert described["retentionInDays"] == 545


def test_prefix_and_pattern_are_exclusive(logs: Any, group: str) -> None:
    assert _error(logs.describe_log_groups, logGroupNamePrefix="/fidelity", logGroupNamePattern="g") == (
        "InvalidParameterException",
        "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
    )


def test_associate_and_disassociate_kms_key(logs: Any, aws_client: Any, group: str) -> None:
    key = aws_client("kms").create_key()["KeyMetadata"]["Arn"]
    logs.associate_kms_key(logGroupName=group, kmsKeyId=key)
    (described,) = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
    assert described["kmsKeyId"] == key
    logs.disassociate_kms_key(logGroupName=group)
    (described,) = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
    assert "kmsKeyId" not in described
    assert _error(logs.associate_kms_key, logGroupName="/fidelity/absent", kmsKeyId=key) == (
        "ResourceNotFoundException",
        "The specified log group does not exist.",
    )


@pytest.mark.parametrize("pattern", ["{ $.x = ", '{ $.level = "ERROR" ', "[ip, user"])
def test_a_metric_filter_pattern_that_does_not_parse(logs: Any, group: str, pattern: str) -> None:
    transformation = [{"metricName": "Errors", "metricNamespace": "App", "metricValue": "1"}]
    kwargs = {"logGroupName": group, "filterName": "errors", "metricTransformations": transformation}
    assert _error(logs.put_metric_filter, filterPattern=pattern, **kwargs) == (
        "InvalidParameterException",
        "Invalid metric filter pattern",
    )
    assert logs.describe_metric_filters(logGroupName=group)["metricFilters"] == []
    logs.put_metric_filter(filterPattern='{ $.level = "ERROR" }', **kwargs)
    assert [f["filterName"] for f in logs.describe_metric_filters(logGroupName=group)["metricFilters"]] == [
        "errors"
    ]


def test_saved_queries(logs: Any, group: str, unique_name: Any) -> None:
    name = unique_name("errors")
    identifier = logs.put_query_definition(
        name=name, queryString="fields @message | limit 5", logGroupNames=[group]
    )["queryDefinitionId"]
    listed = logs.describe_query_definitions(queryDefinitionNamePrefix=name)["queryDefinitions"]
    assert [(d["queryDefinitionId"], d["name"], d["logGroupNames"], d["queryLanguage"]) for d in listed] == [
        (identifier, name, [group], "CWLI")
    ]
    logs.put_query_definition(queryDefinitionId=identifier, name=name, queryString="fields @timestamp")
    listed = logs.describe_query_definitions(queryDefinitionNamePrefix=name)["queryDefinitions"]
    assert [d["queryString"] for d in listed] == ["fields @timestamp"]
    assert logs.delete_query_definition(queryDefinitionId=identifier)["success"] is True
    assert logs.describe_query_definitions(queryDefinitionNamePrefix=name)["queryDefinitions"] == []
    with pytest.raises(ClientError) as info:
        logs.delete_query_definition(queryDefinitionId=identifier)
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_list_log_groups(logs: Any, group: str) -> None:
    pattern = group.rsplit("/", 1)[1]
    listed = logs.list_log_groups(logGroupNamePattern=pattern)["logGroups"]
    assert [(g["logGroupName"], g["logGroupClass"]) for g in listed] == [(group, "STANDARD")]
    assert listed[0]["logGroupArn"].endswith(f":log-group:{group}")
    first = logs.list_log_groups(limit=1)
    assert len(first["logGroups"]) == 1


def test_put_metric_filter_of_a_known_name_replaces_it(logs: Any, group: str) -> None:
    transforms = [{"metricName": "errors", "metricNamespace": "app", "metricValue": "1"}]
    for pattern in ("ERROR", "FATAL"):
        logs.put_metric_filter(
            logGroupName=group, filterName="f", filterPattern=pattern, metricTransformations=transforms
        )
    filters = logs.describe_metric_filters(logGroupName=group)["metricFilters"]
    assert [(f["filterName"], f["filterPattern"]) for f in filters] == [("f", "FATAL")]
