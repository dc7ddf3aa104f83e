# ruff: noqa: E501 (each row is one update and the item it leaves, kept whole)
"""UpdateItem on document paths, as live DynamoDB answers (facts from nubo-db/dynamodb-conformance):
missing intermediates refuse, list indexes past the end append, REMOVE of an element shifts the rest."""

from __future__ import annotations

import pytest

from tests.integration.test_dynamodb_recorded_messages import HASH_TABLE, VALIDATION, call, tables  # noqa: F401


def _update(
    server, pk: str, before: dict, expression: str, names: dict | None = None, values: dict | None = None
):
    assert call(server, "PutItem", {"TableName": HASH_TABLE, "Item": {"pk": {"S": pk}, **before}}).ok
    body = {"TableName": HASH_TABLE, "Key": {"pk": {"S": pk}}, "UpdateExpression": expression}
    if names:
        body["ExpressionAttributeNames"] = names
    if values:
        body["ExpressionAttributeValues"] = values
    response = call(server, "UpdateItem", body)
    stored = call(
        server, "GetItem", {"TableName": HASH_TABLE, "Key": {"pk": {"S": pk}}, "ConsistentRead": True}
    )
    return response, stored.json()["Item"]


# The recorded-messages tables, created once for this module too.
pytestmark = pytest.mark.usefixtures("tables")
V = {":v": {"S": "new"}}
LIST = {"mylist": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}, {"S": "d"}]}}


@pytest.mark.parametrize(
    "before,expression,names,values,after",
    [
        ({"a": {"M": {"b": {"M": {"c": {"S": "old"}}}}}}, "SET #a.#b.#c = :v", {"#a": "a", "#b": "b", "#c": "c"}, V,
         {"a": {"M": {"b": {"M": {"c": {"S": "new"}}}}}}),
        ({"mylist": {"L": [{"S": "a"}]}}, "SET #l[5] = :v", {"#l": "mylist"}, V, {"mylist": {"L": [{"S": "a"}, {"S": "new"}]}}),
        ({"mylist": {"L": []}}, "SET #l[0] = :v", {"#l": "mylist"}, V, {"mylist": {"L": [{"S": "new"}]}}),
        ({"m": {"M": {"counter": {"N": "10"}}}}, "SET #m.#c = #m.#c + :inc", {"#m": "m", "#c": "counter"},
         {":inc": {"N": "5"}}, {"m": {"M": {"counter": {"N": "15"}}}}),
        ({"m": {"M": {"gone": {"S": "x"}, "keep": {"S": "k"}}}}, "REMOVE #m.#n", {"#m": "m", "#n": "gone"}, None,
         {"m": {"M": {"keep": {"S": "k"}}}}),
        (LIST, "REMOVE #l[1]", {"#l": "mylist"}, None, {"mylist": {"L": [{"S": "a"}, {"S": "c"}, {"S": "d"}]}}),
        ({"parent": {"M": {"keep": {"S": "k"}}}}, "SET parent.child = :v", None, V,
         {"parent": {"M": {"keep": {"S": "k"}, "child": {"S": "new"}}}}),
    ],
    ids=["deep", "past-the-end", "empty-list", "nested-arithmetic", "remove-key", "remove-element", "nest-in-map"],
)  # fmt: skip
def test_document_path_updates(server, before, expression, names, values, after):
    pk = f"path-{expression}"
    response, stored = _update(server, pk, before, expression, names, values)
    assert response.status_code == 200, response.text
    assert stored == {"pk": {"S": pk}, **after}


def test_a_missing_intermediate_map_is_refused(server):
    names = {"#a": "missing", "#b": "nested", "#c": "deep"}
    response, _ = _update(server, "path-missing", {"top": {"S": "v"}}, "SET #a.#b.#c = :v", names, V)
    assert response.status_code == 400
    assert response.json() == {
        "__type": VALIDATION,
        "message": "The document path provided in the update expression is invalid for update",
    }


# Grouping parentheses in a SET value change nothing and live DynamoDB accepts them (dynalite's
# syntax-error list keeps `set a = (b + c)` and `SET a = if_not_exists(a, b) + b` out: AWS answers them).
@pytest.mark.parametrize(
    "expression,after",
    [
        ("SET n = (:one + :one)", "2"),
        ("SET n = ((n) + (:one))", "6"),
        ("SET n = (if_not_exists(absent, :one)) - :one", "0"),
        ("SET n = (n)", "5"),
    ],
)
def test_grouping_parentheses_in_set_values(server, expression, after):
    values = {":one": {"N": "1"}} if ":one" in expression else None
    response, stored = _update(server, f"group-{expression}", {"n": {"N": "5"}}, expression, None, values)
    assert response.status_code == 200, response.text
    assert stored["n"] == {"N": after}


