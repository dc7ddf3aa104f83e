"""PartiQL UPDATE and DELETE answer as live DynamoDB does (facts recorded by nubo-db/dynamodb-conformance's
ExecuteStatement tests, eu-west-2): non-key predicates are the write's condition, the whole key is
mandatory, a DELETE of a missing item is a no-op, RETURNING's attributes come back as the one item, and
a statement with fewer Parameters than `?` is refused. UPDATE of a missing item fails its condition, as
DynamoDB's own translation (attribute_exists on the partition key) makes it."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

TABLE = "partiql-writes"
COMPOSITE = "partiql-writes-composite"


@pytest.fixture(scope="module")
def ddb(aws_client):
    client = aws_client("dynamodb")
    client.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.create_table(
        TableName=COMPOSITE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    yield client
    client.delete_table(TableName=TABLE)
    client.delete_table(TableName=COMPOSITE)


def _put(ddb, pk, **attributes):
    ddb.put_item(TableName=TABLE, Item={"pk": {"S": pk}, **attributes})


def _get(ddb, pk):
    return ddb.get_item(TableName=TABLE, Key={"pk": {"S": pk}}, ConsistentRead=True).get("Item")


def _refused(ddb, statement, **members):
    with pytest.raises(ClientError) as caught:
        ddb.execute_statement(Statement=statement, **members)
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def test_update_with_number_literal_and_predicates(ddb):
    _put(ddb, "upd", name={"S": "alpha"}, n={"N": "5"})
    refused = _refused(ddb, f"UPDATE \"{TABLE}\" SET n = 9 WHERE pk = 'upd' AND \"name\" = 'beta'")
    assert refused == ("ConditionalCheckFailedException", "The conditional request failed")
    assert _get(ddb, "upd")["n"] == {"N": "5"}
    ddb.execute_statement(Statement=f"UPDATE \"{TABLE}\" SET n = 9 WHERE pk = 'upd' AND \"name\" = 'alpha'")
    assert _get(ddb, "upd")["n"] == {"N": "9"}


def test_update_of_a_missing_item_creates_nothing(ddb):
    refused = _refused(ddb, f"UPDATE \"{TABLE}\" SET data = 'x' WHERE pk = 'never'")
    assert refused[0] == "ConditionalCheckFailedException"
    assert _get(ddb, "never") is None


def test_delete_predicates(ddb):
    _put(ddb, "del", name={"S": "alpha"})
    refused = _refused(ddb, f"DELETE FROM \"{TABLE}\" WHERE pk = 'del' AND NOT begins_with(\"name\", 'al')")
    assert refused[0] == "ConditionalCheckFailedException"
    assert _get(ddb, "del") is not None
    ddb.execute_statement(Statement=f"DELETE FROM \"{TABLE}\" WHERE pk = 'del' AND \"name\" = 'alpha'")
    assert _get(ddb, "del") is None
    # A missing item: the predicates are never evaluated.
    answer = ddb.execute_statement(Statement=f"DELETE FROM \"{TABLE}\" WHERE pk = 'del' AND \"name\" = 'x'")
    assert answer["Items"] == []


@pytest.mark.parametrize(
    "statement",
    [
        f'DELETE FROM "{TABLE}" WHERE "name" = \'alpha\'',
        f"UPDATE \"{TABLE}\" SET a = 'b' WHERE \"name\" = 'alpha'",
        f"DELETE FROM \"{COMPOSITE}\" WHERE pk = 'p'",
    ],
)
def test_the_whole_key_is_mandatory(ddb, statement):
    assert _refused(ddb, statement) == (
        "ValidationException",
        "Where clause does not contain a mandatory equality on all key attributes",
    )


def test_returning(ddb):
    _put(ddb, "ret", data={"S": "old"}, keep={"S": "same"})
    statement = f"UPDATE \"{TABLE}\" SET data = 'new' WHERE pk = 'ret' RETURNING MODIFIED OLD *"
    assert ddb.execute_statement(Statement=statement)["Items"] == [{"data": {"S": "old"}}]
    statement = f"UPDATE \"{TABLE}\" SET data = 'newer' WHERE pk = 'ret' RETURNING ALL NEW *"
    assert ddb.execute_statement(Statement=statement)["Items"] == [
        {"pk": {"S": "ret"}, "data": {"S": "newer"}, "keep": {"S": "same"}}
    ]
    statement = f"UPDATE \"{TABLE}\" REMOVE data WHERE pk = 'ret' RETURNING MODIFIED NEW *"
    assert ddb.execute_statement(Statement=statement)["Items"] == []
    statement = f"DELETE FROM \"{TABLE}\" WHERE pk = 'ret' RETURNING ALL OLD *"
    assert ddb.execute_statement(Statement=statement)["Items"] == [
        {"pk": {"S": "ret"}, "keep": {"S": "same"}}
    ]
    assert ddb.execute_statement(Statement=statement)["Items"] == []


def test_list_index_returning_packs_changed_elements(ddb):
    _put(ddb, "tags", tags={"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}]})
    statement = (
        f"UPDATE \"{TABLE}\" SET tags[2] = 'y', tags[0] = 'x' WHERE pk = 'tags' RETURNING MODIFIED NEW *"
    )
    assert ddb.execute_statement(Statement=statement)["Items"] == [{"tags": {"L": [{"S": "x"}, {"S": "y"}]}}]
    assert _get(ddb, "tags")["tags"] == {"L": [{"S": "x"}, {"S": "b"}, {"S": "y"}]}


def test_parameters_and_composite_keys(ddb):
    ddb.put_item(TableName=COMPOSITE, Item={"pk": {"S": "p"}, "sk": {"N": "1"}, "v": {"N": "1"}})
    ddb.execute_statement(
        Statement=f'UPDATE "{COMPOSITE}" SET v = v + ? WHERE pk = ? AND sk = 1',
        Parameters=[{"N": "4"}, {"S": "p"}],
    )
    item = ddb.get_item(TableName=COMPOSITE, Key={"pk": {"S": "p"}, "sk": {"N": "1"}})["Item"]
    assert item["v"] == {"N": "5"}


def test_fewer_parameters_than_placeholders(ddb):
    assert _refused(ddb, f'SELECT * FROM "{TABLE}" WHERE pk = ?') == (
        "ValidationException",
        "Number of parameters in request and statement don't match.",
    )
    assert _refused(ddb, f'UPDATE "{TABLE}" SET a = ? WHERE pk = ?', Parameters=[{"S": "x"}])[0] == (
        "ValidationException"
    )


def test_transaction_of_writes(ddb):
    _put(ddb, "tx-upd", data={"S": "before"})
    ddb.execute_transaction(
        TransactStatements=[
            {"Statement": f"INSERT INTO \"{TABLE}\" VALUE {{'pk': 'tx-ins', 'data': 'new'}}"},
            {"Statement": f"UPDATE \"{TABLE}\" SET data = 'after' WHERE pk = 'tx-upd'"},
        ]
    )
    assert _get(ddb, "tx-upd")["data"] == {"S": "after"}
    assert _get(ddb, "tx-ins")["data"] == {"S": "new"}


def test_transaction_duplicate_insert_cancels_every_statement(ddb):
    with pytest.raises(ClientError) as caught:
        ddb.execute_transaction(
            TransactStatements=[
                {"Statement": f"INSERT INTO \"{TABLE}\" VALUE {{'pk': 'tx-ins', 'data': 'again'}}"},
                {"Statement": f"INSERT INTO \"{TABLE}\" VALUE {{'pk': 'tx-rolled-back'}}"},
            ]
        )
    error = caught.value.response
    assert error["Error"]["Code"] == "TransactionCanceledException"
    assert error["Error"]["Message"] == (
        "Transaction cancelled, please refer cancellation reasons for specific reasons [DuplicateItem, None]"
    )
    assert error["CancellationReasons"] == [
        {"Code": "DuplicateItem", "Message": "Duplicate primary key exists in table"},
        {"Code": "None"},
    ]
    assert _get(ddb, "tx-rolled-back") is None


def test_transaction_token_replays_without_applying_twice(ddb):
    ddb.execute_statement(Statement=f"INSERT INTO \"{TABLE}\" VALUE {{'pk': 'tx-ctr', 'n': 0}}")
    statements = [{"Statement": f"UPDATE \"{TABLE}\" SET n = n + 1 WHERE pk = 'tx-ctr'"}]
    first = ddb.execute_transaction(
        ClientRequestToken="partiql-token", ReturnConsumedCapacity="INDEXES", TransactStatements=statements
    )
    replay = ddb.execute_transaction(
        ClientRequestToken="partiql-token", ReturnConsumedCapacity="INDEXES", TransactStatements=statements
    )
    assert _get(ddb, "tx-ctr")["n"] == {"N": "1"}
    assert first["ConsumedCapacity"][0]["WriteCapacityUnits"] == 2
    assert "ReadCapacityUnits" not in first["ConsumedCapacity"][0]
    assert replay["ConsumedCapacity"][0]["ReadCapacityUnits"] == 2
    assert "WriteCapacityUnits" not in replay["ConsumedCapacity"][0]


def test_batch_answers_each_write_on_its_own(ddb):
    _put(ddb, "b-upd", data={"S": "old"}, n={"N": "1"})
    answer = ddb.batch_execute_statement(
        Statements=[
            {"Statement": f"UPDATE \"{TABLE}\" SET n = 5 WHERE pk = 'b-upd' RETURNING MODIFIED NEW *"},
            {"Statement": f"UPDATE \"{TABLE}\" SET n = 5 WHERE pk = 'b-missing'"},
            {"Statement": f"DELETE FROM \"{TABLE}\" WHERE pk = 'b-upd' RETURNING MODIFIED OLD *"},
            {"Statement": f"UPDATE \"{TABLE}\" REMOVE data WHERE pk = 'b-upd' RETURNING MODIFIED NEW *"},
            {"Statement": f"SELECT * FROM \"{TABLE}\" WHERE pk = 'b-upd'"},
            {"Statement": f"SLECT * FROM \"{TABLE}\" WHERE pk = 'b-upd'"},
        ]
    )["Responses"]
    assert answer[0] == {"TableName": TABLE, "Item": {"n": {"N": "5"}}}
    assert answer[1]["Error"] == {
        "Code": "ConditionalCheckFailed",
        "Message": "The conditional request failed",
    }
    assert answer[2]["Error"] == {
        "Code": "ValidationError",
        "Message": "Invalid returning clause: RETURNING MODIFIED OLD *. "
        "Only RETURNING ALL OLD * is allowed in DELETE statements.",
    }
    assert answer[3] == {"TableName": TABLE}
    assert answer[4]["Item"] == {"pk": {"S": "b-upd"}, "n": {"N": "5"}}
    assert answer[5]["Error"] == {
        "Code": "ValidationError",
        "Message": "Statement wasn't well formed, can't be processed: Expected data manipulation",
    }


def test_statement_without_a_dml_keyword(ddb):
    assert _refused(ddb, f'SELECTT * FROMM "{TABLE}"') == (
        "ValidationException",
        "Statement wasn't well formed, can't be processed: Expected data manipulation",
    )


@pytest.mark.parametrize(
    ("stored", "same", "different"),
    [
        ({"SS": ["a", "b", "c"]}, {"SS": ["c", "a", "b"]}, {"SS": ["a", "b", "d"]}),
        ({"L": [{"S": "a"}, {"S": "b"}]}, {"L": [{"S": "a"}, {"S": "b"}]}, {"L": [{"S": "b"}, {"S": "a"}]}),
        (
            {"M": {"x": {"N": "1"}, "y": {"N": "2"}}},
            {"M": {"y": {"N": "2"}, "x": {"N": "1"}}},
            {"M": {"x": {"N": "1"}}},
        ),
        ({"NULL": True}, {"NULL": True}, {"S": "not null"}),
    ],
)
def test_select_compares_as_condition_expressions_do(ddb, stored, same, different):
    pk = f"cmp-{next(iter(stored))}"
    _put(ddb, pk, val=stored)

    def matches(value, operator):
        statement = f'SELECT pk FROM "{TABLE}" WHERE pk = ? AND val {operator} ?'
        return len(ddb.execute_statement(Statement=statement, Parameters=[{"S": pk}, value])["Items"]) == 1

    assert (matches(same, "="), matches(different, "=")) == (True, False)
    assert (matches(same, "<>"), matches(different, "<>")) == (False, True)


def test_select_ordering_refusals_and_binary_order(ddb):
    _put(ddb, "cmp-B", val={"B": b"\x01\x02\x03"})
    statement = f'SELECT pk FROM "{TABLE}" WHERE pk = ? AND val < ?'
    assert (
        len(
            ddb.execute_statement(Statement=statement, Parameters=[{"S": "cmp-B"}, {"B": b"\x01\x02\x04"}])[
                "Items"
            ]
        )
        == 1
    )
    refused = _refused(
        ddb,
        f'SELECT pk FROM "{TABLE}" WHERE pk = ? AND val BETWEEN ? AND ?',
        Parameters=[{"S": "cmp-B"}, {"BOOL": True}, {"BOOL": False}],
    )
    assert refused == (
        "ValidationException",
        "Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: BOOL",
    )


def test_select_of_several_partitions_with_a_negated_predicate(ddb):
    _put(ddb, "neg-a", kind={"S": "alpha"})
    _put(ddb, "neg-b", kind={"S": "beta"})
    statement = f"SELECT * FROM \"{TABLE}\" WHERE pk IN ['neg-a','neg-b'] AND NOT begins_with(\"kind\", 'al')"
    assert ddb.execute_statement(Statement=statement)["Items"] == [
        {"pk": {"S": "neg-b"}, "kind": {"S": "beta"}}
    ]
    answer = ddb.execute_statement(
        Statement=f'SELECT pk FROM "{TABLE}" WHERE pk = \'neg-a\' AND "kind" IS NOT MISSING'
    )
    assert answer["Items"] == [{"pk": {"S": "neg-a"}}]
    assert answer["ResponseMetadata"]["RequestId"]
