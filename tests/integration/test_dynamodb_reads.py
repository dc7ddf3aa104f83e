"""Query and Scan read what they page through: every item once, in key order, across writes and deletes."""

from __future__ import annotations

import pytest


@pytest.fixture
def dynamodb(aws_client):
    return aws_client("dynamodb")


@pytest.fixture
def table(dynamodb, unique_name):
    name = unique_name("reads")
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


def _scan_all(dynamodb, table, **kwargs):
    keys, start = [], None
    while True:
        page = dynamodb.scan(
            TableName=table, Limit=7, **({"ExclusiveStartKey": start} if start else {}), **kwargs
        )
        keys += [(item["pk"]["S"], int(item["sk"]["N"])) for item in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if not start:
            return keys


def test_scan_pages_cover_every_item_once_across_writes(dynamodb, table):
    expected = {(pk, sk) for pk in "abc" for sk in range(15)}
    for pk, sk in expected:
        dynamodb.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"N": str(sk)}})
    first = _scan_all(dynamodb, table)
    assert sorted(first) == sorted(expected) and len(first) == len(expected)
    for sk in range(0, 15, 2):
        dynamodb.delete_item(TableName=table, Key={"pk": {"S": "b"}, "sk": {"N": str(sk)}})
    dynamodb.put_item(TableName=table, Item={"pk": {"S": "b"}, "sk": {"N": "100"}, "v": {"S": "new"}})
    expected = {key for key in expected if not (key[0] == "b" and key[1] % 2 == 0)} | {("b", 100)}
    second = _scan_all(dynamodb, table)
    assert sorted(second) == sorted(expected) and len(second) == len(expected)
    segments = [_scan_all(dynamodb, table, Segment=i, TotalSegments=3) for i in range(3)]
    assert sorted(key for segment in segments for key in segment) == sorted(expected)


def test_query_reads_one_partition_in_range_order_with_pages(dynamodb, table):
    for pk in "xy":
        for sk in (5, 1, 30, 12, 7, 3):
            dynamodb.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"N": str(sk)}})
    keys, start = [], None
    while True:
        page = dynamodb.query(
            TableName=table,
            KeyConditionExpression="pk = :p AND sk > :low",
            ExpressionAttributeValues={":p": {"S": "y"}, ":low": {"N": "2"}},
            Limit=2,
            ScanIndexForward=False,
            **({"ExclusiveStartKey": start} if start else {}),
        )
        keys += [int(item["sk"]["N"]) for item in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert keys == [30, 12, 7, 5, 3]
    assert (
        dynamodb.query(
            TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "none"}}
        )["Items"]
        == []
    )


def test_read_results_carry_every_attribute_type(dynamodb, table):
    item = {
        "pk": {"S": "types"},
        "sk": {"N": "1"},
        "b": {"B": b"\x00\xffbinary"},
        "bs": {"BS": [b"\x01", b"\x02"]},
        "ns": {"NS": ["1", "2.5"]},
        "ss": {"SS": ["a", "b"]},
        "bool": {"BOOL": False},
        "null": {"NULL": True},
        "l": {"L": [{"S": "x"}, {"N": "3"}, {"B": b"\x07"}]},
        "m": {"M": {"inner": {"M": {"deep": {"BOOL": True}}}}},
    }
    dynamodb.put_item(TableName=table, Item=item)
    key = {"pk": item["pk"], "sk": item["sk"]}
    got = dynamodb.get_item(TableName=table, Key=key)["Item"]
    queried = dynamodb.query(
        TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "types"}}
    )["Items"][0]
    scanned = dynamodb.scan(TableName=table)["Items"][0]
    batch = dynamodb.batch_get_item(RequestItems={table: {"Keys": [key]}})["Responses"][table][0]
    for result in (got, queried, scanned, batch):
        assert {**result, "ns": {"NS": sorted(result["ns"]["NS"])}} == item


