"""ConsumedCapacity of writes to a table with a global and a local index under INDEXES, as measured
against live DynamoDB (facts from nubo-db/dynamodb-conformance, eu-west-2): an index a write does not
change is charged nothing and has no entry; a key change is a delete plus an insert."""

from __future__ import annotations

import itertools

import pytest

from tests.integration.test_dynamodb_recorded_messages import call

TABLE = "index-capacity"
_counter = itertools.count()


@pytest.fixture(scope="module")
def table(server):
    body = {
        "TableName": TABLE,
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": "S"} for name in ("pk", "sk", "gsiPk", "lsiSk")
        ],
        "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        "BillingMode": "PAY_PER_REQUEST",
        "GlobalSecondaryIndexes": [
            {
                "IndexName": "gsi-inc",
                "KeySchema": [{"AttributeName": "gsiPk", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["proj"]},
            }
        ],
        "LocalSecondaryIndexes": [
            {
                "IndexName": "lsi1",
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "lsiSk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    }
    assert call(server, "CreateTable", body).status_code == 200
    yield TABLE
    call(server, "DeleteTable", {"TableName": TABLE})


def fresh() -> str:
    return f"item-{next(_counter)}"


def arms(consumed: dict) -> tuple:
    return (
        consumed["CapacityUnits"],
        consumed["Table"]["CapacityUnits"],
        consumed.get("GlobalSecondaryIndexes", {}).get("gsi-inc", {}).get("CapacityUnits"),
        consumed.get("LocalSecondaryIndexes", {}).get("lsi1", {}).get("CapacityUnits"),
    )


def put(server, **attributes: str) -> dict:
    item = {name: {"S": value} for name, value in attributes.items()}
    body = {"TableName": TABLE, "Item": item, "ReturnConsumedCapacity": "INDEXES"}
    response = call(server, "PutItem", body)
    assert response.status_code == 200, response.text
    return response.json()["ConsumedCapacity"]


@pytest.mark.parametrize(
    "attributes,expected",
    [
        ({"gsiPk": "g1", "proj": "p"}, (2.0, 1.0, 1.0, None)),
        ({"other": "o"}, (1.0, 1.0, None, None)),
        ({"lsiSk": "L1"}, (2.0, 1.0, None, 1.0)),
        ({"gsiPk": "g3", "lsiSk": "L1", "proj": "p"}, (3.0, 1.0, 1.0, 1.0)),
    ],
    ids=["global", "sparse", "local", "both"],
)
def test_put_charges_the_indexes_it_writes(server, table, attributes, expected):
    consumed = put(server, pk=fresh(), sk="1", **attributes)
    assert arms(consumed) == expected
    assert "WriteCapacityUnits" not in consumed.get("GlobalSecondaryIndexes", {}).get("gsi-inc", {})


def test_an_identical_overwrite_charges_no_index(server, table):
    item = {"pk": fresh(), "sk": "1", "gsiPk": "g4", "lsiSk": "L1", "proj": "p"}
    assert arms(put(server, **item)) == (3.0, 1.0, 1.0, 1.0)
    assert arms(put(server, **item)) == (1.0, 1.0, None, None)


def test_total_folds_index_writes_in(server, table):
    item = {"pk": {"S": fresh()}, "sk": {"S": "1"}, "gsiPk": {"S": "g2"}, "proj": {"S": "p"}}
    body = {"TableName": TABLE, "Item": item, "ReturnConsumedCapacity": "TOTAL"}
    assert call(server, "PutItem", body).json()["ConsumedCapacity"] == {
        "TableName": TABLE,
        "CapacityUnits": 2.0,
    }


@pytest.mark.parametrize(
    "expression,values,names,expected",
    [
        ("SET #o = :v", {":v": {"S": "o2"}}, {"#o": "other"}, (2.0, 1.0, None, 1.0)),
        ("SET proj = :v", {":v": {"S": "p2"}}, None, (3.0, 1.0, 1.0, 1.0)),
        ("SET gsiPk = :v", {":v": {"S": "g-moved"}}, None, (4.0, 1.0, 2.0, 1.0)),
        ("REMOVE gsiPk", None, None, (3.0, 1.0, 1.0, 1.0)),
        ("SET lsiSk = :v", {":v": {"S": "L2"}}, None, (3.0, 1.0, None, 2.0)),
    ],
    ids=["unprojected", "projected", "key-change", "key-removed", "local-key-change"],
)
def test_update_ladder(server, table, expression, values, names, expected):
    pk = fresh()
    put(server, pk=pk, sk="1", gsiPk="g-ladder", lsiSk="L1", proj="p", other="o")
    body = {
        "TableName": TABLE,
        "Key": {"pk": {"S": pk}, "sk": {"S": "1"}},
        "UpdateExpression": expression,
        "ReturnConsumedCapacity": "INDEXES",
    }
    if values:
        body["ExpressionAttributeValues"] = values
    if names:
        body["ExpressionAttributeNames"] = names
    response = call(server, "UpdateItem", body)
    assert response.status_code == 200, response.text
    assert arms(response.json()["ConsumedCapacity"]) == expected


def test_delete_charges_each_index_the_item_occupied(server, table):
    occupied, sparse = fresh(), fresh()
    put(server, pk=occupied, sk="1", gsiPk="g-del", lsiSk="L1", proj="p")
    put(server, pk=sparse, sk="1", other="o")
    costs = []
    for pk in (occupied, sparse):
        body = {
            "TableName": TABLE,
            "Key": {"pk": {"S": pk}, "sk": {"S": "1"}},
            "ReturnConsumedCapacity": "INDEXES",
        }
        costs.append(arms(call(server, "DeleteItem", body).json()["ConsumedCapacity"]))
    assert costs == [(3.0, 1.0, 1.0, 1.0), (1.0, 1.0, None, None)]


def test_batch_reports_the_indexes_it_touched(server, table):
    requests_ = [
        {
            "PutRequest": {
                "Item": {
                    "pk": {"S": fresh()},
                    "sk": {"S": "1"},
                    "gsiPk": {"S": "g-batch"},
                    "proj": {"S": "p"},
                }
            }
        },
        {"PutRequest": {"Item": {"pk": {"S": fresh()}, "sk": {"S": "1"}, "other": {"S": "o"}}}},
    ]
    body = {"RequestItems": {TABLE: requests_}, "ReturnConsumedCapacity": "INDEXES"}
    answer = call(server, "BatchWriteItem", body).json()
    assert answer["UnprocessedItems"] == {}
    assert [arms(entry) for entry in answer["ConsumedCapacity"]] == [(3.0, 2.0, 1.0, None)]


@pytest.mark.parametrize(
    "operation,body",
    [
        ("PutItem", {"Item": {"pk": {"S": "icm"}, "sk": {"S": "a"}, "lsiSk": {"S": "l"}}}),
        ("UpdateItem", {"Key": {"pk": {"S": "icm"}, "sk": {"S": "a"}}, "UpdateExpression": "SET d = :v",
                        "ExpressionAttributeValues": {":v": {"S": "u"}}}),
        ("DeleteItem", {"Key": {"pk": {"S": "icm"}, "sk": {"S": "a"}}}),
    ],
)  # fmt: skip
def test_item_collection_metrics_of_a_table_with_a_local_index(server, table, operation, body):
    response = call(server, operation, {"TableName": TABLE, "ReturnItemCollectionMetrics": "SIZE", **body})
    metrics = response.json()["ItemCollectionMetrics"]
    assert metrics["ItemCollectionKey"] == {"pk": {"S": "icm"}}
    assert len(metrics["SizeEstimateRangeGB"]) == 2
    none = {
        "TableName": TABLE,
        "ReturnItemCollectionMetrics": "NONE",
        "Item": {"pk": {"S": "n"}, "sk": {"S": "a"}},
    }
    assert "ItemCollectionMetrics" not in call(server, "PutItem", none).json()


def _simple(server, name: str, **extra) -> None:
    body = {
        "TableName": name,
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST",
        **extra,
    }
    response = call(server, "CreateTable", body)
    assert response.status_code == 200, response.text


def _described(server, name: str) -> dict:
    return call(server, "DescribeTable", {"TableName": name}).json()["Table"]


def test_update_table_configuration(server):
    _simple(server, "ut-config-a", OnDemandThroughput={"MaxReadRequestUnits": 10, "MaxWriteRequestUnits": 5})
    updates = [
        {"DeletionProtectionEnabled": True},
        {"TableClass": "STANDARD_INFREQUENT_ACCESS"},
        {"OnDemandThroughput": {"MaxReadRequestUnits": 20, "MaxWriteRequestUnits": 15}},
    ]
    for update in updates:
        response = call(server, "UpdateTable", {"TableName": "ut-config-a", **update})
        assert response.status_code == 200, response.text
    table = _described(server, "ut-config-a")
    assert table["DeletionProtectionEnabled"] is True
    assert table["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
    assert table["OnDemandThroughput"] == {"MaxReadRequestUnits": 20, "MaxWriteRequestUnits": 15}
    refused = call(server, "DeleteTable", {"TableName": "ut-config-a"}).json()
    assert refused["__type"] == "com.amazon.coral.validate#ValidationException"
    assert "protected against deletion" in refused["message"]
    call(server, "UpdateTable", {"TableName": "ut-config-a", "DeletionProtectionEnabled": False})
    assert call(server, "DeleteTable", {"TableName": "ut-config-a"}).status_code == 200


def test_create_table_configuration_round_trips(server):
    _simple(
        server,
        "ct-config-a",
        DeletionProtectionEnabled=True,
        TableClass="STANDARD_INFREQUENT_ACCESS",
        SSESpecification={"Enabled": True},
        OnDemandThroughput={"MaxReadRequestUnits": 10, "MaxWriteRequestUnits": 5},
    )
    table = _described(server, "ct-config-a")
    assert table["DeletionProtectionEnabled"] is True
    assert table["TableClassSummary"] == {"TableClass": "STANDARD_INFREQUENT_ACCESS"}
    assert (table["SSEDescription"]["Status"], table["SSEDescription"]["SSEType"]) == ("ENABLED", "KMS")
    assert table["SSEDescription"]["KMSMasterKeyArn"].startswith("arn:aws:kms:")
    assert table["OnDemandThroughput"] == {"MaxReadRequestUnits": 10, "MaxWriteRequestUnits": 5}
    _simple(server, "ct-config-b")
    plain = _described(server, "ct-config-b")
    assert plain.get("DeletionProtectionEnabled", False) is False
    assert plain.get("TableClassSummary", {}).get("TableClass", "STANDARD") == "STANDARD"
    assert "SSEDescription" not in plain
