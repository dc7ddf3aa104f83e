"""Version 2017.11.29 global tables: CreateGlobalTable joins same-named tables of the regions it lists
(it answered 501), Describe/List/Update/settings read and change the group, an unknown name is
GlobalTableNotFoundException; replica auto scaling (version 2019.11.21 replicas, which no table here has)
answers as DynamoDB does for a missing or regional table."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.dynamodb_support import pay_per_request_table


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


@pytest.mark.parametrize(
    "operation", ["describe_table_replica_auto_scaling", "update_table_replica_auto_scaling"]
)
def test_replica_auto_scaling_of_a_regional_or_missing_table(aws_client, unique_name, cleanup, operation):
    # Recorded from live DynamoDB (ack-api-quirks DDB-TABLE-254, 2026-10): a regional table and a missing
    # one are both "Global table with name: ... does not exist." (Describe answered 200, Update 501).
    ddb = aws_client("dynamodb")
    name = pay_per_request_table(ddb, unique_name("regional"), cleanup)
    call = getattr(ddb, operation)
    for table_name in (name, name + "-missing"):
        assert _error(call, TableName=table_name) == (
            "ResourceNotFoundException",
            f"Global table with name: '{table_name}' does not exist.",
        )


def _replica(aws_client, region, name, cleanup, streams="NEW_AND_OLD_IMAGES"):
    ddb = aws_client("dynamodb", region=region)
    spec = {"StreamEnabled": True, "StreamViewType": streams}
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        StreamSpecification=spec,
    )
    cleanup.append(lambda: ddb.delete_table(TableName=name))
    return ddb


def test_create_describe_list_update_global_table(aws_client, unique_name, cleanup):
    name = unique_name("global")
    east = _replica(aws_client, "us-east-1", name, cleanup)
    _replica(aws_client, "eu-west-1", name, cleanup)
    created = east.create_global_table(GlobalTableName=name, ReplicationGroup=[{"RegionName": "us-east-1"}])
    described = created["GlobalTableDescription"]
    assert described["GlobalTableName"] == name
    assert described["GlobalTableStatus"] == "CREATING"
    assert described["ReplicationGroup"] == [{"RegionName": "us-east-1"}]
    assert described["GlobalTableArn"].startswith("arn:aws:dynamodb::")
    assert described["GlobalTableArn"].endswith(f":global-table/{name}")
    assert (
        east.describe_global_table(GlobalTableName=name)["GlobalTableDescription"]["GlobalTableStatus"]
        == "ACTIVE"
    )
    listed = east.list_global_tables()["GlobalTables"]
    assert {"GlobalTableName": name, "ReplicationGroup": [{"RegionName": "us-east-1"}]} in listed
    assert name not in [
        entry["GlobalTableName"] for entry in east.list_global_tables(RegionName="eu-west-1")["GlobalTables"]
    ]
    with pytest.raises(ClientError) as caught:
        east.create_global_table(GlobalTableName=name, ReplicationGroup=[{"RegionName": "us-east-1"}])
    assert caught.value.response["Error"]["Code"] == "GlobalTableAlreadyExistsException"

    updated = east.update_global_table(
        GlobalTableName=name, ReplicaUpdates=[{"Create": {"RegionName": "eu-west-1"}}]
    )
    regions = updated["GlobalTableDescription"]["ReplicationGroup"]
    assert regions == [{"RegionName": "us-east-1"}, {"RegionName": "eu-west-1"}]
    code, _ = _error(
        east.update_global_table,
        GlobalTableName=name,
        ReplicaUpdates=[{"Create": {"RegionName": "eu-west-1"}}],
    )
    assert code == "ReplicaAlreadyExistsException"
    code, _ = _error(
        east.update_global_table,
        GlobalTableName=name,
        ReplicaUpdates=[{"Delete": {"RegionName": "us-west-2"}}],
    )
    assert code == "ReplicaNotFoundException"
    code, _ = _error(
        east.update_global_table,
        GlobalTableName=name,
        ReplicaUpdates=[{"Create": {"RegionName": "us-west-2"}}],
    )
    assert code == "TableNotFoundException"

    east.update_global_table_settings(GlobalTableName=name, GlobalTableProvisionedWriteCapacityUnits=7)
    settings = east.describe_global_table_settings(GlobalTableName=name)["ReplicaSettings"]
    assert [entry["RegionName"] for entry in settings] == ["us-east-1", "eu-west-1"]
    assert {entry["ReplicaProvisionedWriteCapacityUnits"] for entry in settings} == {7}
    assert east.describe_table(TableName=name)["Table"]["ProvisionedThroughput"]["WriteCapacityUnits"] == 7


def test_create_global_table_needs_its_tables(aws_client, unique_name, cleanup):
    name = unique_name("global")
    ddb = aws_client("dynamodb")
    assert _error(
        ddb.create_global_table, GlobalTableName=name, ReplicationGroup=[{"RegionName": "us-east-1"}]
    ) == (
        "TableNotFoundException",
        f"Table not found: Table: '{name}' not found in region: 'us-east-1'.",
    )
    _replica(aws_client, "us-east-1", name, cleanup, streams="KEYS_ONLY")
    code, _ = _error(
        ddb.create_global_table, GlobalTableName=name, ReplicationGroup=[{"RegionName": "us-east-1"}]
    )
    assert code == "ValidationException"
    assert _error(ddb.describe_global_table, GlobalTableName=name)[0] == "GlobalTableNotFoundException"
    unknown = [{"RegionName": "xx-nowhere-1"}]
    assert (
        _error(ddb.create_global_table, GlobalTableName=name, ReplicationGroup=unknown)[0]
        == "TableNotFoundException"
    )


_NOT_MEMBERS = (
    "Update global table operation failed because one or more replicas were not part of the global table. "
    "Please retry the request without these replicas: [{}]."
)


@pytest.mark.parametrize(
    "updates, message",
    [
        # Recorded from live DynamoDB (ack-api-quirks DDB-TABLE-203, -223, -307, 2026-10); UpdateTable
        # accepted and ignored them all.
        (
            [{"Create": {"RegionName": "us-east-1"}}],
            "Cannot add or delete the local region through ReplicaUpdates. "
            "Use CreateTable, DeleteTable, or UpdateTable as required.",
        ),
        ([{"Delete": {"RegionName": "ca-central-1"}}], _NOT_MEMBERS.format("ca-central-1")),
        (
            [
                {"Update": {"RegionName": "ca-central-1", "TableClassOverride": "STANDARD"}},
                {"Delete": {"RegionName": "eu-west-1"}},
            ],
            _NOT_MEMBERS.format("ca-central-1, eu-west-1"),
        ),
        ([{}], "There are no actions specified in the Replica Update Action of the request."),
        (
            [{"Update": {"RegionName": "ca-central-1"}}],
            "There are no actions specified in the Replica Update Action of the request.",
        ),
        (
            [{"Create": {"RegionName": "eu-west-1"}, "Delete": {"RegionName": "eu-west-1"}}],
            "Update table operation with more than one type of replica actions not allowed.",
        ),
    ],
)
def test_replica_updates_refused(aws_client, unique_name, cleanup, updates, message):
    ddb = aws_client("dynamodb", region="us-east-1")
    name = unique_name("replicas")
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    cleanup.append(lambda: ddb.delete_table(TableName=name))
    assert _error(ddb.update_table, TableName=name, ReplicaUpdates=updates) == (
        "ValidationException",
        message,
    )