def test_legacy_conditions_joined_by_or(dynamodb, table):
    for sk, colour in ((1, "red"), (2, "blue"), (3, "green")):
        dynamodb.put_item(TableName=table, Item={"pk": {"S": "or"}, "sk": {"N": str(sk)}, "c": {"S": colour}})
    scanned = dynamodb.scan(
        TableName=table,
        ScanFilter={
            "c": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "red"}]},
            "sk": {"ComparisonOperator": "GE", "AttributeValueList": [{"N": "3"}]},
        },
        ConditionalOperator="OR",
    )
    assert sorted(int(item["sk"]["N"]) for item in scanned["Items"]) == [1, 3]
    queried = dynamodb.query(
        TableName=table,
        KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "or"}]}},
        QueryFilter={
            "c": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "blue"}]},
            "missing": {"ComparisonOperator": "NOT_NULL"},
        },
        ConditionalOperator="OR",
    )
    assert [int(item["sk"]["N"]) for item in queried["Items"]] == [2]
    dynamodb.put_item(
        TableName=table,
        Item={"pk": {"S": "or"}, "sk": {"N": "1"}, "c": {"S": "pink"}},
        Expected={"c": {"Value": {"S": "nope"}}, "sk": {"Exists": True, "Value": {"N": "1"}}},
        ConditionalOperator="OR",
    )
    with pytest.raises(dynamodb.exceptions.ConditionalCheckFailedException):
        dynamodb.put_item(
            TableName=table,
            Item={"pk": {"S": "or"}, "sk": {"N": "1"}},
            Expected={
                "c": {"Value": {"S": "nope"}},
                "sk": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "5"}]},
            },
            ConditionalOperator="OR",
        )


def test_numbers_are_stored_in_canonical_form(dynamodb, table):
    key = {"pk": {"S": "numbers"}, "sk": {"N": "001.0"}}
    dynamodb.put_item(
        TableName=table,
        Item={
            **key,
            "long": {"N": "0000012345678901234567890123456789012345678"},
            "negative": {"N": "-00001.23456789012345678901234567890123456780000"},
            "exponent": {"N": "-0015.789e6"},
            "tiny": {"N": "0001.000e-130"},
            "set": {"NS": ["1.50", "2e1"]},
        },
    )
    item = dynamodb.get_item(TableName=table, Key={"pk": {"S": "numbers"}, "sk": {"N": "1"}})["Item"]
    assert item["sk"] == {"N": "1"}
    assert item["long"] == {"N": "12345678901234567890123456789012345678"}
    assert item["negative"] == {"N": "-1.2345678901234567890123456789012345678"}
    assert item["exponent"] == {"N": "-15789000"}
    assert item["tiny"] == {"N": "0." + "0" * 129 + "1"}
    assert sorted(item["set"]["NS"]) == ["1.5", "20"]


