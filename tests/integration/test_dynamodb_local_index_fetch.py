"""A Query of a local secondary index that names attributes the index does not project reads them from
the table (AWS's fetch for local indexes); it answered only the projected ones."""

from __future__ import annotations


def test_local_index_query_fetches_unprojected_attributes(aws_client, unique_name, cleanup):
    ddb = aws_client("dynamodb")
    name = unique_name("lsifetch")
    keys = [{"AttributeName": "pk", "KeyType": "HASH"}]
    ddb.create_table(
        TableName=name,
        KeySchema=[*keys, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "alt")],
        LocalSecondaryIndexes=[
            {
                "IndexName": "by-alt",
                "KeySchema": [*keys, {"AttributeName": "alt", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    cleanup.append(lambda: ddb.delete_table(TableName=name))
    ddb.put_item(
        TableName=name, Item={"pk": {"S": "p"}, "sk": {"S": "1"}, "alt": {"S": "a"}, "extra": {"S": "e"}}
    )
    found = ddb.query(
        TableName=name,
        IndexName="by-alt",
        KeyConditionExpression="pk = :p",
        ProjectionExpression="extra, alt",
        ExpressionAttributeValues={":p": {"S": "p"}},
    )
    assert found["Items"] == [{"extra": {"S": "e"}, "alt": {"S": "a"}}]
    keys_only = ddb.query(
        TableName=name,
        IndexName="by-alt",
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "p"}},
    )
    assert sorted(keys_only["Items"][0]) == ["alt", "pk", "sk"]
