"""PartiQL reads of a secondary index answer as live DynamoDB does (facts recorded by
nubo-db/dynamodb-conformance's PartiQL index-qualifier tests, eu-west-2): `SELECT *` of a KEYS_ONLY or
INCLUDE index is the index's projection; an unprojected filter attribute is refused by either kind of
index, an unprojected selected attribute by a global index, while a local index reads it from the table."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

TABLE = "partiql-index-reads"
UNPROJECTED = "nonproj"
ITEMS = [
    {
        "pk": {"S": "p"},
        "sk": {"S": "s1"},
        "gsiPk2": {"S": "y"},
        "lsiSk2": {"S": "k1"},
        "projattr": {"S": "proj1"},
        UNPROJECTED: {"S": "np1"},
    },
    {
        "pk": {"S": "p"},
        "sk": {"S": "s2"},
        "gsiPk2": {"S": "y"},
        "lsiSk2": {"S": "k2"},
        "projattr": {"S": "proj2"},
        UNPROJECTED: {"S": "np2"},
    },
    {"pk": {"S": "p"}, "sk": {"S": "s3"}, UNPROJECTED: {"S": "np3"}},
]


@pytest.fixture(scope="module")
def ddb(aws_client):
    client = aws_client("dynamodb")
    keys = [{"AttributeName": "pk", "KeyType": "HASH"}]
    client.create_table(
        TableName=TABLE,
        KeySchema=[*keys, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": name, "AttributeType": "S"} for name in ("pk", "sk", "gsiPk2", "lsiSk2")
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "gsi-keys",
                "KeySchema": [{"AttributeName": "gsiPk2", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            },
            {
                "IndexName": "gsi-inc",
                "KeySchema": [{"AttributeName": "gsiPk2", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["projattr"]},
            },
            {
                "IndexName": "gsi-all",
                "KeySchema": [{"AttributeName": "gsiPk2", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            },
        ],
        LocalSecondaryIndexes=[
            {
                "IndexName": "lsi-keys",
                "KeySchema": [*keys, {"AttributeName": "lsiSk2", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    for item in ITEMS:
        client.put_item(TableName=TABLE, Item=item)
    yield client
    client.delete_table(TableName=TABLE)


def _select(ddb, statement: str) -> list[dict]:
    return ddb.execute_statement(Statement=statement)["Items"]


@pytest.mark.parametrize(
    "index,where,names",
    [
        ("gsi-keys", "gsiPk2 = 'y'", ["gsiPk2", "pk", "sk"]),
        ("gsi-inc", "gsiPk2 = 'y'", ["gsiPk2", "pk", "projattr", "sk"]),
        ("lsi-keys", "pk = 'p'", ["lsiSk2", "pk", "sk"]),
    ],
)
def test_select_star_of_an_index_is_its_projection(ddb, index, where, names):
    items = _select(ddb, f'SELECT * FROM "{TABLE}"."{index}" WHERE {where}')
    assert len(items) == 2  # s3 carries no index key: no index holds it
    assert all(sorted(item) == names for item in items)


def test_select_star_of_an_all_index_is_the_whole_item(ddb):
    items = _select(ddb, f'SELECT * FROM "{TABLE}"."gsi-all" WHERE gsiPk2 = \'y\'')
    assert sorted(items, key=lambda item: item["sk"]["S"]) == ITEMS[:2]


def test_a_local_index_reads_an_unprojected_attribute_from_the_table(ddb):
    items = _select(ddb, f'SELECT {UNPROJECTED} FROM "{TABLE}"."lsi-keys" WHERE pk = \'p\'')
    assert sorted(item[UNPROJECTED]["S"] for item in items) == ["np1", "np2"]


def _refusal(ddb, statement: str) -> tuple[str, str]:
    with pytest.raises(ClientError) as info:
        ddb.execute_statement(Statement=statement)
    error = info.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    return error["Error"]["Code"], error["Error"]["Message"]


@pytest.mark.parametrize(
    "statement,message",
    [
        (
            f"SELECT pk FROM \"{TABLE}\".\"gsi-inc\" WHERE gsiPk2 = 'y' AND {UNPROJECTED} = 'np1'",
            f"Secondary index gsi-inc does not project one or more filter attributes: [{UNPROJECTED}]",
        ),
        (
            f"SELECT pk FROM \"{TABLE}\".\"lsi-keys\" WHERE pk = 'p' AND {UNPROJECTED} = 'np1'",
            f"Secondary index lsi-keys does not project one or more filter attributes: [{UNPROJECTED}]",
        ),
        (
            f'SELECT {UNPROJECTED} FROM "{TABLE}"."gsi-inc" WHERE gsiPk2 = \'y\'',
            f"Global secondary index gsi-inc does not project [{UNPROJECTED}]",
        ),
    ],
    ids=["gsi-filter", "lsi-filter", "gsi-selection"],
)
def test_unprojected_attributes_are_refused(ddb, statement, message):
    assert _refusal(ddb, statement) == (
        "ValidationException",
        f"One or more parameter values were invalid: {message}",
    )


def test_projected_filters_and_functions_are_served(ddb):
    where = "gsiPk2 = 'y' AND begins_with(projattr, 'proj')"
    statement = f'SELECT pk, projattr FROM "{TABLE}"."gsi-inc" WHERE {where}'
    items = _select(ddb, statement)
    assert sorted(item["projattr"]["S"] for item in items) == ["proj1", "proj2"]


@pytest.mark.parametrize(
    "index,where,arm",
    [
        ("gsi-keys", "gsiPk2 = 'y'", "GlobalSecondaryIndexes"),
        ("lsi-keys", "pk = 'p'", "LocalSecondaryIndexes"),
    ],
)
def test_an_index_read_is_charged_to_the_index(ddb, index, where, arm):
    answer = ddb.execute_statement(
        Statement=f'SELECT * FROM "{TABLE}"."{index}" WHERE {where}', ReturnConsumedCapacity="INDEXES"
    )
    consumed = answer["ConsumedCapacity"]
    assert consumed["Table"] == {"CapacityUnits": 0.0}
    assert consumed[arm][index]["CapacityUnits"] == consumed["CapacityUnits"] > 0