def test_query_key_conditions_page_in_both_directions(dynamodb, unique_name):
    name = unique_name("strkeys")
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    try:
        names = ["a", "ab", "abc", "abd", "ac", "b", "ba", "é", "中"]
        for sk in names:
            dynamodb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"S": sk}, "v": {"N": "1"}})
        dynamodb.put_item(TableName=name, Item={"pk": {"S": "q"}, "sk": {"S": "ab"}})

        def keys(condition: str, values: dict, forward: bool = True, limit: int = 2) -> list:
            found, start = [], None
            while True:
                page = dynamodb.query(
                    TableName=name,
                    KeyConditionExpression=condition,
                    ExpressionAttributeValues={":p": {"S": "p"}, **values},
                    ScanIndexForward=forward,
                    Limit=limit,
                    **({"ExclusiveStartKey": start} if start else {}),
                )
                found += [item["sk"]["S"] for item in page["Items"]]
                start = page.get("LastEvaluatedKey")
                if not start:
                    return found

        assert keys("pk = :p AND begins_with(sk, :s)", {":s": {"S": "ab"}}) == ["ab", "abc", "abd"]
        assert keys("pk = :p AND begins_with(sk, :s)", {":s": {"S": "ab"}}, False) == ["abd", "abc", "ab"]
        between = {":l": {"S": "ab"}, ":h": {"S": "b"}}
        assert keys("pk = :p AND sk BETWEEN :l AND :h", between, False, 3) == ["b", "ac", "abd", "abc", "ab"]
        assert keys("pk = :p AND sk >= :s", {":s": {"S": "b"}}) == ["b", "ba", "é", "中"]
        assert keys("pk = :p AND sk < :s", {":s": {"S": "abc"}}, False) == ["ab", "a"]
        assert keys("pk = :p AND sk = :s", {":s": {"S": "ac"}}) == ["ac"]
        page = dynamodb.query(
            TableName=name,
            KeyConditionExpression="pk = :p",
            FilterExpression="sk <> :x",
            ExpressionAttributeValues={":p": {"S": "p"}, ":x": {"S": "a"}},
            ProjectionExpression="sk",
            Limit=3,
        )
        assert [item for item in page["Items"]] == [{"sk": {"S": "ab"}}, {"sk": {"S": "abc"}}]
        assert page["Count"] == 2 and page["ScannedCount"] == 3
        assert page["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"S": "abc"}}
    finally:
        dynamodb.delete_table(TableName=name)


@pytest.fixture
def indexed_table(dynamodb, unique_name):
    name = unique_name("indexed")
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
            {"AttributeName": "g", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-g",
                "KeySchema": [
                    {"AttributeName": "g", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    yield name
    dynamodb.delete_table(TableName=name)


def _index_pages(dynamodb, table, **kwargs):
    keys, start, pages = [], None, 0
    while True:
        page = dynamodb.query(
            TableName=table,
            IndexName="by-g",
            Limit=3,
            KeyConditionExpression="g = :g AND sk >= :low",
            ExpressionAttributeValues={":g": {"S": "red"}, ":low": {"N": "2"}},
            **({"ExclusiveStartKey": start} if start else {}),
            **kwargs,
        )
        pages += 1
        keys += [(item["pk"]["S"], int(item["sk"]["N"])) for item in page["Items"]]
        assert all(set(item) == {"pk", "sk", "g"} for item in page["Items"])  # KEYS_ONLY
        start = page.get("LastEvaluatedKey")
        if not start:
            return keys, pages


def test_index_query_follows_puts_updates_and_deletes(dynamodb, indexed_table):
    """The index's sorted keys follow every write, including UpdateItem changing the index key in place."""
    for n in range(10):
        item = {"pk": {"S": f"p{n % 3}"}, "sk": {"N": str(n)}, "g": {"S": "red" if n % 2 else "blue"}}
        dynamodb.put_item(TableName=indexed_table, Item=item)
    expected = sorted(((f"p{n % 3}", n) for n in range(10) if n % 2 and n >= 2), key=lambda key: key[1])
    assert _index_pages(dynamodb, indexed_table)[0] == expected
    dynamodb.update_item(
        TableName=indexed_table,
        Key={"pk": {"S": "p1"}, "sk": {"N": "4"}},
        UpdateExpression="SET g = :g",
        ExpressionAttributeValues={":g": {"S": "red"}},
    )
    dynamodb.update_item(
        TableName=indexed_table, Key={"pk": {"S": "p1"}, "sk": {"N": "7"}}, UpdateExpression="REMOVE g"
    )
    dynamodb.delete_item(TableName=indexed_table, Key={"pk": {"S": "p0"}, "sk": {"N": "9"}})
    dynamodb.update_item(
        TableName=indexed_table,
        Key={"pk": {"S": "new"}, "sk": {"N": "2"}},
        UpdateExpression="SET g = :g",
        ExpressionAttributeValues={":g": {"S": "red"}},
    )
    expected = [("new", 2), ("p0", 3), ("p1", 4), ("p2", 5)]
    keys, pages = _index_pages(dynamodb, indexed_table)
    assert keys == expected
    assert pages == 2
    backwards, _ = _index_pages(dynamodb, indexed_table, ScanIndexForward=False)
    assert backwards == expected[::-1]
    scanned = dynamodb.scan(TableName=indexed_table, IndexName="by-g")["Items"]
    assert [(i["g"]["S"], int(i["sk"]["N"])) for i in scanned] == sorted(
        (i["g"]["S"], int(i["sk"]["N"])) for i in scanned
    )
    assert len(scanned) == 9  # 10 put, one deleted, one lost its g, one made by UpdateItem


def test_consistent_read_of_a_global_index_is_refused(dynamodb, indexed_table):
    with pytest.raises(dynamodb.exceptions.ClientError) as error:
        dynamodb.query(
            TableName=indexed_table,
            IndexName="by-g",
            ConsistentRead=True,
            KeyConditionExpression="g = :g",
            ExpressionAttributeValues={":g": {"S": "red"}},
        )
    assert error.value.response["Error"]["Code"] == "ValidationException"
    assert "Consistent reads are not supported on global secondary indexes" in str(error.value)
