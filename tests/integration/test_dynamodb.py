"""DynamoDB and DynamoDB Streams through the edge and the legacy ports."""

import pytest
from botocore.exceptions import ClientError


@pytest.fixture(params=[False, True], ids=["edge", "legacy"])
def legacy(request):
    return request.param


@pytest.fixture
def dynamodb(aws_client, legacy):
    return aws_client("dynamodb", legacy=legacy)


@pytest.fixture
def table(dynamodb, unique_name):
    name = unique_name("table")
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    yield name
    dynamodb.delete_table(TableName=name)


def test_table_is_listed_and_described(dynamodb, table):
    assert table in dynamodb.list_tables()["TableNames"]
    description = dynamodb.describe_table(TableName=table)["Table"]
    assert description["TableStatus"] == "ACTIVE"
    assert description["TableArn"] == f"arn:aws:dynamodb:us-east-1:000000000000:table/{table}"


def test_put_get_update_delete_item(dynamodb, table):
    key = {"pk": {"S": "user"}, "sk": {"N": "1"}}
    dynamodb.put_item(TableName=table, Item={**key, "name": {"S": "Ada"}, "visits": {"N": "1"}})
    assert dynamodb.get_item(TableName=table, Key=key)["Item"]["name"] == {"S": "Ada"}
    updated = dynamodb.update_item(
        TableName=table,
        Key=key,
        UpdateExpression="SET visits = visits + :one, #n = :name",
        ExpressionAttributeNames={"#n": "name"},
        ExpressionAttributeValues={":one": {"N": "1"}, ":name": {"S": "Grace"}},
        ReturnValues="ALL_NEW",
    )["Attributes"]
    assert updated["visits"] == {"N": "2"} and updated["name"] == {"S": "Grace"}
    dynamodb.delete_item(TableName=table, Key=key)
    assert "Item" not in dynamodb.get_item(TableName=table, Key=key)


def test_batch_write_query_scan(dynamodb, table):
    items = [{"pk": {"S": "a" if i < 3 else "b"}, "sk": {"N": str(i)}, "v": {"S": f"v{i}"}} for i in range(5)]
    result = dynamodb.batch_write_item(
        RequestItems={table: [{"PutRequest": {"Item": item}} for item in items]}
    )
    assert result["UnprocessedItems"] == {}
    queried = dynamodb.query(
        TableName=table,
        KeyConditionExpression="pk = :pk AND sk >= :from",
        ExpressionAttributeValues={":pk": {"S": "a"}, ":from": {"N": "1"}},
    )
    assert [item["sk"]["N"] for item in queried["Items"]] == ["1", "2"]
    scanned = dynamodb.scan(TableName=table)
    assert scanned["Count"] == 5
    filtered = dynamodb.scan(
        TableName=table, FilterExpression="v = :v", ExpressionAttributeValues={":v": {"S": "v4"}}
    )
    assert [item["sk"]["N"] for item in filtered["Items"]] == ["4"]
    dynamodb.batch_write_item(
        RequestItems={table: [{"DeleteRequest": {"Key": {"pk": i["pk"], "sk": i["sk"]}}} for i in items]}
    )
    assert dynamodb.scan(TableName=table)["Count"] == 0


