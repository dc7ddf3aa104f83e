"""TransactWriteItems' cancellation reasons as DynamoDB answers them: one per action in order, `None`
for an action that would have run, `ConditionalCheckFailed` with the item where asked, and a table key
of the wrong type cancelled as a `ValidationError` reason while an empty key value is refused whole
(recorded against live DynamoDB, paritysuite/dynamodb-conformance transactWriteItems, 2026-06/10)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.dynamodb_support import pay_per_request_table

SUMMARY = "Transaction cancelled, please refer cancellation reasons for specific reasons [{}]"
LOOKUP_MISMATCH = "The provided key element does not match the schema"
EMPTY_KEY = (
    "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
    "contain an empty {} value. Key: pk"
)


@pytest.fixture
def tables(aws_client, unique_name, cleanup):
    ddb = aws_client("dynamodb")
    strings = pay_per_request_table(ddb, unique_name("txreasons"), cleanup)
    binary = pay_per_request_table(ddb, unique_name("txreasonsb"), cleanup, attributes={"pk": "B"})
    return strings, binary


def _refusal(ddb, items):
    with pytest.raises(ClientError) as error:
        ddb.transact_write_items(TransactItems=items)
    return error.value.response


def _update(table, key):
    return {
        "Update": {
            "TableName": table,
            "Key": {"pk": key},
            "UpdateExpression": "SET attr1 = :v",
            "ExpressionAttributeValues": {":v": {"S": "x"}},
        }
    }


def _delete(table, key):
    return {"Delete": {"TableName": table, "Key": {"pk": key}}}


def _check(table, key):
    return {
        "ConditionCheck": {
            "TableName": table,
            "Key": {"pk": key},
            "ConditionExpression": "attribute_not_exists(pk)",
        }
    }


def _assert_cancelled(answer, reasons):
    assert answer["Error"]["Code"] == "TransactionCanceledException"
    codes = [reason["Code"] for reason in reasons]
    assert answer["Error"]["Message"] == SUMMARY.format(", ".join(codes))
    assert answer["CancellationReasons"] == reasons


@pytest.mark.parametrize("actual, value", [("N", {"N": "5"}), ("L", {"L": [{"S": "x"}]})])
def test_put_key_of_wrong_type_is_a_reason(aws_client, tables, actual, value):
    answer = _refusal(aws_client("dynamodb"), [{"Put": {"TableName": tables[0], "Item": {"pk": value}}}])
    message = (
        f"One or more parameter values were invalid: Type mismatch for key pk expected: S actual: {actual}"
    )
    _assert_cancelled(answer, [{"Code": "ValidationError", "Message": message}])


@pytest.mark.parametrize("action", [_update, _delete, _check])
@pytest.mark.parametrize("value", [{"N": "5"}, {"L": [{"S": "x"}]}])
def test_lookup_key_of_wrong_type_is_a_reason(aws_client, tables, action, value):
    answer = _refusal(aws_client("dynamodb"), [action(tables[0], value)])
    _assert_cancelled(answer, [{"Code": "ValidationError", "Message": LOOKUP_MISMATCH}])


def test_wrong_key_beside_valid_actions_is_positional(aws_client, tables):
    ddb = aws_client("dynamodb")
    items = [
        {"Put": {"TableName": tables[0], "Item": {"pk": {"S": "fine"}}}},
        _delete(tables[0], {"N": "5"}),
    ]
    _assert_cancelled(
        _refusal(ddb, items), [{"Code": "None"}, {"Code": "ValidationError", "Message": LOOKUP_MISMATCH}]
    )
    assert "Item" not in ddb.get_item(TableName=tables[0], Key={"pk": {"S": "fine"}})


@pytest.mark.parametrize("action", [_update, _delete, _check])
def test_empty_key_is_refused_whole(aws_client, tables, action):
    ddb = aws_client("dynamodb")
    for table, value, word in ((tables[0], {"S": ""}, "string"), (tables[1], {"B": b""}, "binary")):
        answer = _refusal(ddb, [action(table, value)])
        assert answer["Error"]["Code"] == "ValidationException"
        assert answer["Error"]["Message"] == EMPTY_KEY.format(word)
        assert "CancellationReasons" not in answer


def test_condition_failures_in_order_with_item(aws_client, tables):
    ddb = aws_client("dynamodb")
    ddb.put_item(TableName=tables[0], Item={"pk": {"S": "old"}, "attr1": {"S": "exists"}})
    items = [
        {
            "Put": {
                "TableName": tables[0],
                "Item": {"pk": {"S": "new"}},
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        },
        {
            "Put": {
                "TableName": tables[0],
                "Item": {"pk": {"S": "old"}},
                "ConditionExpression": "attribute_not_exists(pk)",
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            }
        },
    ]
    failed = {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}
    item = {"pk": {"S": "old"}, "attr1": {"S": "exists"}}
    _assert_cancelled(_refusal(ddb, items), [{"Code": "None"}, {**failed, "Item": item}])


def test_get_with_an_empty_key_is_a_reason(aws_client, tables):
    """TransactGetItems reports a key missing its attributes per action (recorded); the reason's words
    are GetItem's (assumed)."""
    ddb = aws_client("dynamodb")
    with pytest.raises(ClientError) as error:
        ddb.transact_get_items(TransactItems=[{"Get": {"TableName": tables[0], "Key": {}}}])
    _assert_cancelled(error.value.response, [{"Code": "ValidationError", "Message": LOOKUP_MISMATCH}])


