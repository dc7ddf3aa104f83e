"""TransactWriteItems' ClientRequestToken: a repeated call writes nothing again and is answered as the
first; the same token with other parameters is IdempotentParameterMismatchException."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def ddb(aws_client):
    return aws_client("dynamodb")


@pytest.fixture
def table(ddb, unique_name, cleanup):
    name = unique_name("tx")
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    cleanup.append(lambda: ddb.delete_table(TableName=name))
    return name


def _add_one(table: str) -> list[dict]:
    return [
        {
            "Update": {
                "TableName": table,
                "Key": {"pk": {"S": "counter"}},
                "UpdateExpression": "ADD #n :one",
                "ExpressionAttributeNames": {"#n": "n"},
                "ExpressionAttributeValues": {":one": {"N": "1"}},
            }
        }
    ]


def _count(ddb, table: str) -> str:
    return ddb.get_item(TableName=table, Key={"pk": {"S": "counter"}}, ConsistentRead=True)["Item"]["n"]["N"]


def test_a_repeated_call_writes_once(ddb, table, unique_name):
    token = unique_name("token")
    first = ddb.transact_write_items(TransactItems=_add_one(table), ClientRequestToken=token)
    again = ddb.transact_write_items(TransactItems=_add_one(table), ClientRequestToken=token)
    assert _count(ddb, table) == "1"
    assert {k: v for k, v in again.items() if k != "ResponseMetadata"} == {
        k: v for k, v in first.items() if k != "ResponseMetadata"
    }
    ddb.transact_write_items(TransactItems=_add_one(table), ClientRequestToken=unique_name("token"))
    assert _count(ddb, table) == "2"


def test_the_same_token_with_other_parameters_is_refused(ddb, table, unique_name):
    token = unique_name("token")
    ddb.transact_write_items(TransactItems=_add_one(table), ClientRequestToken=token)
    other = _add_one(table)
    other[0]["Update"]["ExpressionAttributeValues"] = {":one": {"N": "2"}}
    with pytest.raises(ClientError) as info:
        ddb.transact_write_items(TransactItems=other, ClientRequestToken=token)
    error = info.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Code"] == "IdempotentParameterMismatchException"
    assert _count(ddb, table) == "1"


def test_a_cancelled_call_does_not_use_up_its_token(ddb, table, unique_name):
    token = unique_name("token")
    guarded = _add_one(table)
    guarded[0]["Update"]["ConditionExpression"] = "attribute_exists(pk)"
    with pytest.raises(ClientError) as info:
        ddb.transact_write_items(TransactItems=guarded, ClientRequestToken=token)
    assert info.value.response["Error"]["Code"] == "TransactionCanceledException"
    ddb.put_item(TableName=table, Item={"pk": {"S": "counter"}, "n": {"N": "0"}})
    ddb.transact_write_items(TransactItems=guarded, ClientRequestToken=token)
    assert _count(ddb, table) == "1"


def test_the_answer_carries_only_what_was_asked_for(ddb, table):
    answer = ddb.transact_write_items(TransactItems=_add_one(table))
    assert set(answer) == {"ResponseMetadata"}
    batch = ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": {"pk": {"S": "b"}}}}]})
    assert set(batch) == {"UnprocessedItems", "ResponseMetadata"}


def test_a_repeat_reports_what_it_read(ddb, table, unique_name):
    # AWS's API reference: the first call reports the write units it consumed, a repeat with the same
    # token the read units of reading the items (a transactional read: 2 per item up to 4 KB).
    token = unique_name("token")
    first = ddb.transact_write_items(
        TransactItems=_add_one(table), ClientRequestToken=token, ReturnConsumedCapacity="TOTAL"
    )
    assert first["ConsumedCapacity"] == [
        {"TableName": table, "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}
    ]
    again = ddb.transact_write_items(
        TransactItems=_add_one(table), ClientRequestToken=token, ReturnConsumedCapacity="TOTAL"
    )
    assert again["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}]
    assert _count(ddb, table) == "1"
