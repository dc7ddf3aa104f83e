"""ConsumedCapacity as DynamoDB computes it, conditional-check failures that return the old item, and
transaction cancellation reasons in request order."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

BIG = "x" * 5000  # an item of about 5 KB: 5 write units, 2 read units


@pytest.fixture
def dynamodb(aws_client):
    return aws_client("dynamodb")


@pytest.fixture
def table(dynamodb, unique_name):
    name = unique_name("capacity")
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
    yield name
    dynamodb.delete_table(TableName=name)


def test_writes_are_charged_per_kilobyte_and_per_index(dynamodb, table):
    put = dynamodb.put_item(
        TableName=table,
        Item={"pk": {"S": "a"}, "g": {"S": "x"}, "v": {"S": BIG}},
        ReturnConsumedCapacity="INDEXES",
    )
    assert put["ConsumedCapacity"] == {
        "TableName": table,
        "CapacityUnits": 6.0,
        "Table": {"CapacityUnits": 5.0},
        "GlobalSecondaryIndexes": {"by-g": {"CapacityUnits": 1.0}},
    }
    small = dynamodb.put_item(TableName=table, Item={"pk": {"S": "b"}}, ReturnConsumedCapacity="TOTAL")
    assert small["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 1.0}
    deleted = dynamodb.delete_item(TableName=table, Key={"pk": {"S": "a"}}, ReturnConsumedCapacity="TOTAL")
    assert deleted["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 6.0}


def test_reads_are_charged_per_4_kilobytes_half_for_eventual_consistency(dynamodb, table):
    dynamodb.put_item(TableName=table, Item={"pk": {"S": "a"}, "g": {"S": "x"}, "v": {"S": BIG}})
    key = {"pk": {"S": "a"}}
    eventual = dynamodb.get_item(TableName=table, Key=key, ReturnConsumedCapacity="TOTAL")
    assert eventual["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 1.0}
    strong = dynamodb.get_item(
        TableName=table, Key=key, ConsistentRead=True, ReturnConsumedCapacity="INDEXES"
    )
    assert strong["ConsumedCapacity"] == {
        "TableName": table,
        "CapacityUnits": 2.0,
        "Table": {"CapacityUnits": 2.0},
    }
    missing = dynamodb.get_item(TableName=table, Key={"pk": {"S": "none"}}, ReturnConsumedCapacity="TOTAL")
    assert missing["ConsumedCapacity"]["CapacityUnits"] == 0.5
    on_index = dynamodb.query(
        TableName=table,
        IndexName="by-g",
        KeyConditionExpression="g = :g",
        ExpressionAttributeValues={":g": {"S": "x"}},
        ReturnConsumedCapacity="INDEXES",
    )
    assert on_index["ConsumedCapacity"]["GlobalSecondaryIndexes"] == {"by-g": {"CapacityUnits": 0.5}}
    batch = dynamodb.batch_get_item(
        RequestItems={table: {"Keys": [key, {"pk": {"S": "none"}}]}}, ReturnConsumedCapacity="TOTAL"
    )
    assert batch["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 1.5}]


def test_transactions_cost_twice(dynamodb, table):
    written = dynamodb.transact_write_items(
        TransactItems=[{"Put": {"TableName": table, "Item": {"pk": {"S": "t"}}}}],
        ReturnConsumedCapacity="TOTAL",
    )
    # Transactions alone name the kind of capacity (recorded against AWS by nubo-db/dynamodb-conformance).
    assert written["ConsumedCapacity"] == [
        {"TableName": table, "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}
    ]
    read = dynamodb.transact_get_items(
        TransactItems=[{"Get": {"TableName": table, "Key": {"pk": {"S": "t"}}}}],
        ReturnConsumedCapacity="TOTAL",
    )
    assert read["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}]


def test_failed_condition_returns_the_old_item_when_asked(dynamodb, table):
    item = {"pk": {"S": "c"}, "v": {"S": "old"}}
    dynamodb.put_item(TableName=table, Item=item)
    with pytest.raises(ClientError) as error:
        dynamodb.put_item(
            TableName=table,
            Item={"pk": {"S": "c"}},
            ConditionExpression="attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    assert error.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    assert error.value.response["Item"] == item
    with pytest.raises(ClientError) as error:
        dynamodb.delete_item(
            TableName=table, Key={"pk": {"S": "c"}}, ConditionExpression="attribute_not_exists(pk)"
        )
    assert "Item" not in error.value.response


def test_transaction_cancellation_reasons_follow_request_order(dynamodb, table):
    dynamodb.put_item(TableName=table, Item={"pk": {"S": "exists"}})
    with pytest.raises(ClientError) as error:
        dynamodb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table, "Item": {"pk": {"S": "new"}}}},
                {
                    "ConditionCheck": {
                        "TableName": table,
                        "Key": {"pk": {"S": "exists"}},
                        "ConditionExpression": "attribute_not_exists(pk)",
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                    }
                },
                {"Delete": {"TableName": table, "Key": {"pk": {"S": "other"}}}},
            ]
        )
    response = error.value.response
    assert response["Error"]["Code"] == "TransactionCanceledException"
    assert [reason["Code"] for reason in response["CancellationReasons"]] == [
        "None",
        "ConditionalCheckFailed",
        "None",
    ]
    assert response["CancellationReasons"][1]["Item"] == {"pk": {"S": "exists"}}
    assert "Item" not in dynamodb.get_item(TableName=table, Key={"pk": {"S": "new"}})


@pytest.fixture
def local_index_table(dynamodb, unique_name):
    name = unique_name("collections")
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "l", "AttributeType": "S"},
        ],
        LocalSecondaryIndexes=[
            {
                "IndexName": "by-l",
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "l", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
    )
    yield name
    dynamodb.delete_table(TableName=name)


def test_item_collection_metrics_name_the_collection_written(dynamodb, local_index_table):
    item = {"pk": {"S": "a"}, "sk": {"S": "1"}}
    put = dynamodb.put_item(TableName=local_index_table, Item=item, ReturnItemCollectionMetrics="SIZE")
    expected = {"ItemCollectionKey": {"pk": {"S": "a"}}, "SizeEstimateRangeGB": [0.0, 1.0]}
    assert put["ItemCollectionMetrics"] == expected
    assert "ConsumedCapacity" not in dynamodb.update_item(
        TableName=local_index_table,
        Key=item,
        UpdateExpression="SET x = :v",
        ExpressionAttributeValues={":v": {"S": "1"}},
    )
    batch = dynamodb.batch_write_item(
        RequestItems={local_index_table: [{"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"S": "2"}}}}]},
        ReturnItemCollectionMetrics="SIZE",
    )
    assert batch["ItemCollectionMetrics"] == {local_index_table: [expected]}


def test_update_table_to_the_same_throughput_is_refused(dynamodb, local_index_table):
    with pytest.raises(ClientError) as error:
        dynamodb.update_table(
            TableName=local_index_table,
            ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        )
    assert error.value.response["Error"]["Message"].startswith(
        "The provisioned throughput for the table will not change. The requested value equals the "
        "current value. "
        "Current ReadCapacityUnits provisioned for the table: 1. Requested ReadCapacityUnits: 1."
    )
