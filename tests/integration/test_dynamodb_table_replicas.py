"""Version 2019.11.21 global tables: UpdateTable's ReplicaUpdates Create makes a replica in another region
(schema, stream and items copied), DescribeTable in each region lists the others with GlobalTableVersion,
writes on either replica reach the other, and Delete removes the replica (moto answered 200 and made
nothing)."""

from __future__ import annotations

import pytest

from tests.integration.dynamodb_support import pay_per_request_table
from tests.integration.error_support import client_error

HOME, AWAY = "us-east-1", "eu-west-1"
STREAM = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}


@pytest.fixture
def replicated(aws_client, unique_name, cleanup):
    home = aws_client("dynamodb", region=HOME)
    away = aws_client("dynamodb", region=AWAY)
    name = pay_per_request_table(
        home,
        unique_name("replicas"),
        cleanup,
        sort_key=("sk", "N"),
        attributes={"g": "S"},
        StreamSpecification=STREAM,
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    home.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"S": "x"}})
    answer = home.update_table(TableName=name, ReplicaUpdates=[{"Create": {"RegionName": AWAY}}])
    cleanup.append(lambda: away.delete_table(TableName=name))
    return name, answer["TableDescription"]


def test_create_answers_the_new_replica_creating(replicated):
    _, description = replicated
    assert description["TableStatus"] == "UPDATING"
    assert description["GlobalTableVersion"] == "2019.11.21"
    assert description["Replicas"] == [{"RegionName": AWAY, "ReplicaStatus": "CREATING"}]


def test_each_region_describes_the_other(aws_client, replicated):
    name, _ = replicated
    home = aws_client("dynamodb", region=HOME).describe_table(TableName=name)["Table"]
    away = aws_client("dynamodb", region=AWAY).describe_table(TableName=name)["Table"]
    assert home["Replicas"] == [{"RegionName": AWAY, "ReplicaStatus": "ACTIVE"}]
    assert away["Replicas"] == [{"RegionName": HOME, "ReplicaStatus": "ACTIVE"}]
    assert home["GlobalTableVersion"] == away["GlobalTableVersion"] == "2019.11.21"
    assert away["TableArn"].split(":")[3] == AWAY
    assert away["KeySchema"] == home["KeySchema"]
    assert away["StreamSpecification"] == STREAM
    assert [index["IndexName"] for index in away["GlobalSecondaryIndexes"]] == ["by-g"]


def test_items_reach_every_replica(aws_client, replicated):
    name, _ = replicated
    home = aws_client("dynamodb", region=HOME)
    away = aws_client("dynamodb", region=AWAY)
    key = {"pk": {"S": "a"}, "sk": {"N": "1"}}
    assert away.get_item(TableName=name, Key=key)["Item"]["g"] == {"S": "x"}  # copied at creation
    home.update_item(
        TableName=name, Key=key, UpdateExpression="SET n = :n", ExpressionAttributeValues={":n": {"N": "5"}}
    )
    away.put_item(TableName=name, Item={"pk": {"S": "b"}, "sk": {"N": "2"}})
    home.batch_write_item(
        RequestItems={name: [{"PutRequest": {"Item": {"pk": {"S": "c"}, "sk": {"N": "3"}}}}]}
    )
    home.transact_write_items(
        TransactItems=[{"Delete": {"TableName": name, "Key": {"pk": {"S": "c"}, "sk": {"N": "3"}}}}]
    )
    home.execute_statement(Statement=f"INSERT INTO \"{name}\" VALUE {{'pk': 'd', 'sk': 4}}")
    for client in (home, away):
        items = {item["pk"]["S"]: item for item in client.scan(TableName=name)["Items"]}
        assert sorted(items) == ["a", "b", "d"]
        assert items["a"]["n"] == {"N": "5"}
    assert (
        away.query(
            TableName=name,
            IndexName="by-g",
            KeyConditionExpression="g = :g",
            ExpressionAttributeValues={":g": {"S": "x"}},
        )["Count"]
        == 1
    )


def test_delete_removes_the_replica(aws_client, replicated):
    name, _ = replicated
    home = aws_client("dynamodb", region=HOME)
    away = aws_client("dynamodb", region=AWAY)
    answer = home.update_table(TableName=name, ReplicaUpdates=[{"Delete": {"RegionName": AWAY}}])
    assert answer["TableDescription"]["Replicas"] == [{"RegionName": AWAY, "ReplicaStatus": "DELETING"}]
    status, code, _ = client_error(away.describe_table, TableName=name)
    assert (status, code) == (400, "ResourceNotFoundException")
    described = home.describe_table(TableName=name)["Table"]
    assert "Replicas" not in described and "GlobalTableVersion" not in described
    home.put_item(TableName=name, Item={"pk": {"S": "z"}, "sk": {"N": "9"}})  # no replica left to reach


def test_update_of_a_region_outside_the_replicas_is_refused(aws_client, replicated):
    name, _ = replicated
    home = aws_client("dynamodb", region=HOME)
    status, code, message = client_error(
        home.update_table, TableName=name, ReplicaUpdates=[{"Delete": {"RegionName": "ap-south-1"}}]
    )
    assert (status, code) == (400, "ValidationException")
    assert message == (
        "Update global table operation failed because one or more replicas were not part of the global "
        "table. Please retry the request without these replicas: [ap-south-1]."
    )