def test_missing_table_is_an_aws_error(dynamodb, unique_name):
    with pytest.raises(ClientError) as error:
        dynamodb.get_item(TableName=unique_name("missing"), Key={"pk": {"S": "x"}})
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_stream_is_listed_and_described(aws_client, dynamodb, table, legacy):
    enabled = dynamodb.update_table(
        TableName=table, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    )["TableDescription"]
    stream_arn = enabled["LatestStreamArn"]
    assert stream_arn.startswith(f"arn:aws:dynamodb:us-east-1:000000000000:table/{table}/stream/")
    streams = aws_client("dynamodbstreams", legacy=legacy)
    listed = streams.list_streams(TableName=table)["Streams"]
    assert [s["StreamArn"] for s in listed] == [stream_arn]
    description = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]
    assert description["TableName"] == table
    assert description["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert description["StreamStatus"] == "ENABLED"
    # A write shows up as a record on the stream's shard.
    dynamodb.put_item(TableName=table, Item={"pk": {"S": "s"}, "sk": {"N": "1"}})
    shard_id = description["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(
        StreamArn=stream_arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON"
    )
    records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    assert [r["eventName"] for r in records] == ["INSERT"]
    assert records[0]["dynamodb"]["Keys"] == {"pk": {"S": "s"}, "sk": {"N": "1"}}


def test_accounts_are_separate(aws_client, unique_name):
    other = aws_client("dynamodb", credentials={"aws_access_key_id": "111111111111"})
    name = unique_name("table")
    other.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    try:
        arn = other.describe_table(TableName=name)["Table"]["TableArn"]
        assert arn == f"arn:aws:dynamodb:us-east-1:111111111111:table/{name}"
        assert name not in aws_client("dynamodb").list_tables()["TableNames"]
    finally:
        other.delete_table(TableName=name)


def test_error_probability_throttles_item_operations(tmp_path):
    import boto3
    from botocore.config import Config as BotoConfig
    from botocore.exceptions import ClientError

    from tests.server_process import start_server

    faulty = start_server(tmp_path, services=["dynamodb"], extra_env={"DYNAMODB_ERROR_PROBABILITY": "1.0"})
    try:
        dynamodb = boto3.client(
            "dynamodb",
            endpoint_url=faulty.edge_url,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=BotoConfig(retries={"max_attempts": 1}),
        )
        dynamodb.create_table(
            TableName="throttled",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        with pytest.raises(ClientError) as error:
            dynamodb.put_item(TableName="throttled", Item={"id": {"S": "a"}})
        assert error.value.response["Error"]["Code"] == "ProvisionedThroughputExceededException"
        assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert dynamodb.describe_table(TableName="throttled")["Table"]["TableName"] == "throttled"
    finally:
        faulty.stop()


def test_table_and_index_status_sequence(dynamodb, unique_name):
    name = unique_name("status")
    created = dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "g", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )["TableDescription"]
    assert created["TableStatus"] == "CREATING"
    assert created["GlobalSecondaryIndexes"][0]["IndexStatus"] == "CREATING"
    assert "LocalSecondaryIndexes" not in created
    dynamodb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 5})
    described = dynamodb.describe_table(TableName=name)["Table"]
    assert described["TableStatus"] == "ACTIVE"
    assert described["TableId"] == created["TableId"]
    assert described["GlobalSecondaryIndexes"][0]["IndexArn"] == f"{described['TableArn']}/index/by-g"
    assert "LastUpdateToPayPerRequestDateTime" in described["BillingModeSummary"]
    updated = dynamodb.update_table(
        TableName=name,
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 2},
        GlobalSecondaryIndexUpdates=[
            {
                "Update": {
                    "IndexName": "by-g",
                    "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
                }
            }
        ],
    )["TableDescription"]
    assert updated["TableStatus"] == "UPDATING"
    assert dynamodb.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"
    assert dynamodb.delete_table(TableName=name)["TableDescription"]["TableStatus"] == "DELETING"


def test_a_deleted_index_is_listed_deleting_in_update_tables_answer(dynamodb, unique_name):
    """GlobalSecondaryIndexDescription.IndexStatus (API reference): DELETING, the index is being
    deleted; UpdateTable's answer still lists it, and DescribeTable no longer does once it is gone."""
    name = unique_name("drop-index")
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "g", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    try:
        updated = dynamodb.update_table(
            TableName=name, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-g"}}]
        )["TableDescription"]
        [index] = updated["GlobalSecondaryIndexes"]
        assert index["IndexName"] == "by-g"
        assert index["IndexStatus"] == "DELETING"
        assert index["IndexArn"] == f"{updated['TableArn']}/index/by-g"
        assert "GlobalSecondaryIndexes" not in dynamodb.describe_table(TableName=name)["Table"]
    finally:
        dynamodb.delete_table(TableName=name)


def test_an_index_added_by_update_table_reports_backfilling(dynamodb, unique_name):
    """GlobalSecondaryIndexDescription.Backfilling (API reference): it appears for an index UpdateTable
    adds, and never for one CreateTable made."""
    name = unique_name("backfill")
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "g", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "first",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    try:
        added = {
            "IndexName": "second",
            "KeySchema": [
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "g", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        }
        updated = dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{"Create": added}])
        listed = updated["TableDescription"]["GlobalSecondaryIndexes"]
        indexes = {index["IndexName"]: index for index in listed}
        assert indexes["second"]["IndexStatus"] == "CREATING"
        assert indexes["second"]["Backfilling"] is False
        assert "Backfilling" not in indexes["first"]
        described = dynamodb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"]
        indexes = {index["IndexName"]: index for index in described}
        assert indexes["second"]["Backfilling"] is False
        assert "Backfilling" not in indexes["first"]
    finally:
        dynamodb.delete_table(TableName=name)


