"""Version 2017.11.29 global tables are not made here, so the calls naming one answer
GlobalTableNotFoundException (they answered 501); replica auto scaling describes a table with no
replicas, and names a missing table as the table calls do."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError


def _error(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


@pytest.mark.parametrize("operation", ["describe_global_table", "describe_global_table_settings"])
def test_no_global_table_is_found(aws_client, operation):
    ddb = aws_client("dynamodb")
    assert _error(getattr(ddb, operation), GlobalTableName="no-global") == (
        "GlobalTableNotFoundException",
        "Global table not found: Global table with name: 'no-global' does not exist.",
    )


def test_replica_auto_scaling(aws_client, unique_name, cleanup):
    ddb = aws_client("dynamodb")
    name = unique_name("replicated")
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    cleanup.append(lambda: ddb.delete_table(TableName=name))
    described = ddb.describe_table_replica_auto_scaling(TableName=name)["TableAutoScalingDescription"]
    assert described == {"TableName": name, "TableStatus": "ACTIVE", "Replicas": []}
    assert _error(ddb.describe_table_replica_auto_scaling, TableName=name + "-missing") == (
        "ResourceNotFoundException",
        f"Requested resource not found: Table: {name}-missing not found",
    )