def test_get_projection_syntax_is_refused_whole(aws_client, tables):
    ddb = aws_client("dynamodb")
    get = {"Get": {"TableName": tables[0], "Key": {"pk": {"S": "x"}}, "ProjectionExpression": "!!!"}}
    with pytest.raises(ClientError) as error:
        ddb.transact_get_items(TransactItems=[get])
    assert error.value.response["Error"]["Code"] == "ValidationException"
    assert (
        error.value.response["Error"]["Message"]
        == 'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"'
    )


def _sized(pk, total):
    """An item of `total` bytes: the key and one string attribute `p`."""
    return {"pk": {"S": pk}, "p": {"S": "x" * (total - (2 + len(pk) + 1))}}


def test_update_over_400_kib_cancels_where_a_put_is_refused(aws_client, tables):
    """A Put's size is known up front (refused whole); an Update's only once the transaction runs, so
    it cancels with UpdateItem's words, for a fresh key and an existing row alike (recorded)."""
    ddb = aws_client("dynamodb")
    table = tables[0]
    ddb.put_item(TableName=table, Item={"pk": {"S": "existing"}, "p": {"S": "small"}})
    for pk in ("fresh", "existing"):
        item = _sized(pk, 409_601)
        update = {
            "Update": {
                "TableName": table,
                "Key": {"pk": item["pk"]},
                "UpdateExpression": "SET p = :p",
                "ExpressionAttributeValues": {":p": item["p"]},
            }
        }
        message = "Item size to update has exceeded the maximum allowed size"
        _assert_cancelled(_refusal(ddb, [update]), [{"Code": "ValidationError", "Message": message}])
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "fresh"}}, ConsistentRead=True)
    stored = ddb.get_item(TableName=table, Key={"pk": {"S": "existing"}}, ConsistentRead=True)["Item"]
    assert stored["p"] == {"S": "small"}
    answer = _refusal(ddb, [{"Put": {"TableName": table, "Item": _sized("put", 409_601)}}])
    assert answer["Error"]["Code"] == "ValidationException"
    assert answer["Error"]["Message"] == "Item size has exceeded the maximum allowed size"
    ddb.transact_write_items(TransactItems=[{"Put": {"TableName": table, "Item": _sized("at", 409_600)}}])
    fits = _sized("at-update", 409_600)
    ddb.transact_write_items(
        TransactItems=[
            {
                "Update": {
                    "TableName": table,
                    "Key": {"pk": fits["pk"]},
                    "UpdateExpression": "SET p = :p",
                    "ExpressionAttributeValues": {":p": fits["p"]},
                }
            }
        ]
    )
    assert ddb.get_item(TableName=table, Key={"pk": fits["pk"]}, ConsistentRead=True)["Item"] == fits
