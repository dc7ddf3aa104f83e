"""DynamoDB behaviour recorded against live DynamoDB, third round: the order of validation sentences,
and what the recordings and the API reference say of PartiQL paths, status sequences, TTL and
ReturnValues. Raw requests where the SDK would refuse them before sending."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.dynamodb_support import pay_per_request_table
from tests.integration.test_dynamodb_validation import call

VALIDATE = "com.amazon.coral.validate#ValidationException"
EMPTY_NAME = (
    "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1"
)
NO_KEY = "Value null at 'key' failed to satisfy constraint: Member must not be null"
ENUM = "failed to satisfy constraint: Member must satisfy enum value set:"


def _refusal(server, operation: str, body: dict) -> str:
    response = call(server, operation, body)
    assert response.status_code == 400
    assert response.json()["__type"] == VALIDATE
    return response.json()["message"]


def test_update_item_sentences_in_member_order(server):
    """paritysuite/dynamodb-conformance validation-ordering/updateItem, eu-west-2 and us-east-1,
    2026-10-09: `returnConsumedCapacity; tableName; returnValues; key`."""
    body = {
        "TableName": "",
        "UpdateExpression": "SET a = :a",
        "ExpressionAttributeValues": {":a": {"S": "x"}},
        "ReturnConsumedCapacity": "INVALID",
        "ReturnValues": "INVALID",
    }
    assert _refusal(server, "UpdateItem", body) == (
        "4 validation errors detected: "
        f"Value 'INVALID' at 'returnConsumedCapacity' {ENUM} [INDEXES, TOTAL, NONE]; "
        f"{EMPTY_NAME}; "
        f"Value 'INVALID' at 'returnValues' {ENUM} [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; "
        f"{NO_KEY}"
    )
    body = {k: v for k, v in body.items() if not k.startswith("Return")}
    assert _refusal(server, "UpdateItem", body) == f"2 validation errors detected: {EMPTY_NAME}; {NO_KEY}"


def test_scan_sentences_in_member_order(server):
    """dynalite's Scan test recorded against DynamoDB (`should return ValidationException for incorrect
    attributes`): select, indexName, totalSegments, returnConsumedCapacity, tableName,
    conditionalOperator, scanFilter, segment, limit; ten at most."""
    body = {
        "TableName": "abc;",
        "ReturnConsumedCapacity": "hi",
        "IndexName": "abc;",
        "Segment": -1,
        "TotalSegments": -1,
        "Select": "hi",
        "Limit": -1,
        "ScanFilter": {"a": {}, "b": {"ComparisonOperator": ""}},
        "ConditionalOperator": "AN",
    }
    message = _refusal(server, "Scan", body)
    assert message.startswith("10 validation errors detected: ")
    paths = [part.split(" at '")[1].split("'")[0] for part in message.split("; ") if " at '" in part]
    assert paths == [
        "select",
        "indexName",
        "totalSegments",
        "returnConsumedCapacity",
        "tableName",
        "conditionalOperator",
        "scanFilter.a.member.comparisonOperator",
        "scanFilter.b.member.comparisonOperator",
        "segment",
        "limit",
    ]


def _tables(aws_client, unique_name, cleanup):
    ddb = aws_client("dynamodb")
    plain = pay_per_request_table(ddb, unique_name("cc"), cleanup)
    indexed = pay_per_request_table(
        ddb,
        unique_name("icm"),
        cleanup,
        sort_key=("sk", "S"),
        attributes={"lsi1sk": "S"},
        LocalSecondaryIndexes=[
            {
                "IndexName": "lsi1",
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "lsi1sk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    return ddb, plain, indexed


def test_single_item_capacity_is_the_aggregate_alone(aws_client, unique_name, cleanup):
    """nubo-db/dynamodb-conformance getItem/putItem consumedCapacity (eu-west-2): a plain operation reports
    CapacityUnits with no read/write split, under TOTAL and INDEXES; an eventually consistent read 0.5."""
    ddb, table, indexed = _tables(aws_client, unique_name, cleanup)
    key = {"pk": {"S": "cc"}}
    item = {**key, "data": {"S": "x"}}
    total = {"TableName": table, "CapacityUnits": 1.0}
    assert (
        ddb.put_item(TableName=table, Item=item, ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"] == total
    )
    assert ddb.put_item(TableName=table, Item=item, ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"] == {
        **total,
        "Table": {"CapacityUnits": 1.0},
    }
    assert "ConsumedCapacity" not in ddb.put_item(TableName=table, Item=item, ReturnConsumedCapacity="NONE")
    read = ddb.get_item(TableName=table, Key=key, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert read["ConsumedCapacity"] == total
    read = ddb.get_item(TableName=table, Key=key, ReturnConsumedCapacity="TOTAL")
    assert read["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 0.5}
    update = ddb.update_item(
        TableName=table,
        Key=key,
        UpdateExpression="SET #d = :v",
        ExpressionAttributeNames={"#d": "data"},
        ExpressionAttributeValues={":v": {"S": "y"}},
        ReturnConsumedCapacity="TOTAL",
    )
    assert update["ConsumedCapacity"] == total
    assert (
        ddb.delete_item(TableName=table, Key=key, ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"] == total
    )
    ddb.put_item(TableName=indexed, Item={"pk": {"S": "q"}, "sk": {"S": "a"}, "lsi1sk": {"S": "l"}})
    query = ddb.query(
        TableName=indexed,
        KeyConditionExpression="#pk = :pk",
        ExpressionAttributeNames={"#pk": "pk"},
        ExpressionAttributeValues={":pk": {"S": "q"}},
        ConsistentRead=True,
        ReturnConsumedCapacity="INDEXES",
    )
    assert query["ConsumedCapacity"] == {
        "TableName": indexed,
        "CapacityUnits": 1.0,
        "Table": {"CapacityUnits": 1.0},
    }


def test_item_collection_metrics_of_a_table_with_a_local_index(aws_client, unique_name, cleanup):
    """nubo-db/dynamodb-conformance putItem/itemCollectionMetrics: Put, Update and Delete under SIZE name
    the item collection's key and a two-bound size estimate; NONE leaves the member out."""
    ddb, _, table = _tables(aws_client, unique_name, cleanup)
    key = {"pk": {"S": "icm"}, "sk": {"S": "a"}}
    item = {**key, "lsi1sk": {"S": "lval"}, "data": {"S": "hello"}}
    metrics = {"ItemCollectionKey": {"pk": {"S": "icm"}}, "SizeEstimateRangeGB": [0.0, 1.0]}
    put = ddb.put_item(TableName=table, Item=item, ReturnItemCollectionMetrics="SIZE")
    assert put["ItemCollectionMetrics"] == metrics
    update = ddb.update_item(
        TableName=table,
        Key=key,
        UpdateExpression="SET #d = :v",
        ExpressionAttributeNames={"#d": "data"},
        ExpressionAttributeValues={":v": {"S": "updated"}},
        ReturnItemCollectionMetrics="SIZE",
    )
    assert update["ItemCollectionMetrics"] == metrics
    deleted = ddb.delete_item(TableName=table, Key=key, ReturnItemCollectionMetrics="SIZE")
    assert deleted["ItemCollectionMetrics"] == metrics
    assert "ItemCollectionMetrics" not in ddb.put_item(
        TableName=table, Item=item, ReturnItemCollectionMetrics="NONE"
    )


def _operand(operator: str, kind: str) -> str:
    return (
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or "
        f"function: {operator}, operand type: {kind}"
    )


SCHEMA_TYPE = "One or more parameter values were invalid: Condition parameter type does not match schema type"
P = {":p": {"S": "q"}}
KEY_CONDITIONS = [
    ("S", "pk = :p AND begins_with(sk, :v)", {**P, ":v": {"N": "1"}}, _operand("begins_with", "N")),
    ("S", "pk = :p AND begins_with(sk, :v)", {**P, ":v": {"BOOL": True}}, _operand("begins_with", "BOOL")),
    ("N", "pk = :p AND begins_with(sk, :v)", {**P, ":v": {"N": "1"}}, _operand("begins_with", "N")),
    ("N", "pk = :p AND begins_with(sk, :v)", {**P, ":v": {"S": "a"}}, SCHEMA_TYPE),
    ("N", "pk = :p AND sk < :v", {**P, ":v": {"BOOL": True}}, _operand("<", "BOOL")),
    ("N", "pk = :p AND :v >= sk", {**P, ":v": {"BOOL": True}}, _operand(">=", "BOOL")),
    (
        "N",
        "pk = :p AND sk BETWEEN :a AND :b",
        {**P, ":a": {"BOOL": False}, ":b": {"BOOL": True}},
        _operand("BETWEEN", "BOOL"),
    ),
    ("N", "pk = :p AND sk = :v", {**P, ":v": {"BOOL": True}}, SCHEMA_TYPE),
    (
        "N",
        "pk = :p AND sk > :a AND sk < :b",
        {**P, ":a": {"N": "1"}, ":b": {"N": "5"}},
        "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key",
    ),
    (
        "N",
        "pk = :p AND sk > :a AND extra = :b",
        {**P, ":a": {"N": "1"}, ":b": {"N": "5"}},
        "The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)",
    ),
]


def test_key_condition_operands_as_recorded(aws_client, unique_name, cleanup):
    """paritysuite/dynamodb-conformance error-messages/queryKeyConditionOperands (eu-west-2, 2026-10)."""
    ddb = aws_client("dynamodb")
    tables = {
        kind: pay_per_request_table(ddb, unique_name("kc"), cleanup, sort_key=("sk", kind)) for kind in "SN"
    }
    for kind, expression, values, message in KEY_CONDITIONS:
        with pytest.raises(ClientError) as caught:
            ddb.query(
                TableName=tables[kind], KeyConditionExpression=expression, ExpressionAttributeValues=values
            )
        error = caught.value.response["Error"]
        assert (error["Code"], error["Message"]) == ("ValidationException", message), expression


def test_index_reads_as_recorded(aws_client, unique_name, cleanup):
    """paritysuite/dynamodb-conformance error-messages/indexReads (eu-west-1, 2026-09-02)."""
    ddb = aws_client("dynamodb")
    table = pay_per_request_table(
        ddb,
        unique_name("gsi"),
        cleanup,
        sort_key=("sk", "S"),
        attributes={"lsi1sk": "S"},
        GlobalSecondaryIndexes=[
            {
                "IndexName": "gsi1",
                "KeySchema": [{"AttributeName": "lsi1sk", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    on_gsi = "Consistent reads are not supported on global secondary indexes"
    no_index = "The table does not have the specified index"
    calls = [
        (
            ddb.query,
            {
                "IndexName": "gsi1",
                "KeyConditionExpression": "#hk = :v",
                "ExpressionAttributeNames": {"#hk": "lsi1sk"},
                "ExpressionAttributeValues": {":v": {"S": "val"}},
                "ConsistentRead": True,
                "TableName": table,
            },
            on_gsi,
        ),
        (ddb.scan, {"TableName": table, "IndexName": "gsi1", "ConsistentRead": True}, on_gsi),
        (
            ddb.execute_statement,
            {"Statement": f'SELECT * FROM "{table}"."gsi1"', "ConsistentRead": True},
            "Strongly consistent read is not supported on Global Secondary Indexes",
        ),
        (ddb.execute_statement, {"Statement": f'SELECT * FROM "{table}"."no-such-index"'}, no_index),
        (
            ddb.execute_statement,
            {"Statement": f'SELECT * FROM "{table}"."no-such-index"', "ConsistentRead": True},
            no_index,
        ),
    ]
    for call_, members, message in calls:
        with pytest.raises(ClientError) as caught:
            call_(**members)
        error = caught.value.response["Error"]
        assert (error["Code"], error["Message"]) == ("ValidationException", message)


OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range"


def test_number_exponents_as_recorded(aws_client, unique_name, cleanup):
    """paritysuite/dynamodb-conformance limits/numberExponent (eu-west-2, 2026-10): the written exponent is
    read as a 64-bit integer (past it the text is no number, where this answered a 500), and zero is
    held to the range by the exponent it is written with."""
    ddb = aws_client("dynamodb")
    table = pay_per_request_table(ddb, unique_name("nx"), cleanup)
    for number, message in [
        (
            "1e9223372036854775808",
            "The parameter cannot be converted to a numeric value: 1e9223372036854775808",
        ),
        ("1e99999999999", OVERFLOW),
        ("1e-99999999999", UNDERFLOW),
        ("1e2147483648", OVERFLOW),
        ("0e126", OVERFLOW),
        ("0e-131", UNDERFLOW),
    ]:
        with pytest.raises(ClientError) as caught:
            ddb.put_item(TableName=table, Item={"pk": {"S": "r"}, "val": {"N": number}})
        error = caught.value.response["Error"]
        # Recorded as a substring: some regions prefix "1 validation error detected: ", some do not.
        assert error["Code"] == "ValidationException" and error["Message"].endswith(message), number
    ddb.put_item(TableName=table, Item={"pk": {"S": "zero"}, "val": {"N": "0e125"}})
    stored = ddb.get_item(TableName=table, Key={"pk": {"S": "zero"}}, ConsistentRead=True)["Item"]
    assert stored["val"] == {"N": "0"}


def test_update_return_values_as_documented(aws_client, unique_name, cleanup):
    """The UpdateItem API reference: UPDATED_OLD / UPDATED_NEW return only the updated attributes (as they
    were / as they are), nested paths as the path's part of the attribute; an attribute that did not
    exist has no old value; PutItem and DeleteItem take only ALL_OLD or NONE."""
    ddb = aws_client("dynamodb")
    table = pay_per_request_table(ddb, unique_name("rv"), cleanup)
    key = {"pk": {"S": "a"}}
    ddb.put_item(
        TableName=table,
        Item={**key, "m": {"M": {"x": {"N": "1"}, "y": {"N": "2"}}}, "l": {"L": [{"S": "a"}, {"S": "b"}]}},
    )
    nine = {":v": {"N": "9"}}

    def update(expression: str, returned: str, values: dict | None = nine) -> dict | None:
        members = {"ExpressionAttributeValues": values} if values else {}
        answer = ddb.update_item(
            TableName=table, Key=key, UpdateExpression=expression, ReturnValues=returned, **members
        )
        return answer.get("Attributes")

    assert update("SET m.x = :v", "UPDATED_OLD") == {"m": {"M": {"x": {"N": "1"}}}}
    assert update("SET m.y = :v", "UPDATED_NEW") == {"m": {"M": {"y": {"N": "9"}}}}
    assert update("SET l[1] = :v", "UPDATED_NEW") == {"l": {"L": [{"N": "9"}]}}
    assert update("SET fresh = :v", "UPDATED_OLD") is None
    assert update("REMOVE fresh", "UPDATED_OLD", None) == {"fresh": {"N": "9"}}
    for operation, members in [("put_item", {"Item": key}), ("delete_item", {"Key": key})]:
        with pytest.raises(ClientError) as caught:
            getattr(ddb, operation)(TableName=table, ReturnValues="ALL_NEW", **members)
        error = caught.value.response["Error"]
        # Enveloped: paritysuite/dynamodb-conformance deleteItem (eu-west-2, us-east-1, 2026-10-09)
        # supersedes the bare wording; PutItem takes the same check on the same path.
        assert (error["Code"], error["Message"]) == (
            "ValidationException",
            "1 validation error detected: ReturnValues can only be ALL_OLD or NONE",
        )