def _filtered(server, table: str, expression: str, values: dict) -> list[str]:
    body = {"TableName": table, "FilterExpression": expression, "ExpressionAttributeValues": values}
    response = call(server, "Scan", {**body, "ConsistentRead": True})
    assert response.status_code == 200, response.text
    return sorted(item["pk"]["S"] for item in response.json()["Items"])


def test_filters_compare_binaries_bytewise_and_sets_unordered(server):
    table = "filter-operators"
    body = {
        "TableName": table,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    }
    assert call(server, "CreateTable", body).ok
    rows = [("fo-1", "AQI=", ["a", "b"]), ("fo-2", "AwQ=", ["b", "c"]), ("fo-3", "BQY=", ["a", "c"])]
    for pk, binary, members in rows:
        item = {"pk": {"S": pk}, "binVal": {"B": binary}, "setVal": {"SS": members}}
        assert call(server, "PutItem", {"TableName": table, "Item": item}).ok
    assert _filtered(server, table, "binVal > :v", {":v": {"B": "AwQ="}}) == ["fo-3"]
    assert _filtered(server, table, "begins_with(binVal, :v)", {":v": {"B": "Aw=="}}) == ["fo-2"]
    between = {":lo": {"B": "AQI="}, ":hi": {"B": "AwQ="}}
    assert _filtered(server, table, "binVal BETWEEN :lo AND :hi", between) == ["fo-1", "fo-2"]
    assert _filtered(server, table, "setVal = :v", {":v": {"SS": ["b", "a"]}}) == ["fo-1"]
    assert _filtered(server, table, "setVal <> :v", {":v": {"SS": ["a", "b"]}}) == ["fo-2", "fo-3"]


@pytest.mark.parametrize(
    "extra,message",
    [
        ({"Select": "ALL_ATTRIBUTES", "ProjectionExpression": "sk"}, "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"),
        ({"Select": "ALL_PROJECTED_ATTRIBUTES"}, "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"),
        ({"Select": "SPECIFIC_ATTRIBUTES"}, None),
    ],
)  # fmt: skip
def test_query_select_rules(server, extra, message):
    body = {
        "TableName": HASH_TABLE,
        "KeyConditionExpression": "pk = :p",
        "ExpressionAttributeValues": {":p": {"S": "x"}},
    }
    response = call(server, "Query", {**body, **extra})
    assert response.status_code == 400 and response.json()["__type"] == VALIDATION
    if message:
        assert message in response.json()["message"]


def test_query_count_counts_before_and_after_the_filter(server):
    for sk, status in (("a", "active"), ("b", "inactive"), ("c", "active")):
        item = {"pk": {"S": "count"}, "sk": {"S": sk}, "status": {"S": status}}
        assert call(server, "PutItem", {"TableName": "recorded-messages", "Item": item}).ok
    body = {
        "TableName": "recorded-messages",
        "KeyConditionExpression": "pk = :p",
        "FilterExpression": "#s = :s",
        "ExpressionAttributeNames": {"#s": "status"},
        "ExpressionAttributeValues": {":p": {"S": "count"}, ":s": {"S": "active"}},
        "Select": "COUNT",
    }
    answer = call(server, "Query", body).json()
    assert (answer["Count"], answer["ScannedCount"], "Items" in answer) == (2, 3, False)


def test_grouping_parentheses_in_a_transaction_update(server):
    key = {"pk": {"S": "group-transact"}}
    assert call(server, "PutItem", {"TableName": HASH_TABLE, "Item": {**key, "n": {"N": "5"}}}).ok
    update = {
        "TableName": HASH_TABLE,
        "Key": key,
        "UpdateExpression": "SET n = (n + :one)",
        "ExpressionAttributeValues": {":one": {"N": "1"}},
    }
    response = call(server, "TransactWriteItems", {"TransactItems": [{"Update": update}]})
    assert response.status_code == 200, response.text
    stored = call(server, "GetItem", {"TableName": HASH_TABLE, "Key": key, "ConsistentRead": True})
    assert stored.json()["Item"]["n"] == {"N": "6"}


