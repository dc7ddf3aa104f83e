"""PartiQL UPDATE/DELETE statements translated into the item writes DynamoDB runs for them."""

from __future__ import annotations

import pytest

from localstack.services.dynamodb.expressions.request import RequestInvalid
from localstack.services.dynamodb.partiql_writes import (
    MISSING_KEY,
    PARAMETER_COUNT,
    check_parameter_count,
    translate,
)


def test_update_predicates_become_the_condition_after_the_existence_guard():
    written = translate({"Statement": "UPDATE \"t\" SET n = 9 WHERE pk = 'a' AND \"name\" = 'b'"}, ["pk"])
    assert written.operation == "UpdateItem"
    assert written.body == {
        "TableName": "t",
        "Key": {"pk": {"S": "a"}},
        "UpdateExpression": "SET #n0 = :v0",
        "ConditionExpression": "attribute_exists(#n2) AND #n1 = :v1",
        "ExpressionAttributeNames": {"#n0": "n", "#n1": "name", "#n2": "pk"},
        "ExpressionAttributeValues": {":v0": {"N": "9"}, ":v1": {"S": "b"}},
    }


def test_delete_of_a_missing_item_passes_its_condition():
    written = translate({"Statement": "DELETE FROM t WHERE pk = 'a' AND (x = 1 OR y = 2)"}, ["pk"])
    assert written.body["ConditionExpression"] == "attribute_not_exists(#n2) OR (#n0 = :v0 OR #n1 = :v1)"


def test_delete_without_predicates_has_no_condition():
    written = translate({"Statement": "DELETE FROM t WHERE pk = 'a' RETURNING ALL OLD *"}, ["pk"])
    assert written.body == {"TableName": "t", "Key": {"pk": {"S": "a"}}, "ReturnValues": "ALL_OLD"}
    assert written.returning


def test_set_functions_and_values():
    statement = (
        "UPDATE t SET s = set_add(s, <<'a','b'>>), m = {'k': [1, true, null]} REMOVE x.y[1] "
        "WHERE pk = ? AND n BETWEEN 1 AND 5 AND k IN ['a'] AND z IS NOT MISSING"
    )
    body = translate({"Statement": statement, "Parameters": [{"S": "p"}]}, ["pk"]).body
    assert body["UpdateExpression"] == "SET #n1 = :v1 REMOVE #n2.#n3[1] ADD #n0 :v0"
    assert body["ExpressionAttributeValues"][":v0"] == {"SS": ["a", "b"]}
    assert body["ExpressionAttributeValues"][":v1"] == {
        "M": {"k": {"L": [{"N": "1"}, {"BOOL": True}, {"NULL": True}]}}
    }
    assert body["Key"] == {"pk": {"S": "p"}}
    assert body["ConditionExpression"] == (
        "attribute_exists(#n7) AND #n4 BETWEEN :v2 AND :v3 AND #n5 IN (:v4) AND attribute_exists(#n6)"
    )


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM t WHERE x = 'a'",
        "UPDATE t SET a = 1 WHERE pk = 'a' OR pk = 'b'",
        "DELETE FROM t WHERE pk = 'a'",
    ],
)
def test_whole_key_is_mandatory(statement):
    with pytest.raises(RequestInvalid, match=MISSING_KEY):
        translate(
            {"Statement": statement},
            ["pk", "sk"] if "x" not in statement and "OR" not in statement else ["pk"],
        )


@pytest.mark.parametrize(
    "statement", ["SELECT * FROM t", "INSERT INTO t VALUE {'pk': 'a'}", "UPDATE t SET a = b WHERE"]
)
def test_other_statements_are_left_alone(statement):
    assert translate({"Statement": statement}, ["pk"]) is None


def test_parameter_count():
    check_parameter_count("SELECT * FROM t WHERE pk = ? AND x = '?'", [{"S": "a"}])
    with pytest.raises(RequestInvalid, match=PARAMETER_COUNT):
        check_parameter_count("SELECT * FROM t WHERE pk = ?", None)


