"""DynamoDB's value rules without sockets: canonical numbers, capacity units, projections of updated
paths, and legacy OR conditions rewritten as expressions."""

from __future__ import annotations

import pytest

from localstack.services.dynamodb import capacity, legacy_conditions, return_values
from localstack.services.dynamodb.attribute_values import canonical_number, canonical_numbers


@pytest.mark.parametrize(
    "text,canonical",
    [
        ("0000012345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
        ("-00001.23456789012345678901234567890123456780000", "-1.2345678901234567890123456789012345678"),
        ("-0015.789e6", "-15789000"),
        ("1.50", "1.5"),
        ("-0.00", "0"),
        ("1e2", "100"),
    ],
)
def test_numbers_become_canonical(text, canonical):
    assert canonical_number(text) == canonical


def test_canonical_numbers_rewrite_nested_values_in_place():
    body = {"Item": {"a": {"N": "01"}, "b": {"L": [{"NS": ["1.0", "2"]}, {"M": {"c": {"N": "3e0"}}}]}}}
    assert canonical_numbers(body)
    assert body == {"Item": {"a": {"N": "1"}, "b": {"L": [{"NS": ["1", "2"]}, {"M": {"c": {"N": "3"}}}]}}}
    assert not canonical_numbers(body)


def test_capacity_units_round_up_per_unit():
    assert capacity.read_units(0, consistent=False) == 0.5
    assert capacity.read_units(4096, consistent=True) == 1.0
    assert capacity.read_units(4097, consistent=False) == 1.0
    assert capacity.write_units(1025) == 2.0


def test_updated_paths_project_like_a_projection_expression():
    item = {"a": {"N": "1"}, "l": {"L": [{"S": "0"}, {"S": "1"}, {"S": "2"}]}, "m": {"M": {"x": {"N": "1"}}}}
    projected = return_values.project(item, [["l", 2], ["l", 0], ["m", "x"], ["missing"]])
    assert projected == {"l": {"L": [{"S": "0"}, {"S": "2"}]}, "m": {"M": {"x": {"N": "1"}}}}
    assert return_values.answer("UPDATED_NEW", None, {}, [["a"]]) is None


def test_or_joined_legacy_conditions_become_an_expression():
    body = {
        "TableName": "t",
        "ConditionalOperator": "OR",
        "Expected": {
            "a": {"Value": {"S": "x"}},
            "b": {"Exists": False},
            "c": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}, {"N": "2"}]},
        },
    }
    rewritten = legacy_conditions.rewrite_or_conditions(body)
    assert rewritten["ConditionExpression"] == (
        "(#legacy0 = :legacy0) OR (attribute_not_exists(#legacy1)) OR "
        "(#legacy2 BETWEEN :legacy1 AND :legacy2)"
    )
    assert rewritten["ExpressionAttributeNames"] == {"#legacy0": "a", "#legacy1": "b", "#legacy2": "c"}
    assert "Expected" not in rewritten and "ConditionalOperator" not in rewritten
    assert legacy_conditions.rewrite_or_conditions({**body, "ConditionalOperator": "AND"}) is None