def test_throughput_changes_are_reported(dynamodb, unique_name):
    """ProvisionedThroughputDescription (API reference): NumberOfDecreasesToday always, and the time of
    the last increase and of the last decrease once there was one."""
    name = unique_name("throughput")
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
    )
    try:
        raised = dynamodb.update_table(
            TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
        )["TableDescription"]["ProvisionedThroughput"]
        assert raised["NumberOfDecreasesToday"] == 0
        assert "LastIncreaseDateTime" in raised
        assert "LastDecreaseDateTime" not in raised
        dynamodb.update_table(
            TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 5}
        )
        described = dynamodb.describe_table(TableName=name)["Table"]["ProvisionedThroughput"]
        assert described["ReadCapacityUnits"] == 2
        assert described["NumberOfDecreasesToday"] == 1
        assert described["LastDecreaseDateTime"] >= described["LastIncreaseDateTime"]
    finally:
        dynamodb.delete_table(TableName=name)


@pytest.mark.parametrize(
    "return_values,expected",
    [
        (
            "UPDATED_OLD",
            {
                "a": {"N": "1"},
                "m": {"M": {"x": {"N": "1"}, "y": {"S": "keep"}}},
                "l": {"L": [{"S": "1"}]},
                "s": {"SS": ["p"]},
            },
        ),
        (
            "UPDATED_NEW",
            {
                "a": {"N": "2"},
                "m": {"M": {"x": {"N": "2"}}},
                "l": {"L": [{"S": "n"}]},
                "s": {"SS": ["p", "q"]},
            },
        ),
        (
            "ALL_NEW",
            {
                "pk": {"S": "user"},
                "sk": {"N": "1"},
                "a": {"N": "2"},
                "m": {"M": {"x": {"N": "2"}}},
                "l": {"L": [{"S": "0"}, {"S": "n"}]},
                "s": {"SS": ["p", "q"]},
            },
        ),
    ],
)
def test_update_returns_the_paths_it_touched(dynamodb, table, return_values, expected):
    key = {"pk": {"S": "user"}, "sk": {"N": "1"}}
    dynamodb.put_item(
        TableName=table,
        Item={
            **key,
            "a": {"N": "1"},
            "m": {"M": {"x": {"N": "1"}, "y": {"S": "keep"}}},
            "l": {"L": [{"S": "0"}, {"S": "1"}]},
            "s": {"SS": ["p"]},
        },
    )
    attributes = dynamodb.update_item(
        TableName=table,
        Key=key,
        UpdateExpression="SET a = a + :one, m.x = :two, l[1] = :n REMOVE m.y ADD s :q",
        ExpressionAttributeValues={
            ":one": {"N": "1"},
            ":two": {"N": "2"},
            ":n": {"S": "n"},
            ":q": {"SS": ["q"]},
        },
        ReturnValues=return_values,
    )["Attributes"]
    attributes["s"]["SS"].sort()
    assert attributes == expected
    removed = dynamodb.update_item(
        TableName=table, Key=key, UpdateExpression="REMOVE a", ReturnValues="UPDATED_NEW"
    )
    assert "Attributes" not in removed


def test_global_index_created_later_keeps_the_table_definitions(dynamodb, table):
    with pytest.raises(ClientError) as error:
        dynamodb.update_table(
            TableName=table,
            GlobalSecondaryIndexUpdates=[
                {
                    "Create": {
                        "IndexName": "by-g",
                        "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                        "Projection": {"ProjectionType": "ALL"},
                    }
                }
            ],
        )
    assert error.value.response["Error"]["Message"] == (
        "One or more parameter values were invalid: Some index key attributes are not defined in "
        "AttributeDefinitions. Keys: [g], AttributeDefinitions: []"
    )
    dynamodb.update_table(
        TableName=table,
        AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[
            {
                "Create": {
                    "IndexName": "by-g",
                    "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "ALL"},
                }
            }
        ],
    )
    definitions = dynamodb.describe_table(TableName=table)["Table"]["AttributeDefinitions"]
    assert sorted(d["AttributeName"] for d in definitions) == ["g", "pk", "sk"]
    key = {"pk": {"S": "after"}, "sk": {"N": "1"}}
    dynamodb.put_item(TableName=table, Item={**key, "g": {"S": "x"}})
    assert dynamodb.get_item(TableName=table, Key=key)["Item"]["g"] == {"S": "x"}