def test_select_of_an_item_collection_is_a_query():
    from localstack.services.dynamodb.partiql_reads import translate_select

    statement = "SELECT a, \"b\" FROM t WHERE pk = ? AND sk = 1 AND NOT begins_with(x, 'p')"
    (query,) = translate_select({"Statement": statement, "Parameters": [{"S": "k"}]}, ["pk", "sk"])
    names, values = query["ExpressionAttributeNames"], query["ExpressionAttributeValues"]
    condition = query["KeyConditionExpression"].replace(" ", "")
    resolved = condition
    for placeholder, name in names.items():
        resolved = resolved.replace(placeholder, name)
    assert resolved.startswith("pk=") and "ANDsk=" in resolved
    assert sorted(values.values(), key=str) == sorted([{"S": "k"}, {"N": "1"}, {"S": "p"}], key=str)
    assert "begins_with" in query["FilterExpression"]
    assert [names[p] for p in query["ProjectionExpression"].split(", ")] == ["a", "b"]


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT * FROM t WHERE x = 1",  # no partition key: a scan, moto's
        "SELECT * FROM t WHERE pk = 'a' AND sk > 1 AND sk < 5",  # two sort key ranges
        "SELECT * FROM t WHERE pk = 'a' AND sk = 1 AND sk > 0",  # an equality and a range
        'SELECT * FROM "t"."index" WHERE pk = \'a\'',
        "SELECT a.b[0] FROM t WHERE pk = 'a'",  # a path ending in a list index
        "SELECT * FROM t WHERE pk = 'a' ORDER BY x",  # not the sort key
        "SELECT * FROM t WHERE pk IN ['a', 'b'] ORDER BY sk DESC",
    ],
)
def test_selects_left_to_moto(statement):
    from localstack.services.dynamodb.partiql_reads import translate_select

    assert translate_select({"Statement": statement}, ["pk", "sk"]) is None


def test_select_document_paths_project_and_answer_under_their_last_name():
    from localstack.services.dynamodb.partiql_reads import answered_items, translate_select

    statement = "SELECT a.b, l[3].c, \"x\" FROM t WHERE pk = 'a'"
    (query,) = translate_select({"Statement": statement}, ["pk"])
    assert query["ProjectionExpression"] == "#n0.#n1, #n2[3].#n3, #n4"
    item = {
        "a": {"M": {"b": {"S": "B"}}},
        "l": {"L": [{"M": {"c": {"N": "3"}}}]},  # the projection keeps only l[3]: it comes first
    }
    assert answered_items(statement, [item, {}]) == [{"b": {"S": "B"}, "c": {"N": "3"}}, {}]


def test_select_of_several_partitions_is_one_query_each():
    from localstack.services.dynamodb.partiql_reads import translate_select

    queries = translate_select({"Statement": "SELECT * FROM t WHERE pk IN ['a', 'b']"}, ["pk"])
    assert [list(q["ExpressionAttributeValues"].values()) for q in queries] == [[{"S": "a"}], [{"S": "b"}]]
    several = {"Statement": "SELECT * FROM t WHERE pk IN ['a', 'b']", "Limit": 5}
    assert translate_select(several, ["pk"]) is None  # one page spans one item collection
    (query,) = translate_select({"Statement": "SELECT * FROM t WHERE pk = 'a'", "Limit": 5}, ["pk"])
    assert query["Limit"] == 5


def test_select_sort_key_range_order_and_token():
    from localstack.services.dynamodb.partiql_reads import read_token, translate_select, write_token

    statement = "SELECT * FROM t WHERE pk = 'a' AND sk BETWEEN 1 AND 3 AND x <> 2 ORDER BY sk DESC"
    last = {"pk": {"S": "a"}, "sk": {"N": "2"}}
    body = {"Statement": statement, "NextToken": write_token(last)}
    (query,) = translate_select(body, ["pk", "sk"])
    resolved = query["KeyConditionExpression"]
    for placeholder, name in query["ExpressionAttributeNames"].items():
        resolved = resolved.replace(placeholder, name)
    assert resolved.startswith("pk = ") and " AND sk BETWEEN " in resolved
    assert "<>" in query["FilterExpression"]
    assert query["ScanIndexForward"] is False
    assert query["ExclusiveStartKey"] == last == read_token(write_token(last))
    assert read_token("someone-else's-token") is None
    # A token this runner did not write leaves the statement to moto's engine.
    assert translate_select({"Statement": statement, "NextToken": "abc"}, ["pk", "sk"]) is None