# The developer guide's grammar: `function ::= if_not_exists (path, value)`, `operand ::= path | function`:
# the fallback of if_not_exists may itself be a function.
@pytest.mark.parametrize(
    "before,expression,after",
    [
        ({}, "SET a = if_not_exists(a, if_not_exists(b, :one))", {"a": {"N": "1"}}),
        (
            {"b": {"N": "7"}},
            "SET a = if_not_exists(a, if_not_exists(b, :one))",
            {"a": {"N": "7"}, "b": {"N": "7"}},
        ),
        ({"a": {"N": "9"}}, "SET a = if_not_exists(a, if_not_exists(b, :one))", {"a": {"N": "9"}}),
        ({}, "SET a = if_not_exists(a, list_append(:l, :l))", {"a": {"L": [{"S": "x"}, {"S": "x"}]}}),
    ],
)
def test_if_not_exists_falls_back_to_a_function(server, before, expression, after):
    values = {":one": {"N": "1"}} if ":one" in expression else {":l": {"L": [{"S": "x"}]}}
    pk = f"nested-{expression}-{sorted(before)}"
    response, stored = _update(server, pk, before, expression, None, values)
    assert response.status_code == 200, response.text
    assert stored == {"pk": {"S": pk}, **after}


# Recorded against DynamoDB by ScyllaDB's Alternator suite (test_update_item_non_existent and
# test_update_item_returnvalues_all_new): an update that only removes leaves a missing item uncreated
# and answers no Attributes; an empty AttributeUpdates still creates it.
@pytest.mark.parametrize(
    "update,created",
    [
        ({"UpdateExpression": "REMOVE b", "ReturnValues": "ALL_NEW"}, False),
        ({"UpdateExpression": "DELETE s :v", "ExpressionAttributeValues": {":v": {"SS": ["a"]}}}, False),
        ({"AttributeUpdates": {"a": {"Action": "DELETE"}}}, False),
        ({"AttributeUpdates": {}}, True),
    ],
)
def test_an_update_that_only_removes_creates_no_item(server, update, created):
    key = {"pk": {"S": f"uncreated-{sorted(update)}-{created}-{update.get('UpdateExpression')}"}}
    response = call(server, "UpdateItem", {"TableName": HASH_TABLE, "Key": key, **update})
    assert response.status_code == 200, response.text
    assert "Attributes" not in response.json()
    stored = call(server, "GetItem", {"TableName": HASH_TABLE, "Key": key, "ConsistentRead": True})
    assert ("Item" in stored.json()) is created


def test_a_transaction_update_cannot_write_its_items_key(server):
    """As UpdateItem (the sentence dynalite's suite recorded against DynamoDB): a transaction's Update
    cannot write a key attribute either; the item keeps its key."""
    key = {"pk": {"S": "transact-key-write"}}
    assert call(server, "PutItem", {"TableName": HASH_TABLE, "Item": {**key, "n": {"N": "1"}}}).ok
    update = {
        "TableName": HASH_TABLE,
        "Key": key,
        "UpdateExpression": "SET #k = :v",
        "ExpressionAttributeNames": {"#k": "pk"},
        "ExpressionAttributeValues": {":v": {"S": "moved"}},
    }
    response = call(server, "TransactWriteItems", {"TransactItems": [{"Update": update}]})
    assert response.status_code == 400
    assert response.json() == {
        "__type": VALIDATION,
        "message": "One or more parameter values were invalid: Cannot update attribute pk. "
        "This attribute is part of the key",
    }
    stored = call(server, "GetItem", {"TableName": HASH_TABLE, "Key": key, "ConsistentRead": True})
    assert stored.json()["Item"] == {**key, "n": {"N": "1"}}


def test_a_transaction_update_that_only_removes_creates_no_item(server):
    """TransactWriteItem.Update is "a request to perform an UpdateItem operation" (API reference): as
    UpdateItem, removing from a missing item leaves it uncreated; the other writes still happen."""
    missing = {"pk": {"S": "transact-uncreated"}}
    written = {"pk": {"S": "transact-written"}}
    items = [
        {"Update": {"TableName": HASH_TABLE, "Key": missing, "UpdateExpression": "REMOVE b"}},
        {"Put": {"TableName": HASH_TABLE, "Item": {**written, "a": {"S": "x"}}}},
    ]
    response = call(server, "TransactWriteItems", {"TransactItems": items})
    assert response.status_code == 200, response.text
    got = call(server, "GetItem", {"TableName": HASH_TABLE, "Key": missing, "ConsistentRead": True})
    assert "Item" not in got.json()
    got = call(server, "GetItem", {"TableName": HASH_TABLE, "Key": written, "ConsistentRead": True})
    assert got.json()["Item"] == {**written, "a": {"S": "x"}}
